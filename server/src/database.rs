//! Opening the database at start: the migrations, and on PostgreSQL which role may do what.
//!
//! SECURITY L2: the audit log's triggers refuse changes, but the table's owner (or a
//! superuser) can drop or disable them, or drop the table. A server that migrates its own
//! schema owns it, so one SQL injection would be enough to rewrite the log. With an owner URL
//! the roles are two: the owner applies the migrations, owns every table and grants the
//! application's role what the app does and no more; the application's role owns nothing.
//! The retention job prunes the log as the owner, never as the application
//! (`crate::retention::audit_pruner`, SECURITY R3).

use crate::migrate;
use anyhow::{bail, Context};
use app::backend::db::{Db, DbKind};
use sqlx::{AnyPool, Connection, Executor, Row};

/// Connects to `url`, applies the migrations, and hands back the application's database.
///
/// With `owner_url` (PostgreSQL only) the migrations and the grants run as the owner, and the
/// start fails unless the application's role then cannot change the audit log. Without it,
/// `url`'s role migrates as before, and on PostgreSQL a warning says what that role can do.
/// `schema` is for the tests: every connection works in that PostgreSQL schema.
pub async fn open(
    url: &str,
    owner_url: Option<&str>,
    schema: Option<String>,
) -> anyhow::Result<Db> {
    if let Some(main) = app::backend::db::sqlite_path(url) {
        check_existing_sqlite(&main).await?;
    }
    let Some(owner_url) = owner_url else {
        let db = Db::connect(url, schema)
            .await
            .context("connecting to the database")?;
        migrate::run(&db).await.context("applying migrations")?;
        if db.kind() == DbKind::Postgres {
            let standing = AppRole::inspect(db.pool())
                .await
                .context("reading what the database role may do to the audit log")?;
            if let Some(warning) = standing.warning() {
                tracing::warn!("{warning}");
            }
        }
        return Ok(db);
    };
    if !is_postgres(url) || !is_postgres(owner_url) {
        bail!(
            "--database-owner-url is for PostgreSQL: it and --database-url must both be \
             postgres:// URLs (on SQLite the audit log is a file of its own)"
        );
    }
    sqlx::any::install_default_drivers();
    // The application's role by its own word, not by parsing the URL (PGUSER, a service
    // file or a proxy may decide it). Its pool opens only once its rights are in place.
    let app_role = current_user(url)
        .await
        .context("connecting as the application's role (--database-url)")?;
    let owner = Db::connect(owner_url, schema.clone())
        .await
        .context("connecting as the owner (--database-owner-url)")?;
    let prepared = prepare_as_owner(&owner, &app_role).await;
    owner.close().await;
    let owner_schema = prepared?;
    let db = Db::connect(url, schema)
        .await
        .context("connecting to the database")?;
    if let Err(refused) = check_app_role(&db, &app_role, &owner_schema).await {
        db.close().await;
        return Err(refused);
    }
    Ok(db)
}

/// A server must not start on a damaged SQLite file (one copied with `cp` while another server
/// wrote to it, say): its answers would be wrong or fail at random. Each existing file of the
/// two gets SQLite's `quick_check` first; a new installation has none yet.
async fn check_existing_sqlite(main: &std::path::Path) -> anyhow::Result<()> {
    for file in [
        main.to_path_buf(),
        app::backend::db::sqlite_audit_path(main),
    ] {
        if file.exists() {
            crate::backup::check_sqlite_file(&file, crate::backup::Check::Quick)
                .await
                .context(
                    "the database is damaged and Tværs does not start on it: restore the last \
                     backup with `tvaers restore --from DIR` (a copy made with cp while the \
                     server ran is no backup; docs/OPERATIONS.md, Backup and restore)",
                )?;
        }
    }
    Ok(())
}

