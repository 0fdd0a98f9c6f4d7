import ArgumentParser
import Foundation
import PaladinServer
import PaladinStore

struct MembersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "Add members to a workspace and list them.",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member to the workspace with a role; a new member's password is read from stdin.",
            discussion: "Roles: owner, manager, agent (works their own customers), viewer (reads). An existing member gets the role in this workspace and keeps their password unless --password-stdin is given.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Sign-in email.") var email: String
        @Option(help: "owner, manager, agent or viewer.") var role: String
        @Option(help: "Display name (default: the email).") var name: String?
        @Flag(help: "Read the password from stdin (one line; at least 8 characters).") var passwordStdin = false

        func run() async throws {
            guard let memberRole = MemberRole(rawValue: role) else {
                Output.error("--role: '\(role)' is not one of owner, manager, agent, viewer")
                throw ExitCode.failure
            }
            let password = passwordStdin ? Self.readPassword() : nil
            let (member, created) = try await global.withDatabase { database in
                try await Access(database: database).addMember(
                    email: email, name: name, password: password, role: memberRole, workspace: global.workspaceKey,
                    hasher: BcryptPasswordHasher())
            }
            Output.line("\(created ? "added" : "updated") member \(member.email) as \(memberRole.rawValue) of workspace '\(global.workspaceKey)'")
        }

        static func readPassword() -> String {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            var text = String(decoding: data, as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return text
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the workspace's members and their roles.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let members = try await global.withDatabase { database in
                guard let workspace = try await WorkspaceStore(database.sql).find(key: global.workspaceKey) else {
                    throw PaladinError.notFound("no workspace '\(global.workspaceKey)' in this database")
                }
                return try await MemberStore(database.sql).list(workspace: workspace.id)
            }
            Output.rows(.table, ["email", "name", "role"], members.map { [$0.0.email, $0.0.name, $0.1.rawValue] })
        }
    }
}
