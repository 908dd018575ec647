//! What a leader follows of a unit's meetings and plans (issue 16 items 5 and 6): meetings to
//! hold, meetings held, plans due for evaluation and overdue ones, and the parents' voice —
//! the voice only from five answers, never per meeting or parent.

use crate::domain::UnitId;
use crate::error::AppError;
use crate::wire::care::UnitCare;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(name = GetUnitCare, prefix = "/api", endpoint = "unit_care", input = Json)]
pub async fn get_unit_care(unit: UnitId) -> Result<UnitCare, AppError> {
    use crate::backend::context::{Caller, Target};
    use crate::backend::store::{care_overview, meetings};
    use crate::policy::Action;
    use crate::wire::care::{MeetingToHoldView, PlanDueView};

    const PURPOSE: &str = "unit meetings and plans";
    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let today = caller.state.clock.today();
    let action = Action::ViewUnitDashboard;
    caller
        .authorize(&mut conn, action, Target::Unit(unit), PURPOSE)
        .await?;
    let to_hold = care_overview::meetings_to_hold(&mut conn, unit).await?;
    let due = care_overview::plans_due(&mut conn, unit, today).await?;
    let counts = care_overview::care_counts(&mut conn, unit, today).await?;
    let answers = meetings::unit_feedback(&mut conn, unit).await?;
    // The lists name children: one audit row each (SECURITY L1).
    let named = to_hold
        .iter()
        .map(|m| m.child)
        .chain(due.iter().map(|p| p.child));
    caller
        .record_children(action, unit, named, PURPOSE)
        .committed()
        .await?;
    Ok(UnitCare {
        meetings_to_hold: to_hold
            .into_iter()
            .map(|m| MeetingToHoldView {
                id: m.id,
                child: m.child,
                child_name: m.child_name,
                first_time: m.first_time,
                answered: m.answered as u32,
                invited: m.invited as u32,
            })
            .collect(),
        meetings_held: counts.held as u32,
        plans_due: due
            .into_iter()
            .map(|p| PlanDueView {
                overdue: p.evaluate_on < today,
                id: p.id,
                child: p.child,
                child_name: p.child_name,
                evaluate_on: p.evaluate_on,
            })
            .collect(),
        voice: voice::summary(&answers),
    })
}

/// The parents' voice summed up with the small-count rules.
pub mod voice {
    use crate::domain::{suppress_positions, ShownCount, SUPPRESS_BELOW};
    use crate::wire::care::{VoiceQuestion, VoiceSummary};

    fn question(values: &[i64]) -> VoiceQuestion {
        let n = values.len() as i64;
        let sum: i64 = values.iter().sum();
        let spread: Vec<i64> = (1..=5)
            .map(|k| values.iter().filter(|v| **v == k).count() as i64)
            .collect();
        VoiceQuestion {
            average_tenths: ((sum * 10 + n / 2) / n.max(1)) as u32,
            spread: suppress_positions(&spread, n),
        }
    }

    /// `answers` as (listened, knows next, comment). Below five answers, only that.
    pub fn summary(answers: &[(i64, i64, String)]) -> VoiceSummary {
        let n = answers.len() as i64;
        if n < SUPPRESS_BELOW {
            return VoiceSummary {
                answers: ShownCount::suppressed(n),
                listened: None,
                knows_next: None,
                comments: Vec::new(),
            };
        }
        let listened: Vec<i64> = answers.iter().map(|a| a.0).collect();
        let knows: Vec<i64> = answers.iter().map(|a| a.1).collect();
        let mut comments: Vec<String> = answers
            .iter()
            .map(|a| a.2.clone())
            .filter(|c| !c.is_empty())
            .collect();
        comments.sort();
        VoiceSummary {
            answers: ShownCount::Exact(n),
            listened: Some(question(&listened)),
            knows_next: Some(question(&knows)),
            comments,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn answers(values: &[(i64, i64)]) -> Vec<(i64, i64, String)> {
            values
                .iter()
                .map(|(a, b)| (*a, *b, format!("svar {a}{b}")))
                .collect()
        }

        #[test]
        fn below_five_answers_nothing_but_fewer_than_five() {
            for n in 0..5 {
                let few = answers(&vec![(5, 5); n]);
                let s = summary(&few);
                assert_eq!(s.answers, ShownCount::FewerThan(5), "{n}");
                assert!(s.listened.is_none() && s.knows_next.is_none() && s.comments.is_empty());
            }
        }

        #[test]
        fn from_five_answers_averages_and_a_spread_with_small_cells_hidden() {
            let s = summary(&answers(&[(5, 4), (5, 4), (4, 4), (5, 4), (5, 4), (3, 4)]));
            assert_eq!(s.answers, ShownCount::Exact(6));
            let listened = s.listened.expect("shown");
            assert_eq!(listened.average_tenths, 45);
            assert_eq!(listened.spread.counts[4], ShownCount::FewerThan(5));
            let knows = s.knows_next.expect("shown");
            assert_eq!(knows.average_tenths, 40);
            // Six 4s beside four hidden cells and the total would show the others are 0.
            assert_eq!(knows.spread.counts[3], ShownCount::Withheld);
            assert_eq!(s.comments.len(), 6);
            assert!(s.comments.windows(2).all(|w| w[0] <= w[1]), "sorted");
        }
    }
}
