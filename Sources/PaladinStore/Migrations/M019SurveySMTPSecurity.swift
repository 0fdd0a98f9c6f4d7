/// The survey relay speaks to real mail providers: how it is secured (`tls_mode`: auto, starttls, tls or plain) and
/// the user name and password it signs in with. The password is kept as webhook secrets are, in the database, and is
/// never shown again. A relay set before this migration was plain SMTP without authentication: it stays `plain`.
/// Numbered 19: 17 and 18 may be taken by work landing beside it. Plain SQL that SQLite and PostgreSQL both accept.
struct M019SurveySMTPSecurity: Migration {
    let version = 19
    let name = "survey smtp security"
    let statements = [
        "ALTER TABLE survey_smtp ADD COLUMN tls_mode TEXT NOT NULL DEFAULT 'plain'",
        "ALTER TABLE survey_smtp ADD COLUMN user_name TEXT",
        "ALTER TABLE survey_smtp ADD COLUMN password TEXT",
    ]
}
