import PaladinCore
@testable import PaladinStore
import Testing

@Suite("Importing CSV files")
struct ImportTests {
    static let customers = """
        external_id,name,email,owner,tags,segment,region
        C-1,Ana Popescu,ana@popescu.example,giulia,b2b|VIP,gold,north
        C-2,Bogdan Ionescu,,marek,retail,,south
        C-3,Carla Rossi,carla@rossi.example,,,silver,

        """

    @Test("re-importing an unchanged file changes nothing, whatever the order of its tags")
    func unchangedReimport() async throws {
        try await withSession { session in
            // given a file whose tags are not in alphabetical order
            _ = try await session.importText(.customers, Self.customers)
            let before = try await session.customer("C-1")
            // when the same file is imported again
            let again = try await session.importText(.customers, Self.customers)
            // then nothing counts as updated and the version stays
            #expect((again.created, again.updated) == (0, 0))
            #expect(try await session.customer("C-1").version == before.version)
        }
    }

    @Test("evidence rows may name a customer without an external id by Paladin's number")
    func numericCustomerReference() async throws {
        try await withSession { session in
            // given a customer added without an external id
            let plain = try await session.addCustomer(CustomerDraft(name: "No External Id"))
            // when a purchase names it by its number
            let outcome = try await session.importText(.purchases, "customer,date,amount\n\(plain.id),2026-01-05,10.00\n")
            // then it is recorded for that customer
            #expect(outcome.imported == 1)
            #expect(try await session.detail(String(plain.id)).revenue == Money(cents: 1000))
        }
    }

    @Test("customers: rows become customers in every guided model; unknown columns become attributes")
    func importCustomers() async throws {
        try await withSession { session in
            // when
            let outcome = try await session.importText(.customers, Self.customers)
            // then
            #expect((outcome.rows, outcome.imported, outcome.created, outcome.updated) == (3, 3, 3, 0))
            #expect(outcome.rejected.isEmpty)
            let ana = try await session.customer("C-1")
            #expect(ana.name == "Ana Popescu" && ana.email == "ana@popescu.example" && ana.owner == "giulia")
            #expect(ana.tags == ["b2b", "vip"])
            #expect(ana.attributes == ["segment": "gold", "region": "north"])
            #expect(try await session.customer("C-2").attributes == ["region": "south"])
            #expect(try await session.position(of: "C-3", in: "customer-journey")?.stage == "assess")
            #expect(try await session.verifyPositions().isEmpty)
        }
    }

    @Test("re-importing customers updates them and never duplicates")
    func reimportUpdates() async throws {
        try await withSession { session in
            // given
            try await session.importText(.customers, Self.customers)
            let before = try await Counts(session)
            // when: the same file again, then a changed one
            let same = try await session.importText(.customers, Self.customers)
            let changed = try await session.importText(.customers, """
                external_id,name,email,segment
                C-1,Ana Popescu-Marin,ana@marin.example,platinum
                C-4,Dan Marin,,
                """)
            // then
            #expect((same.created, same.updated) == (0, 0))
            #expect((changed.created, changed.updated) == (1, 1))
            #expect(try await Counts(session).customers == before.customers + 1)
            let ana = try await session.customer("C-1")
            #expect(ana.name == "Ana Popescu-Marin" && ana.email == "ana@marin.example")
            #expect(ana.owner == "giulia" && ana.tags == ["b2b", "vip"])
            #expect(ana.attributes == ["segment": "platinum", "region": "north"])
            #expect(ana.version == 2)
            #expect(try await session.customers(CustomerQuery(text: "popescu")).count == 1)
        }
    }

    @Test("purchases, costs and surveys are attached to the customers by external id")
    func importEvidence() async throws {
        try await withSession { session in
            // given
            try await session.importText(.customers, Self.customers)
            // when
            let purchases = try await session.importText(.purchases, """
                customer,date,amount,currency,reference
                C-1,2026-01-15,1250.50,,INV-1
                C-1,2026-02-01T10:30:00Z,99.99,RON,INV-2
                C-2,2026-03-01,0,EUR,
                """)
            let costs = try await session.importText(.costs, """
                customer,date,amount,category,note
                C-1,2026-01-20,80,support,Long call
                C-1,2026-01-21,20.25,,
                """)
            let surveys = try await session.importText(.surveys, """
                customer,date,score,comment
                C-1,2026-04-01,9,Great
                C-2,2026-04-02,3,
                """)
            // then
            #expect((purchases.imported, costs.imported, surveys.imported) == (3, 2, 2))
            let detail = try await session.detail("C-1")
            #expect(detail.revenue == Money(cents: 125_050 + 9_999))
            #expect(detail.cost == Money(cents: 10_025))
            #expect(detail.profit == Money(cents: 125_050 + 9_999 - 10_025))
            #expect(detail.lastScore == 9)
            #expect(Set(detail.purchases.map(\.currency)) == ["EUR", "RON"])
            #expect(Set(detail.costs.map(\.category)) == [.support, .other])
            let counts = try await Counts(session)
            #expect((counts.purchases, counts.costs, counts.surveys) == (3, 2, 2))
        }
    }

    @Test("interactions record their markers and follow-ups, and the markers open the gate")
    func importInteractions() async throws {
        try await withSession { session in
            // given
            try await session.importText(.customers, Self.customers)
            // when
            let outcome = try await session.importText(.interactions, """
                customer,date,channel,kind,summary,markers,decision,follow_up
                C-1,2026-05-01,phone,call,Talked about needs,customer-journey:expectations-stated customer-journey:alternatives-named,,2026-06-10
                C-2,2026-05-02,email,message,Sent the brochure,,Will think,
                C-1,2026-05-03,in_person,meeting,Visited,buying-process:need-stated,,
                """)
            // then
            #expect(outcome.imported == 3)
            let counts = try await Counts(session)
            #expect((counts.interactions, counts.markers, counts.followUps) == (3, 3, 1))
            let followUp = try #require(try await session.followUps().first)
            #expect(followUp.due == CivilDate(iso: "2026-06-10"))
            #expect(followUp.customerId == (try await session.customer("C-1").id))
            _ = try await session.move("C-1", model: "customer-journey", request: MoveRequest(to: "admit"))
            _ = try await session.move("C-1", model: "buying-process", request: MoveRequest(to: "information-search"))
            await #expect(throws: PaladinError.self) {
                _ = try await session.move("C-2", model: "customer-journey", request: MoveRequest(to: "admit"))
            }
        }
    }

    @Test("evidence for a customer that does not exist is rejected, naming the external id")
    func unknownCustomer() async throws {
        try await withSession { session in
            // given
            try await session.importText(.customers, Self.customers)
            let before = try await Counts(session)
            // when
            var thrown: (any Error)?
            do {
                try await session.importText(.purchases, "customer,date,amount\nC-9,2026-01-01,5\n", source: "sales.csv")
            } catch { thrown = error }
            // then
            let rejected = try #require(thrown as? ImportRejected)
            #expect(rejected.description.contains("sales.csv:2: customer: no customer with external id 'C-9'"))
            #expect(try await Counts(session) == before)
        }
    }
}
