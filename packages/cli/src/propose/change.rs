//! What a checked proposal does: who may make each change, the vault messages, the scenario with
//! the proposed parameters.

use ballast_types::governance::{steward_check, GovernanceError, Param, StewardLimits};
use ballast_types::vault::ExecuteMsg;
use cosmwasm_std::Decimal;
use toml::Spanned;

use super::file::{AssetChange, Proposal};
use crate::scenario::{AssetCfg, Scenario};

/// The new value of `pair` (before, after) when it differs from the old one.
fn changed<T: Clone + PartialEq>(pair: &(Option<T>, Option<T>)) -> Option<T> {
    (pair.0 != pair.1).then(|| pair.1.clone()).flatten()
}

/// Who may make a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The risk steward, within its limits; the parameters it moves.
    Steward(Vec<Param>),
    /// Only the owner (a DAO vote), and why not the steward.
    Owner(GovernanceError),
}

impl AssetChange {
    /// Whether the risk steward may make this change under `limits` (`steward_check`).
    pub fn verdict(&self, limits: &StewardLimits) -> Verdict {
        match steward_check(
            self.collateral.0.as_ref(),
            self.collateral.1.as_ref(),
            self.lending.0.as_ref(),
            self.lending.1.as_ref(),
            limits,
        ) {
            Ok(moved) => Verdict::Steward(moved),
            Err(err) => Verdict::Owner(err),
        }
    }

    /// The vault's `UpdateAsset`: each part that changes, in full (a part left `None` stays),
    /// with the threshold cut's ramp when `ramped` (else the cut applies at once).
    pub fn message(&self, ramped: bool) -> ExecuteMsg {
        ExecuteMsg::UpdateAsset {
            denom: self.denom.clone(),
            collateral: changed(&self.collateral),
            lending: changed(&self.lending),
            threshold_ramp_s: self.ramp_s.filter(|_| ramped),
        }
    }

    /// [`AssetChange::message`] as proposed, as the contract's `ExecuteMsg` serialises it.
    pub fn message_json(&self) -> serde_json::Value {
        serde_json::to_value(self.message(true)).unwrap_or_default()
    }

    /// The threshold now and proposed, when this change cuts it.
    pub fn threshold_cut(&self) -> Option<(Decimal, Decimal)> {
        match (&self.collateral.0, &self.collateral.1) {
            (Some(o), Some(n)) if n.liquidation_threshold < o.liquidation_threshold => {
                Some((o.liquidation_threshold, n.liquidation_threshold))
            }
            _ => None,
        }
    }

    /// Sets the scenario's asset to the proposed values (what a scenario can say: its collateral
    /// and lending tables; supply and borrow caps only go to the vault's message).
    fn apply(&self, asset: &mut AssetCfg) {
        let set = |slot: &mut Spanned<f64>, name: &str| {
            if let Some(g) = self.given.get(name) {
                if let Some(x) = g.get_ref() {
                    *slot = Spanned::new(g.span(), *x);
                }
            }
        };
        if let Some(c) = asset.collateral.as_mut() {
            set(&mut c.max_ltv, "max_ltv");
            set(&mut c.liquidation_threshold, "liquidation_threshold");
            if let Some(g) = self.given.get("deposit_cap") {
                c.deposit_cap = g.get_ref().map(|x| Spanned::new(g.span(), x));
            }
        }
        if let Some(l) = asset.lending.as_mut() {
            set(&mut l.base, "rate_model.base");
            set(&mut l.slope1, "rate_model.slope1");
            set(&mut l.slope2, "rate_model.slope2");
            set(&mut l.optimal_utilization, "rate_model.optimal_utilization");
            set(&mut l.reserve_factor, "reserve_factor");
        }
    }
}

impl Proposal {
    /// The vault messages, one per asset, with their ramps when `ramped`.
    pub fn messages(&self, ramped: bool) -> Vec<ExecuteMsg> {
        self.changes.iter().map(|c| c.message(ramped)).collect()
    }

    /// Whether a threshold cut of the proposal ramps.
    pub fn ramps(&self) -> bool {
        self.changes.iter().any(|c| c.ramp_s.is_some())
    }

    /// `scenario` with the proposed parameters.
    pub fn applied_to(&self, scenario: &Scenario) -> Scenario {
        let mut next = scenario.clone();
        for change in &self.changes {
            if let Some(asset) = next
                .assets
                .iter_mut()
                .find(|a| a.denom.get_ref() == &change.denom)
            {
                change.apply(asset);
            }
        }
        next
    }

    /// Whether the steward may make every change of the proposal.
    pub fn steward_may(&self) -> bool {
        self.changes
            .iter()
            .all(|c| matches!(c.verdict(&self.steward), Verdict::Steward(_)))
    }
}
