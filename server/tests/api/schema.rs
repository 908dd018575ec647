//! The two dialects cannot drift: the SQLite and the PostgreSQL migrations, applied to fresh
//! databases as the server applies them, must create the same tables, the same columns (name,
//! coarse type, nullability), the same primary keys and the same indexes (name, uniqueness,
//! partial or not, columns in order).
//!
//! SQLite keeps the audit log in a file of its own (`migrations/sqlite-audit`), so its side is
//! the union of both files; PostgreSQL keeps everything in one schema. sqlx's own
//! `_sqlx_migrations` and SQLite's internal tables are left out, and so is the audit file's
//! `audit_prune_permit`: SQLite has no roles, so the retention job's guarded deletion of old
//! audit rows is a permit row there, where PostgreSQL has its owner role and a setting
//! (migrations sqlite-audit/0003, postgres/0017; `retention::only_the_retention_job_…`).
//!
//! Two differences of the dialects themselves are not drift and are evened out:
//! - an index that backs a `UNIQUE` constraint has a made-up name in each (SQLite's
//!   `sqlite_autoindex_<table>_<n>`, PostgreSQL's `<table>_<columns>_key`), so it is compared
//!   by its table and columns;
//! - SQLite's catalogue reports a primary-key column without `NOT NULL` as nullable, where
//!   PostgreSQL makes every key column `NOT NULL`; key columns count as `NOT NULL` on both
//!   sides, and the keys themselves are compared on their own.

use crate::common::migrated_database;
use app::backend::db::{Db, DbKind};
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

/// What a schema holds, as `what → its description`: "table t" → "", "column t.c" →
/// "text NOT NULL", "primary key of t" → "(a, b)", "index i" → "on t (a, b) unique",
/// "unique constraint on t (a, b)" → "".
type Catalogue = BTreeMap<String, String>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgresql_migrations_create_the_same_schema() {
    let (sqlite, _sqlite_files) = migrated_database(DbKind::Sqlite).await;
    let (postgres, _postgres_schema) = migrated_database(DbKind::Postgres).await;
    let lite = sqlite_catalogue(&sqlite).await;
    let pg = postgres_catalogue(&postgres).await;
    // A reader that finds nothing would make any two dialects look alike.
    for (dialect, catalogue) in [("SQLite", &lite), ("PostgreSQL", &pg)] {
        for table in ["assessments", "audit_log", "users"] {
            assert!(
                catalogue.contains_key(&format!("table {table}")),
                "{dialect}'s catalogue lacks {table}: {catalogue:#?}"
            );
        }
    }
    let differences = differences(&lite, &pg);
    assert!(
        differences.is_empty(),
        "the SQLite and PostgreSQL migrations differ:\n  {}",
        differences.join("\n  ")
    );
}

/// Every entry that is in one catalogue only or described differently, one line each.
fn differences(sqlite: &Catalogue, postgres: &Catalogue) -> Vec<String> {
    let mut out = Vec::new();
    let describe = |d: &str| {
        if d.is_empty() {
            String::new()
        } else {
            format!(" ({d})")
        }
    };
    for (what, lite) in sqlite {
        match postgres.get(what) {
            None => out.push(format!("{what}{}: only in SQLite", describe(lite))),
            Some(pg) if pg != lite => {
                out.push(format!("{what}: SQLite has {lite}, PostgreSQL has {pg}"))
            }
            Some(_) => {}
        }
    }
    for (what, pg) in postgres {
        if !sqlite.contains_key(what) {
            out.push(format!("{what}{}: only in PostgreSQL", describe(pg)));
        }
    }
    out
}

fn column(class: &str, not_null: bool) -> String {
    format!("{class} {}", if not_null { "NOT NULL" } else { "NULL" })
}

fn index(table: &str, columns: &[String], unique: bool, partial: bool) -> String {
    let mut text = format!("on {table} ({})", columns.join(", "));
    if unique {
        text.push_str(" unique");
    }
    if partial {
        text.push_str(" partial");
    }
    text
}

/// SQLite's type affinity of a declared type (https://sqlite.org/datatype3.html, 3.1).
fn sqlite_class(declared: &str) -> String {
    let t = declared.to_uppercase();
    let class = if t.contains("INT") {
        "integer"
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        "text"
    } else if t.is_empty() || t.contains("BLOB") {
        "blob"
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        "real"
    } else {
        "numeric"
    };
    class.to_owned()
}

/// The same classes for PostgreSQL's types; any other type keeps its own name, so that it
/// shows as a difference instead of passing for one of them.
fn postgres_class(data_type: &str) -> String {
    match data_type {
        "text" | "character varying" | "character" => "text",
        "smallint" | "integer" | "bigint" => "integer",
        "real" | "double precision" => "real",
        "bytea" => "blob",
        other => other,
    }
    .to_owned()
}

const SQLITE_TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' \
     AND name NOT LIKE 'sqlite%' AND name NOT IN ('_sqlx_migrations', 'audit_prune_permit') \
     ORDER BY name";

