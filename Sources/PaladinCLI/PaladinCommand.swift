import ArgumentParser

/// The `paladin` command: customer-journey guidance from the terminal.
public struct PaladinCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "paladin",
        abstract: "Customer-journey guidance: where every customer stands, what to do next, what the relationship is worth.",
        version: "0.1.0",
        subcommands: [
            InitCommand.self, ModelsCommand.self, CustomersCommand.self, MoveCommand.self, MarkCommand.self,
            LogCommand.self, RecordCommand.self, FollowUpsCommand.self, ImportCommand.self, ExportCommand.self,
            ScoreCommand.self, AnalyticsCommand.self, NPSCommand.self, MetricsCommand.self, RecommendationsCommand.self,
            DemoCommand.self, CheckCommand.self, ServeCommand.self, WorkspacesCommand.self, MembersCommand.self,
            TokensCommand.self, NextCommand.self, ReportCommand.self,
            SurveysCommand.self,
            BackupCommand.self, RestoreCommand.self, MigrateDatabaseCommand.self,
        ]
    )

    public init() {}
}
