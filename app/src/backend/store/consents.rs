//! Consents (*samtykker*) as evidence: who consented to what, from where to where, until when,
//! on their phone or on a signed form, and whether it was revoked (issue 17). Rows are never
//! changed except to record a revocation.

use super::{date_text, id, parse_date};
use crate::backend::db::Conn;
use crate::domain::*;
use crate::policy::consent::ConsentFact;
use sqlx::Row;
use time::Date;

/// A consent as stored, with the names of the guardian and of whoever recorded or revoked it.
#[derive(Clone, Debug)]
pub struct ConsentRow {
    pub id: String,
    pub guardian: UserId,
    pub guardian_name: String,
    pub from_unit: UnitId,
    pub to_unit: UnitId,
    pub items: ConsentItems,
    pub valid_until: Date,
    pub evidence: ConsentEvidence,
    pub recorded_by: Option<String>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
}

impl ConsentRow {
    pub fn fact(&self) -> ConsentFact {
        ConsentFact {
            guardian: self.guardian,
            from_unit: self.from_unit,
            to_unit: self.to_unit,
            items: self.items,
            valid_until: self.valid_until,
            revoked: self.revoked_at.is_some(),
        }
    }
}

/// Every consent for the child, newest first.
pub async fn child_consents(
    conn: &mut Conn,
    child: ChildId,
) -> Result<Vec<ConsentRow>, sqlx::Error> {
    sqlx::query(
        "SELECT c.id, c.guardian_id, g.display_name AS guardian_name, c.from_unit_id, \
                c.to_unit_id, c.assessments, c.plans, c.meetings, c.description, c.valid_until, \
                c.kind, c.signed_on, c.paper_reference, r.display_name AS recorder, c.created_at, \
                c.revoked_at, v.display_name AS revoker \
           FROM consents c JOIN users g ON g.id = c.guardian_id \
           LEFT JOIN users r ON r.id = c.recorded_by LEFT JOIN users v ON v.id = c.revoked_by \
          WHERE c.child_id = $1 ORDER BY c.created_at DESC, c.id",
    )
    .bind(child.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let flag =
            |column: &str| -> Result<bool, sqlx::Error> { Ok(r.try_get::<i64, _>(column)? != 0) };
        let kind: String = r.try_get("kind")?;
        let evidence = if kind == "paper" {
            let signed_on: Option<String> = r.try_get("signed_on")?;
            let reference: Option<String> = r.try_get("paper_reference")?;
            ConsentEvidence::Paper {
                signed_on: parse_date(signed_on.as_deref().unwrap_or_default())?,
                reference: reference.unwrap_or_default(),
            }
        } else {
            ConsentEvidence::Digital
        };
        Ok(ConsentRow {
            id: r.try_get("id")?,
            guardian: id(r, "guardian_id")?,
            guardian_name: r.try_get("guardian_name")?,
            from_unit: id(r, "from_unit_id")?,
            to_unit: id(r, "to_unit_id")?,
            items: ConsentItems {
                assessments: flag("assessments")?,
                plans: flag("plans")?,
                meetings: flag("meetings")?,
                description: flag("description")?,
            },
            valid_until: parse_date(&r.try_get::<String, _>("valid_until")?)?,
            evidence,
            recorded_by: r.try_get("recorder")?,
            created_at: r.try_get("created_at")?,
            revoked_at: r.try_get("revoked_at")?,
            revoked_by: r.try_get("revoker")?,
        })
    })
    .collect()
}

/// One consent to store.
pub struct NewConsent<'a> {
    pub child: ChildId,
    pub mv: &'a Move,
    pub guardian: UserId,
    pub form: &'a ConsentForm,
    /// Staff who recorded a paper consent.
    pub recorded_by: Option<UserId>,
    pub now: i64,
}

pub async fn insert(tx: &mut Conn, new: NewConsent<'_>) -> Result<(), sqlx::Error> {
    let (kind, signed_on, reference) = match &new.form.evidence {
        ConsentEvidence::Digital => ("digital", None, None),
        ConsentEvidence::Paper {
            signed_on,
            reference,
        } => (
            "paper",
            Some(date_text(*signed_on)),
            Some(reference.clone()),
        ),
    };
    let items = new.form.items;
    sqlx::query(
        "INSERT INTO consents (id, child_id, from_unit_id, to_unit_id, guardian_id, assessments, \
            plans, meetings, description, valid_until, kind, signed_on, recorded_by, \
            paper_reference, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(UserId::random().to_string())
    .bind(new.child.to_string())
    .bind(new.mv.from_unit.to_string())
    .bind(new.mv.to_unit.to_string())
    .bind(new.guardian.to_string())
    .bind(items.assessments as i64)
    .bind(items.plans as i64)
    .bind(items.meetings as i64)
    .bind(items.description as i64)
    .bind(date_text(new.form.valid_until))
    .bind(kind)
    .bind(signed_on)
    .bind(new.recorded_by.map(|u| u.to_string()))
    .bind(reference)
    .bind(new.now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Revokes every unrevoked consent for the move: one custody holder's "no" stops what passes
/// (docs/ACCESS.md). The number revoked; 0 when there was nothing to revoke.
pub async fn revoke_move(
    tx: &mut Conn,
    child: ChildId,
    mv: &Move,
    by: UserId,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE consents SET revoked_at = $1, revoked_by = $2 \
          WHERE child_id = $3 AND from_unit_id = $4 AND to_unit_id = $5 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(by.to_string())
    .bind(child.to_string())
    .bind(mv.from_unit.to_string())
    .bind(mv.to_unit.to_string())
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected())
}
