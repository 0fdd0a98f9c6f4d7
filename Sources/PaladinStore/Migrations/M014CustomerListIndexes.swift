/// Indexes for listing customers at 1,000,000 of them (the Customers page, the board's columns, the API's sorts):
/// every sort the list offers is read from an index in order and cut at its page, instead of sorting the workspace —
/// name, created and updated, each with the id that breaks ties (the keyset cursors compare both); an owner's
/// customers by name (an agent's own list).
struct M014CustomerListIndexes: Migration {
    let version = 14
    let name = "customer list indexes"
    let statements = [
        "DROP INDEX customers_name",
        "CREATE INDEX customers_name ON customers (workspace_id, name, id)",
        "DROP INDEX customers_owner",
        "CREATE INDEX customers_owner ON customers (workspace_id, owner, name, id)",
        "CREATE INDEX customers_created ON customers (workspace_id, created_at, id)",
        "CREATE INDEX customers_updated ON customers (workspace_id, updated_at, id)",
    ]
}
