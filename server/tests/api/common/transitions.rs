//! The typed calls of the transition server functions (issue 17), beside the others in
//! `client`.

use super::{Answer, TestApp};
use app::domain::{ChildId, TransferRules, UnitId};
use app::transition::consent::{GiveTransferConsent, RevokeTransferConsent};
use app::transition::lookups::GetChildLookups;
use app::transition::settings::{GetTransferRules, SaveTransferRules};
use app::transition::staff::{GetChildTransitions, HandOverRecord, SaveTransitionDescription};
use app::transition::{ChildTransitions, GiveConsent, SaveDescription};
use app::wire::lookups::ChildLookups;

// Every server function has its method, also those no test calls yet.
#[allow(dead_code)]
impl TestApp {
    pub async fn child_lookups(&self, child: ChildId) -> Answer<ChildLookups> {
        self.json_fn(GetChildLookups { child }).await
    }

    pub async fn child_transitions(&self, child: ChildId) -> Answer<ChildTransitions> {
        self.json_fn(GetChildTransitions { child }).await
    }

    pub async fn save_description(&self, input: SaveDescription) -> Answer<i64> {
        self.json_fn(SaveTransitionDescription { input }).await
    }

    pub async fn hand_over(&self, child: ChildId) -> Answer<()> {
        self.json_fn(HandOverRecord { child }).await
    }

    pub async fn give_consent(&self, input: GiveConsent) -> Answer<()> {
        self.json_fn(GiveTransferConsent { input }).await
    }

    pub async fn revoke_consent(
        &self,
        child: ChildId,
        from_unit: UnitId,
        to_unit: UnitId,
    ) -> Answer<()> {
        self.json_fn(RevokeTransferConsent {
            child,
            from_unit,
            to_unit,
        })
        .await
    }

    pub async fn transfer_rules(&self) -> Answer<TransferRules> {
        self.form_fn(GetTransferRules {}).await
    }

    pub async fn save_transfer_rules(&self, rules: TransferRules) -> Answer<()> {
        self.json_fn(SaveTransferRules { rules }).await
    }
}
