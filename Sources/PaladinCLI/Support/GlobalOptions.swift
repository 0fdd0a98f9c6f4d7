import ArgumentParser
import Foundation
import PaladinCore
import PaladinStore

/// Options every command takes: where the database is, which workspace, who is acting.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Database: a file path, sqlite:PATH, :memory: or postgres://USER:PASSWORD@HOST:PORT/DB. Default: $PALADIN_DATABASE_URL, else ./paladin.sqlite.",
        valueName: "path"))
    var db: String?

    @Option(name: .long, help: "Workspace key (default: $PALADIN_WORKSPACE, else 'default').")
    var workspace: String?

    @Option(name: .long, help: "Who is acting, recorded on moves and evidence (default: $PALADIN_ACTOR, else $USER).")
    var actor: String?

    public init() {}

    /// Flag, then environment, then default.
    var location: String {
        db ?? ProcessInfo.processInfo.environment["PALADIN_DATABASE_URL"] ?? "./paladin.sqlite"
    }

    var workspaceKey: String {
        workspace ?? ProcessInfo.processInfo.environment["PALADIN_WORKSPACE"] ?? "default"
    }

    var actorName: String {
        let environment = ProcessInfo.processInfo.environment
        return actor ?? environment["PALADIN_ACTOR"] ?? environment["USER"] ?? "cli"
    }

    /// Opens the database (refusing missing, corrupt or foreign files unless `create`), runs `body`, closes it.
    func withDatabase<T>(create: Bool = false, _ body: (PaladinDatabase) async throws -> T) async throws -> T {
        try await CommandFailure.mapping {
            let database = try await PaladinDatabase.open(try DatabaseLocation(parsing: location), create: create)
            do {
                let result = try await body(database)
                await database.close()
                return result
            } catch {
                await database.close()
                throw error
            }
        }
    }

    /// Opens the database and the workspace, runs `body`, closes the database.
    func withSession<T>(_ body: (WorkspaceSession) async throws -> T) async throws -> T {
        try await withDatabase { database in
            let session = try await WorkspaceSession.open(database, workspace: workspaceKey, actor: actorName)
            return try await body(session)
        }
    }
}

/// Turns every failure a user can cause into one clear message on stderr and a non-zero exit code.
enum CommandFailure {
    /// Exit code for a move the rules refused.
    static let refused: Int32 = 3

    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PaladinError {
            Output.error(error.description)
            if case .refused = error { throw ExitCode(refused) }
            throw ExitCode.failure
        } catch let error as StoreError {
            Output.error(error.description)
            throw ExitCode.failure
        } catch let error as BackupError {
            Output.error(error.description)
            throw ExitCode.failure
        } catch let error as ImportRejected {
            Output.error(error.description)
            throw ExitCode.failure
        } catch let error as UserInputError {
            Output.error(error.message)
            throw ExitCode.failure
        } catch let error as FileProblems {
            FileHandle.standardError.write(Data(error.text.split(separator: "\n").map { "error: \($0)\n" }.joined().utf8))
            throw ExitCode.failure
        } catch let error as ExitCode {
            throw error
        } catch {
            Output.error("unexpected failure: \(error)")
            throw ExitCode.failure
        }
    }
}

/// A bad value given on the command line, named by its option.
struct UserInputError: Error {
    let message: String
    init(_ option: String, _ problem: String) { self.message = "\(option): \(problem)" }
}

/// Output formats of read commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
