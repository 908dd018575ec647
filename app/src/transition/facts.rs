//! The facts every transition function starts from: the child's moves, the municipality's
//! rules, the consents and what they open today (`policy::consent`).

use crate::backend::context::Caller;
use crate::backend::db::Conn;
use crate::backend::store::{consents, org, transitions};
use crate::domain::{moves, ChildId, Move, TransferRules, UnitId};
use crate::error::AppError;
use crate::policy::consent::{opened, Opened};
use crate::wire::transition::{ConsentHow, ConsentView, OpenedView};

pub struct Facts {
    pub child: ChildId,
    pub moves: Vec<Move>,
    pub rules: TransferRules,
    pub consents: Vec<consents::ConsentRow>,
    pub opened: Vec<Opened>,
    pub custody_holders: Vec<crate::domain::UserId>,
}

impl Facts {
    pub async fn load(caller: &Caller, conn: &mut Conn, child: ChildId) -> Result<Self, AppError> {
        let today = caller.state.clock.today();
        let spans = transitions::placement_spans(conn, child).await?;
        let municipality = org::child_municipality(conn, child).await?;
        let rules = match municipality {
            Some(m) => transitions::rules(conn, m).await?,
            None => TransferRules::default(),
        };
        let consents = consents::child_consents(conn, child).await?;
        let custody_holders = transitions::custody_holders(conn, child, today).await?;
        let facts: Vec<_> = consents.iter().map(|c| c.fact()).collect();
        let opened = opened(&facts, &custody_holders, rules, today);
        Ok(Self {
            child,
            moves: moves(&spans),
            rules,
            consents,
            opened,
            custody_holders,
        })
    }

    /// The child's latest move from one unit to another, named by the units' ids or, for a
    /// parent who may not learn the places (SECURITY C4), by the masks [`masked`] gave them.
    /// Consent and descriptions are for a move the child has; anything else is `NotMoving`.
    pub fn live_move(&self, from: UnitId, to: UnitId) -> Option<Move> {
        self.moves
            .iter()
            .rev()
            .find(|m| {
                (m.from_unit == from && m.to_unit == to)
                    || (masked(self.child, m.moves_on, "from") == from
                        && masked(self.child, m.moves_on, "to") == to)
            })
            .copied()
    }

    pub fn opened_for(&self, mv: &Move) -> Option<OpenedView> {
        self.opened
            .iter()
            .find(|o| o.from_unit == mv.from_unit && o.to_unit == mv.to_unit)
            .map(|o| OpenedView {
                items: o.items,
                until: o.until,
            })
    }

    pub fn consents_for<'a>(
        &'a self,
        mv: &'a Move,
    ) -> impl Iterator<Item = &'a consents::ConsentRow> + 'a {
        self.consents
            .iter()
            .filter(move |c| c.from_unit == mv.from_unit && c.to_unit == mv.to_unit)
    }
}

/// A consent as shown; `with_recorder` only for staff.
pub fn consent_view(row: &consents::ConsentRow, with_recorder: bool) -> ConsentView {
    use crate::care::read::local_date;
    use crate::domain::ConsentEvidence;
    ConsentView {
        guardian_name: row.guardian_name.clone(),
        how: match &row.evidence {
            ConsentEvidence::Digital => ConsentHow::Digital,
            ConsentEvidence::Paper {
                signed_on,
                reference,
            } => ConsentHow::Paper {
                signed_on: *signed_on,
                reference: reference.clone(),
                recorded_by: row.recorded_by.clone().filter(|_| with_recorder),
            },
        },
        items: row.items,
        valid_until: row.valid_until,
        given_on: local_date(row.created_at),
        revoked_on: row.revoked_at.map(local_date),
    }
}

/// A stand-in for a unit's id in a move, for a parent who may not learn where the child is
/// (SECURITY C4): made from the child and the move's day only, so it says nothing of the unit
/// and cannot be matched with a unit's id seen elsewhere (a sibling's move), yet names the
/// move when the parent consents or revokes.
pub fn masked(child: ChildId, moves_on: time::Date, end: &str) -> UnitId {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("tvaers-move:{child}:{moves_on}:{end}").as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let text = format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    text.parse().unwrap_or_else(|_| UnitId::random())
}
