//! Parameter overrides (`--compare FILE`): a second parameter set, only what it gives replacing
//! the scenario's, validated as the scenario is.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::checks::Checker;
use super::*;

/// A second parameter set for `--compare`: only what is given replaces the scenario's.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ParamsOverride {
    /// Label in the comparison.
    #[serde(default)]
    pub name: Option<String>,
    /// Replaces the liquidation policy.
    #[serde(default)]
    pub policy: Option<PolicyCfg>,
    /// Replaces the vault's configuration.
    #[serde(default)]
    pub vault: Option<VaultCfg>,
    /// Per asset: replaces its collateral or lending parameters or its bonus curve.
    #[serde(default)]
    pub assets: Vec<AssetOverride>,
}

/// `[[assets]]` of a parameter override.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AssetOverride {
    /// Denom of an asset of the scenario.
    pub denom: Spanned<String>,
    /// New collateral parameters.
    #[serde(default)]
    pub collateral: Option<CollateralCfg>,
    /// New lending parameters.
    #[serde(default)]
    pub lending: Option<LendingCfg>,
    /// New bonus curve.
    #[serde(default)]
    pub bonus: Option<BonusCfg>,
}

impl Scenario {
    /// Applies a parameter override read from `path`.
    pub fn with_override(&self, path: &Path) -> Result<(Self, String), Vec<ScenarioError>> {
        let file = path.display().to_string();
        let src = read(path, &file)?;
        let over: ParamsOverride = parse_toml(&src, &file)?;
        let mut next = self.clone();
        let mut checker = Checker::new(&file, &src);
        if let Some(policy) = over.policy {
            next.policy = policy;
        }
        if let Some(vault) = over.vault {
            next.vault = vault;
        }
        for (i, asset) in over.assets.into_iter().enumerate() {
            let Some(target) = next
                .assets
                .iter_mut()
                .find(|a| a.denom.get_ref() == asset.denom.get_ref())
            else {
                checker.fail(
                    &format!("assets[{i}].denom"),
                    &asset.denom,
                    format!("{} is not an asset of the scenario", asset.denom.get_ref()),
                );
                continue;
            };
            if asset.collateral.is_some() {
                target.collateral = asset.collateral;
            }
            if asset.lending.is_some() {
                target.lending = asset.lending;
            }
            if asset.bonus.is_some() {
                target.bonus = asset.bonus;
            }
        }
        checker.finish()?;
        // The overridden values point into the override file; the rest into the scenario. The
        // bounds are checked again on the merged set (positions are reported in the override file).
        next.validate_params(&src, &file)?;
        let name = over.name.unwrap_or_else(|| {
            path.file_stem()
                .map_or(file.clone(), |s| s.to_string_lossy().into())
        });
        Ok((next, name))
    }
}