/// Both SQLite files together: the database and the audit log's file.
async fn sqlite_catalogue(db: &Db) -> Catalogue {
    let mut catalogue = Catalogue::new();
    for pool in [db.pool(), db.audit_pool()] {
        for (what, description) in sqlite_file_catalogue(pool).await {
            if let Some(before) = catalogue.insert(what.clone(), description) {
                panic!("{what} ({before}) is in both SQLite files");
            }
        }
    }
    catalogue
}

async fn sqlite_file_catalogue(pool: &AnyPool) -> Catalogue {
    let mut catalogue = Catalogue::new();
    let tables: Vec<String> = sqlx::query_scalar(SQLITE_TABLES)
        .fetch_all(pool)
        .await
        .expect("SQLite tables");
    for table in tables {
        catalogue.insert(format!("table {table}"), String::new());
        let columns = sqlx::query(&format!(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}') ORDER BY cid"
        ))
        .fetch_all(pool)
        .await
        .expect("SQLite columns");
        let mut key: Vec<(i64, String)> = Vec::new();
        for row in columns {
            let (name, declared): (String, String) = (row.get(0), row.get(1));
            let (not_null, pk): (i64, i64) = (row.get(2), row.get(3));
            catalogue.insert(
                format!("column {table}.{name}"),
                column(&sqlite_class(&declared), not_null != 0 || pk > 0),
            );
            if pk > 0 {
                key.push((pk, name));
            }
        }
        if !key.is_empty() {
            key.sort();
            let key: Vec<String> = key.into_iter().map(|(_, name)| name).collect();
            catalogue.insert(
                format!("primary key of {table}"),
                format!("({})", key.join(", ")),
            );
        }
        let indexes = sqlx::query(&format!(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}')"
        ))
        .fetch_all(pool)
        .await
        .expect("SQLite indexes");
        for row in indexes {
            let (name, origin): (String, String) = (row.get(0), row.get(2));
            let (unique, partial): (i64, i64) = (row.get(1), row.get(3));
            if origin == "pk" {
                continue; // compared as the primary key
            }
            let columns: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"
            ))
            .fetch_all(pool)
            .await
            .expect("SQLite index columns");
            if origin == "u" {
                catalogue.insert(
                    format!("unique constraint on {table} ({})", columns.join(", ")),
                    String::new(),
                );
            } else {
                catalogue.insert(
                    format!("index {name}"),
                    index(&table, &columns, unique != 0, partial != 0),
                );
            }
        }
    }
    catalogue
}

/// The test's own schema of the PostgreSQL database (the connection's search path).
async fn postgres_catalogue(db: &Db) -> Catalogue {
    let pool = db.pool();
    let mut catalogue = Catalogue::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
         AND table_name <> '_sqlx_migrations' ORDER BY table_name",
    )
    .fetch_all(pool)
    .await
    .expect("PostgreSQL tables");
    for table in &tables {
        catalogue.insert(format!("table {table}"), String::new());
    }
    let columns = sqlx::query(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable::text \
         FROM information_schema.columns c JOIN information_schema.tables t \
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
           AND c.table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .expect("PostgreSQL columns");
    for row in columns {
        let (table, name, data_type, nullable): (String, String, String, String) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        catalogue.insert(
            format!("column {table}.{name}"),
            column(&postgres_class(&data_type), nullable == "NO"),
        );
    }
    // One row per column of each index, in the index's order.
    let rows = sqlx::query(
        "SELECT t.relname::text, i.relname::text, ix.indisunique, ix.indisprimary, \
                (ix.indpred IS NOT NULL), \
                EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid \
                        AND c.conrelid = t.oid AND c.contype = 'u'), \
                a.attname::text \
         FROM pg_index ix \
         JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
         WHERE n.nspname = current_schema() AND t.relname <> '_sqlx_migrations' \
           AND k.ord <= ix.indnkeyatts \
         ORDER BY t.relname, i.relname, k.ord",
    )
    .fetch_all(pool)
    .await
    .expect("PostgreSQL indexes");
    struct Found {
        table: String,
        unique: bool,
        primary: bool,
        partial: bool,
        constraint: bool,
        columns: Vec<String>,
    }
    let mut indexes: BTreeMap<String, Found> = BTreeMap::new();
    for row in rows {
        let name: String = row.get(1);
        let found = indexes.entry(name).or_insert_with(|| Found {
            table: row.get(0),
            unique: row.get(2),
            primary: row.get(3),
            partial: row.get(4),
            constraint: row.get(5),
            columns: Vec::new(),
        });
        found.columns.push(row.get(6));
    }
    for (name, found) in indexes {
        let (table, columns) = (&found.table, found.columns.join(", "));
        if found.primary {
            catalogue.insert(format!("primary key of {table}"), format!("({columns})"));
        } else if found.constraint {
            catalogue.insert(
                format!("unique constraint on {table} ({columns})"),
                String::new(),
            );
        } else {
            catalogue.insert(
                format!("index {name}"),
                index(table, &found.columns, found.unique, found.partial),
            );
        }
    }
    catalogue
}
