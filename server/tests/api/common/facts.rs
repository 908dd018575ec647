//! Facts read straight from the database, for arranging a test and asserting what it left.

use super::TestApp;
use app::domain::{ChildId, UnitId, UserId};
use sqlx::Row;
use std::fmt::Display;

impl TestApp {
    /// The text in the first column of the one row `sql` finds, with `arg` bound to `$1`.
    pub async fn scalar_text(&self, sql: &str, arg: impl Display) -> String {
        sqlx::query(sql)
            .bind(arg.to_string())
            .fetch_one(self.db.pool())
            .await
            .expect(sql)
            .get::<String, _>(0)
    }

    /// Runs a statement with `arg` bound to `$1`, to arrange what no server function sets.
    pub async fn exec(&self, sql: &str, arg: impl Display) {
        sqlx::query(sql)
            .bind(arg.to_string())
            .execute(self.db.pool())
            .await
            .expect(sql);
    }

    pub async fn count(&self, sql: &str) -> i64 {
        count_in(self.db.pool(), sql).await
    }

    /// A count from the audit log, wherever this backend keeps it (SQLite: a file of its own).
    pub async fn audit_count(&self, sql: &str) -> i64 {
        count_in(self.db.audit_pool(), sql).await
    }

    pub async fn user_id(&self, username: &str) -> UserId {
        self.scalar_text("SELECT id FROM users WHERE username = $1", username)
            .await
            .parse()
            .expect("a user id")
    }

    pub async fn unit_id(&self, name: &str) -> UnitId {
        self.scalar_text("SELECT id FROM units WHERE name = $1", name)
            .await
            .parse()
            .expect("a unit id")
    }

    /// Some child enrolled in the named group.
    pub async fn child_in_group(&self, group: &str) -> ChildId {
        self.scalar_text(
            // A child who has only ever been in this group: the demo's moved children (and
            // the one whose school start is planned) have placements elsewhere too.
            "SELECT e.child_id FROM enrolments e JOIN child_groups g ON g.id = e.group_id \
             WHERE g.name = $1 AND NOT EXISTS (SELECT 1 FROM enrolments o \
               WHERE o.child_id = e.child_id AND o.id <> e.id) \
             ORDER BY e.child_id LIMIT 1",
            group,
        )
        .await
        .parse()
        .expect("a child id")
    }

    /// Audit rows for an action, as (user_id, child_id, criterion, outcome): a read of several
    /// children is one row naming them all (`audit_child_reads`), and counts here as one
    /// allowed row per child named, as each child's own row did before.
    pub async fn audit(
        &self,
        action: &str,
    ) -> Vec<(Option<String>, Option<String>, Option<String>, String)> {
        let mut rows: Vec<_> = sqlx::query(
            "SELECT user_id, child_id, criterion, outcome FROM audit_log WHERE action = $1 \
             ORDER BY id",
        )
        .bind(action)
        .fetch_all(self.db.audit_pool())
        .await
        .expect("audit rows")
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
        let reads = sqlx::query(
            "SELECT user_id, children FROM audit_child_reads WHERE action = $1 ORDER BY id",
        )
        .bind(action)
        .fetch_all(self.db.audit_pool())
        .await
        .expect("reads of several children");
        for read in reads {
            let user: Option<String> = read.get(0);
            let children: Vec<String> =
                serde_json::from_str(&read.get::<String, _>(1)).expect("a JSON list of ids");
            rows.extend(
                children
                    .into_iter()
                    .map(|child| (user.clone(), Some(child), None, "allowed".to_owned())),
            );
        }
        rows
    }
}

async fn count_in(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(pool)
        .await
        .expect(sql)
        .get::<i64, _>(0)
}