/// With an owner URL: the application's role works where the owner migrated, and can do no
/// more to the audit log than read and append.
async fn check_app_role(db: &Db, app_role: &str, owner_schema: &str) -> anyhow::Result<()> {
    let app_schema: Option<String> = sqlx::query_scalar("SELECT current_schema()::text")
        .fetch_one(db.pool())
        .await?;
    if app_schema.as_deref() != Some(owner_schema) {
        bail!(
            "the owner migrated schema {owner_schema:?}, but the application's role {app_role:?} \
             works in {app_schema:?}: give both roles the same search_path"
        );
    }
    let standing = AppRole::inspect(db.pool())
        .await
        .context("reading what the application's role may do to the audit log")?;
    if let Some(warning) = standing.warning() {
        bail!("{warning}. With --database-owner-url the server does not start so");
    }
    Ok(())
}

/// The owner's part: migrations, then the grants. Answers the schema it worked in.
async fn prepare_as_owner(owner: &Db, app_role: &str) -> anyhow::Result<String> {
    let owner_role: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(owner.pool())
        .await?;
    if owner_role == app_role {
        bail!(
            "--database-owner-url and --database-url both connect as {app_role:?}; the \
             application needs a role of its own that owns nothing"
        );
    }
    migrate::run(owner)
        .await
        .context("applying migrations as the owner")?;
    grant_to_app_role(owner.pool(), app_role)
        .await
        .with_context(|| format!("granting the application's role {app_role:?} its rights"))
}

/// Run by the owner after every migration (a new table gets its grants at the next start):
/// the application's role may use the schema, read and write the ordinary tables and draw ids
/// from their sequences; on the audit tables (`audit_log` and every table whose name begins
/// `audit_`) it may only read and append. No TRUNCATE, REFERENCES
/// or TRIGGER anywhere, no UPDATE of a sequence (so no `setval`), nothing on sqlx's own
/// migration table, no CREATE in the schema. What the owner granted before is revoked first,
/// in the same transaction, so a right it granted by hand or in an older version does not
/// linger, and a running server of the same role never sees its rights missing. (A right
/// another role granted stays; on the audit log, `open` refuses to start with it.) Answers the
/// schema (`current_schema()`).
pub async fn grant_to_app_role(owner: &AnyPool, app_role: &str) -> Result<String, sqlx::Error> {
    let mut tx = owner.begin().await?;
    // Several instances starting at once on one database (issue 18 item 7) would otherwise
    // revoke and grant on the same catalogue rows side by side, and PostgreSQL refuses one
    // with "tuple concurrently updated": one at a time, each inside its own transaction.
    tx.execute("SELECT 1 FROM (SELECT pg_advisory_xact_lock(7436101)) AS locked")
        .await?;
    let schema: String = sqlx::query_scalar("SELECT current_schema()::text")
        .fetch_one(&mut *tx)
        .await?;
    // The schema's tables and sequences by name, read once: `ON ALL TABLES IN SCHEMA` reads
    // the whole catalogue for each statement, which is slow where it has grown large.
    let relations = sqlx::query(
        "SELECT c.relname::text, c.relkind = 'S' FROM pg_class c \
         WHERE c.relnamespace = current_schema()::regnamespace \
           AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') ORDER BY 1",
    )
    .fetch_all(&mut *tx)
    .await?;
    let (mut tables, mut ordinary, mut sequences) = (Vec::new(), Vec::new(), Vec::new());
    let (mut audit, mut migrations) = (Vec::new(), Vec::new());
    for row in relations {
        let (name, is_sequence): (String, bool) = (row.try_get(0)?, row.try_get(1)?);
        let qualified = format!("{}.{}", quote_ident(&schema), quote_ident(&name));
        if is_sequence {
            sequences.push(qualified);
        } else {
            if name.starts_with("audit_") {
                audit.push(qualified.clone());
            } else if name == "_sqlx_migrations" {
                migrations.push(qualified.clone());
            } else {
                ordinary.push(qualified.clone());
            }
            tables.push(qualified);
        }
    }
    let (s, role) = (quote_ident(&schema), quote_ident(app_role));
    let mut statements = vec![
        format!("REVOKE CREATE ON SCHEMA {s} FROM {role}"),
        format!("GRANT USAGE ON SCHEMA {s} TO {role}"),
    ];
    // Revoke before grant, so the grants below are all the role keeps.
    if !tables.is_empty() {
        statements.push(format!(
            "REVOKE ALL ON TABLE {} FROM {role}",
            tables.join(", ")
        ));
    }
    if !sequences.is_empty() {
        let list = sequences.join(", ");
        statements.push(format!("REVOKE ALL ON SEQUENCE {list} FROM {role}"));
        statements.push(format!("GRANT USAGE ON SEQUENCE {list} TO {role}"));
    }
    if !ordinary.is_empty() {
        statements.push(format!(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {} TO {role}",
            ordinary.join(", ")
        ));
    }
    statements.push(format!(
        "GRANT SELECT, INSERT ON TABLE {} TO {role}",
        audit.join(", ")
    ));
    // Read only: `/readyz` tells whether every migration of the running build is applied;
    // only the owner migrates.
    if !migrations.is_empty() {
        statements.push(format!(
            "GRANT SELECT ON TABLE {} TO {role}",
            migrations.join(", ")
        ));
    }
    for statement in statements {
        tx.execute(statement.as_str()).await?;
    }
    tx.commit().await?;
    Ok(schema)
}

