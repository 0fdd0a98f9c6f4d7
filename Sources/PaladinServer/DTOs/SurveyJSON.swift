import Foundation
import PaladinStore

/// The API's JSON of campaigns and results, for the command line (`paladin surveys … --format json`).
public enum SurveyJSON {
    /// `GET /api/v1/surveys/{id}`'s body.
    public static func results(_ results: SurveyResults) -> String { encode(SurveyDetailView(results)) }
    /// `GET /api/v1/surveys`'s body.
    public static func list(_ summaries: [SurveyCampaignSummary]) -> String { encode(SurveyCampaignList(items: summaries.map(SurveyCampaignView.init))) }
    /// The JSON of `POST /api/v1/surveys/{id}/links`.
    public static func links(_ links: [IssuedSurveyLink], kept: Int, base: String) -> String {
        let base = SurveyLinksCSV.base(base)
        return encode(SurveyLinkList(
            items: links.map { SurveyLinkView(customer_id: $0.customerId, external_id: $0.externalId, name: $0.name, email: $0.email, link: base + $0.path) },
            kept: kept))
    }
    /// The CSV of issued links: `customer_id,external_id,name,email,link`.
    public static func linksCSV(_ links: [IssuedSurveyLink], base: String) -> String { SurveyLinksCSV.text(links, base: SurveyLinksCSV.base(base)) }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
