import Hummingbird
import Metrics
import Prometheus

/// The process's metrics: one Prometheus registry, installed as the swift-metrics backend exactly once
/// (swift-metrics allows a single bootstrap per process, and tests build many applications).
public enum ServerMetrics {
    /// The registry `/metrics` exposes.
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Score runs take seconds to minutes, beyond the default buckets.
        factory.durationHistogramBuckets[scoreRunDuration] = [1, 5, 15, 30, 60, 120, 300, 600, 1800].map { Duration.seconds($0) }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Counts moves recorded through the API, by model and kind of move.
    static func countMove(model: String, kind: String) {
        _ = registry
        Counter(label: "paladin_moves_total", dimensions: [("model", model), ("kind", kind)]).increment()
    }

    /// Counts markers recorded as met through the API, by model.
    static func countMarker(model: String) {
        _ = registry
        Counter(label: "paladin_markers_met_total", dimensions: [("model", model)]).increment()
    }

    /// Counts CSV imports through the API, by kind and outcome (`imported`, `dry_run`, `rejected`, `failed`).
    static func countImport(kind: String, outcome: String) {
        _ = registry
        Counter(label: "paladin_imports_total", dimensions: [("kind", kind), ("outcome", outcome)]).increment()
    }

    /// Counts rows written by API imports, by kind.
    static func countImportRows(kind: String, rows: Int) {
        _ = registry
        Counter(label: "paladin_import_rows_total", dimensions: [("kind", kind)]).increment(by: rows)
    }

    /// Counts finished background score runs, by outcome (`succeeded`, `failed`).
    static func countScoreRun(outcome: String) {
        _ = registry
        Counter(label: "paladin_score_runs_total", dimensions: [("outcome", outcome)]).increment()
    }

    static let scoreRunDuration = "paladin_score_run_duration_seconds"

    /// Records how long a background score run took, start to end.
    static func recordScoreRunDuration(_ duration: Duration) {
        _ = registry
        Metrics.Timer(label: scoreRunDuration).record(duration: duration)
    }

    /// Adds `GET /metrics`: the Prometheus text format (requests and latencies by route, moves, markers).
    /// It shows counts only, never customer data.
    static func addRoute<Context: RequestContext>(to router: Router<Context>) {
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}

/// Returns the request's id (the one on every log line of the request) as `X-Request-ID`, so a user's report can be
/// matched with the server's logs. The server tags each request's logger with one; where it has not, one is made here.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id: String
        if let existing = context.logger[metadataKey: "hb.request.id"] {
            id = "\(existing)"
        } else {
            id = RequestID().description
            context.logger[metadataKey: "hb.request.id"] = .string(id)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // Problems travel as errors; render them here so they carry the id too.
            response = try error.response(from: request, context: context)
        }
        response.headers[.init("X-Request-ID")!] = id
        return response
    }
}