/// What the connected role can do to the audit log beyond reading and appending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppRole {
    pub name: String,
    pub powers: Vec<Power>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Power {
    /// Bypasses every check, the triggers' owner checks included.
    Superuser,
    /// Owns `audit_log`, or is a member of the role that does: may drop or disable its
    /// triggers, or drop the table.
    OwnsAuditLog,
    /// Owns the schema (on PostgreSQL 15 the database's owner owns `public`): may drop the
    /// schema with the table in it, whoever owns the table.
    OwnsSchema,
    /// Holds UPDATE, DELETE or TRUNCATE on `audit_log` (only the triggers stand in the way).
    MayChangeRows,
}

impl AppRole {
    /// Asks PostgreSQL, as the pool's role, about the `audit_log` on its search path.
    pub async fn inspect(pool: &AnyPool) -> Result<AppRole, sqlx::Error> {
        let row = sqlx::query(
            "SELECT current_user::text, \
                    COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false), \
                    pg_has_role(current_user, c.relowner, 'MEMBER'), \
                    pg_has_role(current_user, n.nspowner, 'MEMBER'), \
                    has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE') \
                      OR has_table_privilege(c.oid, 'TRUNCATE') \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.oid = 'audit_log'::regclass",
        )
        .fetch_one(pool)
        .await?;
        let flags = [
            (Power::Superuser, row.try_get::<bool, _>(1)?),
            (Power::OwnsAuditLog, row.try_get(2)?),
            (Power::OwnsSchema, row.try_get(3)?),
            (Power::MayChangeRows, row.try_get(4)?),
        ];
        Ok(AppRole {
            name: row.try_get(0)?,
            powers: flags
                .into_iter()
                .filter(|(_, has)| *has)
                .map(|(p, _)| p)
                .collect(),
        })
    }

    /// The start-up warning, when the role can do more than read and append.
    pub fn warning(&self) -> Option<String> {
        if self.powers.is_empty() {
            return None;
        }
        let what: Vec<&str> = self
            .powers
            .iter()
            .map(|power| match power {
                Power::Superuser => "is a superuser",
                Power::OwnsAuditLog => "owns the audit_log table",
                Power::OwnsSchema => "owns its schema",
                Power::MayChangeRows => "holds UPDATE, DELETE or TRUNCATE on it",
            })
            .collect();
        let so = if self.powers == [Power::MayChangeRows] {
            "only the append-only triggers keep its rows"
        } else {
            "it can drop or disable the append-only triggers"
        };
        Some(format!(
            "the application role can change the audit log: the database role {:?} {}, so \
             {so}; run the migrations as another role with --database-owner-url \
             (DATABASE_OWNER_URL), see docs/SECURITY.md, L2",
            self.name,
            what.join(", ")
        ))
    }
}

async fn current_user(url: &str) -> Result<String, sqlx::Error> {
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    let role = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&mut conn)
        .await?;
    conn.close().await?;
    Ok(role)
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres:") || url.starts_with("postgresql:")
}

/// A name as a PostgreSQL identifier: in double quotes, inner ones doubled.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
