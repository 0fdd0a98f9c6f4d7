import Hummingbird
import PaladinStore

/// `/health` (the process answers) and `/ready` (the database answers too).
enum HealthRoutes {
    static func add(to router: Router<AppRequestContext>, database: PaladinDatabase) {
        router.get("/health") { _, _ in
            try Body.json(["status": "ok"])
        }
        router.get("/ready") { _, context in
            do {
                _ = try await database.sql.raw("SELECT 1 AS one").first()
                return try Body.json(["status": "ready"])
            } catch {
                context.logger.error("readiness check failed", metadata: ["error": "\(String(reflecting: error))"])
                return try Body.json(["status": "database unavailable"], status: .serviceUnavailable)
            }
        }
    }
}
