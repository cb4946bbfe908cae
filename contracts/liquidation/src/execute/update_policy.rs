//! `UpdatePolicy { policy }`: the owner, or the vault's risk steward for bonus curves within its
//! band.

use ballast_kit::ownership::assert_owner;
use ballast_types::events::UpdatePolicyEvent;
use ballast_types::governance::{check_cooldown, Param, Role};
use ballast_types::handles::VaultHandle;
use ballast_types::liquidation::LiquidationPolicy;
use cosmwasm_std::{Addr, DepsMut, Env, Response};

use crate::error::ContractResult;
use crate::state::{BONUS_CHANGES, CONFIG, POLICY};
use crate::validate;

/// Validates `policy` (bounds, then every collateral listed in the vault) and replaces the
/// stored one. The owner may change anything; the vault's risk steward (asked of the vault, so
/// the owner sets it in one place) only bonus curves, each within `StewardLimits::bonus_step`
/// and at most once per cooldown per curve. Nothing changes on any error.
pub fn run(
    deps: DepsMut,
    env: &Env,
    sender: Addr,
    policy: LiquidationPolicy,
) -> ContractResult<Response> {
    let config = CONFIG.load(deps.storage)?;
    let vault = VaultHandle::new(config.vault);
    let previous = POLICY.load(deps.storage)?;
    let now = env.block.time.seconds();
    let (role, moved) = match assert_owner(deps.storage, &sender) {
        Ok(()) => (Role::Owner, None),
        Err(not_owner) => {
            // a vault that cannot answer has no steward: the owner-only error
            let steward = match vault.query_steward(&deps.querier) {
                Ok(steward) if steward.steward.as_ref() == Some(&sender) => steward,
                _ => return Err(not_owner.into()),
            };
            let moved = previous.steward_check(&policy, &steward.limits)?;
            for key in &moved {
                let last = BONUS_CHANGES.may_load(deps.storage, key)?;
                let shown = if key.is_empty() { "default" } else { key };
                check_cooldown(shown, Param::Bonus, last, now, &steward.limits)?;
                BONUS_CHANGES.save(deps.storage, key, &now)?;
            }
            (Role::Steward, Some(moved))
        }
    };
    validate::policy(&policy)?;
    validate::policy_against_vault(&deps.querier, &vault, &policy)?;
    // the curves that moved, whoever moved them
    let changed = match moved {
        Some(moved) => moved,
        None => changed_curves(&previous, &policy),
    };
    POLICY.save(deps.storage, &policy)?;
    Ok(Response::new().add_event(UpdatePolicyEvent {
        sender: sender.into_string(),
        role: role.name().to_string(),
        changed: changed
            .into_iter()
            .map(|k| if k.is_empty() { "default".into() } else { k })
            .collect(),
        policy,
        previous,
    }))
}

/// The bonus curves that differ between `old` and `new` (`""`: the default; a denom: its
/// override, added, removed or changed).
fn changed_curves(old: &LiquidationPolicy, new: &LiquidationPolicy) -> Vec<String> {
    let mut changed = vec![];
    if old.default_bonus != new.default_bonus {
        changed.push(String::new());
    }
    for (denom, _) in old.bonus_overrides.iter().chain(&new.bonus_overrides) {
        let before = old.bonus_overrides.iter().find(|(d, _)| d == denom);
        let after = new.bonus_overrides.iter().find(|(d, _)| d == denom);
        if before.map(|(_, c)| c) != after.map(|(_, c)| c) && !changed.contains(denom) {
            changed.push(denom.clone());
        }
    }
    changed
}
