/// Text search over 1,000,000 customers without reading them all: a trigram full-text index (SQLite's FTS5) of each
/// customer's name, external id, email and company, kept by triggers, so `text=` finds the few customers that contain
/// a rare string by index instead of a `LIKE` over every row. The index only narrows the search: the list still
/// applies the same `LIKE` conditions to what it finds, so results are exactly what they were.
///
/// The index's rowid encodes the customer's key — workspace id × 2⁴⁰ + customer id — so it survives a `VACUUM`
/// (which may renumber the customers table's own rowids) and a workspace's customers are one rowid range.
/// The fields are joined with U+0001, which no search contains, so no match spans two fields.
///
/// PostgreSQL: nothing yet — its search is the `LIKE` scan (a `pg_trgm` GIN index is the way there; it needs the
/// extension installed by the database's owner, which a migration cannot assume).
struct M015CustomerSearch: Migration {
    let version = 15
    let name = "customer search"
    static let body = "lower(COALESCE(NEW.name, '') || char(1) || COALESCE(NEW.external_id, '') || char(1) || COALESCE(NEW.email, '') || char(1) || COALESCE(NEW.company, ''))"
    static let key = "NEW.workspace_id * 1099511627776 + NEW.id"
    let postgresStatements: [String]? = []
    let statements = [
        // A table that keeps its text (about 100 bytes a customer): a contentless one would need SQLite 3.43's
        // contentless_delete, and the benchmark scripts write rows with the system's SQLite (3.40 on Debian 12).
        "CREATE VIRTUAL TABLE customer_search USING fts5(body, tokenize = 'trigram')",
        "CREATE TRIGGER customer_search_insert AFTER INSERT ON customers BEGIN INSERT INTO customer_search (rowid, body) VALUES (\(key), \(body)); END",
        """
        CREATE TRIGGER customer_search_update AFTER UPDATE OF workspace_id, id, name, external_id, email, company ON customers BEGIN
          DELETE FROM customer_search WHERE rowid = OLD.workspace_id * 1099511627776 + OLD.id;
          INSERT INTO customer_search (rowid, body) VALUES (\(key), \(body)); END
        """,
        "CREATE TRIGGER customer_search_delete AFTER DELETE ON customers BEGIN DELETE FROM customer_search WHERE rowid = OLD.workspace_id * 1099511627776 + OLD.id; END",
        "INSERT INTO customer_search (rowid, body) SELECT \(key.replacingOccurrences(of: "NEW.", with: "")), \(body.replacingOccurrences(of: "NEW.", with: "")) FROM customers",
    ]
}
