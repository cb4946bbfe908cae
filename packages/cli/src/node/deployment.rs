//! The deployment file (`ballast deploy DEPLOYMENT.toml`): where to deploy, who pays, and what
//! to list. Read and checked in full before anything is sent; every problem is reported with the
//! file, line and field.
//!
//! ```toml
//! [network]          # chain_id, rpc, rest, prefix, fee_denom, gas_price, gas_adjustment, local
//! [deployer]         # mnemonic_env = "VAR" | mnemonic_file = "path" (relative to this file)
//! [artifacts]        # dir (default "artifacts", relative to this file), admin
//! [oracle]           # quote_symbol, quote_decimals, label
//! [vault]            # treasury, guardian, min_debt_value, max_assets_per_account, label
//! [liquidation]      # treasury, label, [liquidation.policy] = LiquidationPolicy
//! [mock_pyth]        # local networks only: enabled = true
//! [[prices]]         # denom, decimals, source = PriceSource, mock = { price, conf, ema_price }
//! [[assets]]         # denom, decimals, collateral = CollateralParams, lending = LendingParams
//! [[liquidity]]      # denom, amount: supplied by the deployer
//! ```
//!
//! Message parts (`source`, `collateral`, `lending`, `policy`) have exactly the JSON shapes of
//! API.md, written in TOML. Addresses may name a deployed contract or the deployer: `"$oracle"`,
//! `"$vault"`, `"$liquidation"`, `"$mock_pyth"`, `"$deployer"`.

use std::ops::Range;
use std::path::{Path, PathBuf};

use ballast_math::liquidation::{validate_collateral_params, validate_threshold_with_bonus};
use ballast_math::validate_reserve_factor;
use ballast_types::liquidation::LiquidationPolicy;
use ballast_types::oracle::PriceSource;
use ballast_types::vault::{CollateralParams, LendingParams, MAX_ASSETS_PER_ACCOUNT};
use cosmwasm_std::Uint128;
use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;

/// One problem in a deployment file.
#[derive(Error, Debug, Clone, PartialEq)]
#[error("{}:{line}: {field}: {message}", file.display())]
pub struct DeploymentError {
    /// The file.
    pub file: PathBuf,
    /// 1-based line (0 when the problem is not at one place).
    pub line: usize,
    /// The field, as a path (`assets[1].collateral.max_ltv`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// `[network]`.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Chain id the node must report.
    pub chain_id: Spanned<String>,
    /// CometBFT RPC, e.g. `http://127.0.0.1:26657`.
    pub rpc: String,
    /// REST gateway, e.g. `http://127.0.0.1:1317`.
    pub rest: String,
    /// Bech32 prefix of addresses (`wasm` on wasmd).
    pub prefix: Spanned<String>,
    /// Denom fees are paid in.
    pub fee_denom: String,
    /// Fee per unit of gas, at least the node's minimum gas price.
    pub gas_price: Spanned<f64>,
    /// Multiplier on simulated gas; default 1.3.
    #[serde(default)]
    pub gas_adjustment: Option<Spanned<f64>>,
    /// A local test network: only then may the mock Pyth contract be deployed.
    #[serde(default)]
    pub local: bool,
}

/// Where the signing key's mnemonic comes from.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct KeySource {
    /// Environment variable holding the mnemonic.
    pub mnemonic_env: Option<String>,
    /// File holding the mnemonic (relative to the deployment file): the mnemonic alone, or, with
    /// `key`, a TOML file whose `[mnemonics]` table names it (as `chain/test-keys.toml`).
    pub mnemonic_file: Option<String>,
    /// Entry of the `[mnemonics]` table of `mnemonic_file`.
    #[serde(default)]
    pub key: Option<String>,
}

/// `[artifacts]`.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Artifacts {
    /// Directory of the `.wasm` files and `checksums.txt` (relative to the deployment file).
    #[serde(default = "default_artifacts_dir")]
    pub dir: String,
    /// Migrate admin of every contract: `"$deployer"`, an address, or `"none"` (immutable).
    #[serde(default = "default_admin")]
    pub admin: String,
}

fn default_artifacts_dir() -> String {
    "../artifacts".into()
}

fn default_admin() -> String {
    "$deployer".into()
}

impl Default for Artifacts {
    fn default() -> Self {
        Artifacts {
            dir: default_artifacts_dir(),
            admin: default_admin(),
        }
    }
}

/// `[oracle]`.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct OracleSection {
    /// Quote currency symbol (e.g. `USD`).
    pub quote_symbol: String,
    /// Decimals of the quote unit (6: prices are per micro-USD).
    pub quote_decimals: u8,
    /// Contract label.
    #[serde(default)]
    pub label: Option<String>,
}

/// `[vault]`.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct VaultSection {
    /// Where reserves go.
    pub treasury: String,
    /// Guardian (may pause growth).
    #[serde(default)]
    pub guardian: Option<String>,
    /// Smallest debt value per borrow, quote units.
    pub min_debt_value: Uint128,
    /// Most denoms per account.
    pub max_assets_per_account: Spanned<u8>,
    /// Contract label.
    #[serde(default)]
    pub label: Option<String>,
}

/// `[liquidation]`.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct LiquidationSection {
    /// Where protocol fees go; the vault's treasury when omitted.
    #[serde(default)]
    pub treasury: Option<String>,
    /// The policy, as in `InstantiateMsg`.
    pub policy: Spanned<LiquidationPolicy>,
    /// Contract label.
    #[serde(default)]
    pub label: Option<String>,
}

/// `[mock_pyth]`.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct MockPythSection {
    /// Deploy the mock Pyth contract (local networks only).
    pub enabled: bool,
}

/// The first price a mock feed publishes (local networks only).
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MockFeed {
    /// Price in quote currency per whole token.
    pub price: f64,
    /// Confidence, same unit; default 0.1 % of the price.
    #[serde(default)]
    pub conf: Option<f64>,
    /// EMA price; default the price.
    #[serde(default)]
    pub ema_price: Option<f64>,
}

/// `[[prices]]`: one `SetPriceSource`.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct PriceEntry {
    /// Denom.
    pub denom: String,
    /// Its decimals.
    pub decimals: u8,
    /// The source, as in `SetPriceSource`.
    pub source: PriceSource,
    /// First price of its mock Pyth feed (local only).
    #[serde(default)]
    pub mock: Option<MockFeed>,
}

/// `[[assets]]`: one `ListAsset`.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct AssetEntry {
    /// Denom.
    pub denom: String,
    /// Its decimals.
    pub decimals: u8,
    /// Collateral parameters.
    #[serde(default)]
    pub collateral: Option<CollateralParams>,
    /// Lending parameters.
    #[serde(default)]
    pub lending: Option<LendingParams>,
}

/// `[[liquidity]]`: the deployer supplies this much.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct LiquidityEntry {
    /// Denom.
    pub denom: String,
    /// Amount, smallest units.
    pub amount: Uint128,
}

/// The file as written.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
struct RawDeployment {
    network: Network,
    deployer: Spanned<KeySource>,
    #[serde(default)]
    artifacts: Artifacts,
    oracle: OracleSection,
    vault: VaultSection,
    liquidation: LiquidationSection,
    #[serde(default)]
    mock_pyth: Option<Spanned<MockPythSection>>,
    #[serde(default)]
    prices: Vec<Spanned<PriceEntry>>,
    #[serde(default)]
    assets: Vec<Spanned<AssetEntry>>,
    #[serde(default)]
    liquidity: Vec<Spanned<LiquidityEntry>>,
}

/// A checked deployment file.
#[derive(Debug, Clone)]
pub struct Deployment {
    /// The file it was read from.
    pub path: PathBuf,
    /// `[network]`.
    pub network: Network,
    /// `[deployer]`.
    pub deployer: KeySource,
    /// `[artifacts]`, `dir` resolved against the file's directory.
    pub artifacts: Artifacts,
    /// `[oracle]`.
    pub oracle: OracleSection,
    /// `[vault]`.
    pub vault: VaultSection,
    /// `[liquidation]`.
    pub liquidation: LiquidationSection,
    /// Whether the mock Pyth contract is deployed.
    pub mock_pyth: bool,
    /// `[[prices]]`.
    pub prices: Vec<PriceEntry>,
    /// `[[assets]]`.
    pub assets: Vec<AssetEntry>,
    /// `[[liquidity]]`.
    pub liquidity: Vec<LiquidityEntry>,
}

/// Placeholders an address field may hold.
pub const PLACEHOLDERS: [&str; 5] = [
    "$deployer",
    "$oracle",
    "$vault",
    "$liquidation",
    "$mock_pyth",
];

pub fn line_of(text: &str, span: &Range<usize>) -> usize {
    let end = span.start.min(text.len());
    text[..end].bytes().filter(|b| *b == b'\n').count() + 1
}

/// The text of a configuration file, or the error saying why it cannot be read.
pub fn read_file(path: &Path) -> Result<String, Vec<DeploymentError>> {
    std::fs::read_to_string(path).map_err(|e| {
        vec![DeploymentError {
            file: path.to_path_buf(),
            line: 0,
            field: "(file)".into(),
            message: format!("cannot read: {e}"),
        }]
    })
}

/// A TOML syntax or shape error as a [`DeploymentError`] with its line and field.
pub fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> DeploymentError {
    let line = e.span().map(|s| line_of(text, &s)).unwrap_or(0);
    // toml's message names the key (`unknown field`, `missing field`, `invalid type`)
    let message = e.message().trim().to_string();
    let field = message
        .split('`')
        .nth(1)
        .map(str::to_string)
        .or_else(|| {
            e.span()
                .and_then(|s| text.get(s))
                .map(|t| t.trim().to_string())
        })
        .filter(|f| !f.is_empty() && f.len() < 80)
        .unwrap_or_else(|| "(file)".into());
    DeploymentError {
        file: path.to_path_buf(),
        line,
        field,
        message,
    }
}

/// Checks a `[network]` table of `text` (the contents of `path`), adding what is wrong.
pub fn check_network(path: &Path, text: &str, n: &Network, errors: &mut Vec<DeploymentError>) {
    let err = |line: usize, field: &str, message: String| DeploymentError {
        file: path.to_path_buf(),
        line,
        field: field.to_string(),
        message,
    };
    if n.chain_id.get_ref().trim().is_empty() {
        errors.push(err(
            line_of(text, &n.chain_id.span()),
            "network.chain_id",
            "must not be empty".into(),
        ));
    }
    let prefix = n.prefix.get_ref();
    if prefix.is_empty()
        || !prefix
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        errors.push(err(
            line_of(text, &n.prefix.span()),
            "network.prefix",
            format!("{prefix:?} is not a bech32 prefix (lower-case letters and digits)"),
        ));
    }
    for (name, url) in [("network.rpc", &n.rpc), ("network.rest", &n.rest)] {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            errors.push(err(
                0,
                name,
                format!("{url:?} must start with http:// or https://"),
            ));
        }
    }
    let gas_price = *n.gas_price.get_ref();
    if !(gas_price.is_finite() && gas_price >= 0.0) {
        errors.push(err(
            line_of(text, &n.gas_price.span()),
            "network.gas_price",
            format!("{gas_price} must be ≥ 0"),
        ));
    }
    if let Some(adj) = &n.gas_adjustment {
        let v = *adj.get_ref();
        if !(v.is_finite() && (1.0..=5.0).contains(&v)) {
            errors.push(err(
                line_of(text, &adj.span()),
                "network.gas_adjustment",
                format!("{v} must be between 1 and 5"),
            ));
        }
    }
}

impl Network {
    /// Fee settings of the network.
    pub fn fees(&self) -> super::signer::FeeSettings {
        super::signer::FeeSettings {
            chain_id: self.chain_id.get_ref().clone(),
            fee_denom: self.fee_denom.clone(),
            gas_price: *self.gas_price.get_ref(),
            gas_adjustment: self
                .gas_adjustment
                .as_ref()
                .map(|a| *a.get_ref())
                .unwrap_or(1.3),
        }
    }
}

/// Checks a key source (`section` names its table): exactly one of `mnemonic_env` and
/// `mnemonic_file`, and `key` only with a file.
pub fn check_key_source(
    path: &Path,
    text: &str,
    key: &Spanned<KeySource>,
    section: &str,
    errors: &mut Vec<DeploymentError>,
) {
    let line = line_of(text, &key.span());
    let push = |errors: &mut Vec<DeploymentError>, message: &str| {
        errors.push(DeploymentError {
            file: path.to_path_buf(),
            line,
            field: section.to_string(),
            message: message.to_string(),
        })
    };
    let source = key.get_ref();
    match (&source.mnemonic_env, &source.mnemonic_file) {
        (Some(_), None) | (None, Some(_)) => {}
        _ => push(errors, "give exactly one of mnemonic_env and mnemonic_file"),
    }
    if source.key.is_some() && source.mnemonic_file.is_none() {
        push(
            errors,
            "`key` names an entry of mnemonic_file's [mnemonics]: give mnemonic_file",
        );
    }
}

/// The network `spec` names: `local` is the chain of `scripts/localnet.sh` (ports from
/// `BALLAST_RPC_PORT` and `BALLAST_API_PORT`, defaults 26657 and 1317), anything else a TOML
/// file with a `[network]` table.
///
/// Errors: the file's problems, with line and field.
pub fn network_override(spec: &str) -> Result<(PathBuf, Network), Vec<DeploymentError>> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct OnlyNetwork {
        network: Network,
    }
    let (path, text) = if spec == "local" {
        let port = |var: &str, default: u16| {
            std::env::var(var)
                .ok()
                .and_then(|p| p.parse::<u16>().ok())
                .unwrap_or(default)
        };
        let text = format!(
            "[network]\nchain_id = \"ballast-local\"\nrpc = \"http://127.0.0.1:{}\"\n\
             rest = \"http://127.0.0.1:{}\"\nprefix = \"wasm\"\nfee_denom = \"stake\"\n\
             gas_price = 0.025\ngas_adjustment = 1.3\nlocal = true\n",
            port("BALLAST_RPC_PORT", 26657),
            port("BALLAST_API_PORT", 1317)
        );
        (PathBuf::from("(--network local)"), text)
    } else {
        let path = PathBuf::from(spec);
        let text = read_file(&path)?;
        (path, text)
    };
    let parsed: OnlyNetwork =
        toml::from_str(&text).map_err(|e| vec![toml_error(&path, &text, &e)])?;
    let mut errors = vec![];
    check_network(&path, &text, &parsed.network, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((path, parsed.network))
}

impl Deployment {
    /// Reads and checks `path`.
    ///
    /// Errors: every problem found, each with its line and field.
    pub fn load(path: &Path) -> Result<Self, Vec<DeploymentError>> {
        Self::parse(path, &read_file(path)?)
    }

    /// Checks `text` as the contents of `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Self, Vec<DeploymentError>> {
        let err = |line: usize, field: &str, message: String| DeploymentError {
            file: path.to_path_buf(),
            line,
            field: field.to_string(),
            message,
        };
        let raw: RawDeployment =
            toml::from_str(text).map_err(|e| vec![toml_error(path, text, &e)])?;
        let mut errors = vec![];
        check_network(path, text, &raw.network, &mut errors);

        check_key_source(path, text, &raw.deployer, "deployer", &mut errors);

        let max_assets = *raw.vault.max_assets_per_account.get_ref();
        if max_assets == 0 || max_assets > MAX_ASSETS_PER_ACCOUNT {
            errors.push(err(
                line_of(text, &raw.vault.max_assets_per_account.span()),
                "vault.max_assets_per_account",
                format!("{max_assets} must be 1 to {MAX_ASSETS_PER_ACCOUNT}"),
            ));
        }
        let policy = raw.liquidation.policy.get_ref();
        let policy_line = line_of(text, &raw.liquidation.policy.span());
        if let Err(e) = policy.params().validate() {
            errors.push(err(policy_line, "liquidation.policy", e.to_string()));
        }
        if let Err(e) = policy.default_bonus.validate() {
            errors.push(err(
                policy_line,
                "liquidation.policy.default_bonus",
                e.to_string(),
            ));
        }
        for (denom, curve) in &policy.bonus_overrides {
            if let Err(e) = curve.validate() {
                errors.push(err(
                    policy_line,
                    &format!("liquidation.policy.bonus_overrides[{denom}]"),
                    e.to_string(),
                ));
            }
        }

        let mock_pyth = match &raw.mock_pyth {
            Some(m) if m.get_ref().enabled => {
                if !raw.network.local {
                    errors.push(err(
                        line_of(text, &m.span()),
                        "mock_pyth.enabled",
                        "the mock Pyth contract is for local networks only (network.local = true)"
                            .into(),
                    ));
                }
                true
            }
            _ => false,
        };

        let mut seen = std::collections::BTreeSet::new();
        for (i, entry) in raw.prices.iter().enumerate() {
            let (p, line) = (entry.get_ref(), line_of(text, &entry.span()));
            let field = |f: &str| format!("prices[{i}] ({}).{f}", p.denom);
            if !seen.insert(p.denom.clone()) {
                errors.push(err(line, &field("denom"), "listed twice".into()));
            }
            if p.mock.is_some() && !mock_pyth {
                errors.push(err(
                    line,
                    &field("mock"),
                    "a mock feed needs [mock_pyth] enabled = true on a local network".into(),
                ));
            }
            if let Some(mock) = &p.mock {
                if !(mock.price.is_finite() && mock.price > 0.0) {
                    errors.push(err(
                        line,
                        &field("mock.price"),
                        format!("{} must be > 0", mock.price),
                    ));
                }
                match &p.source {
                    PriceSource::Pyth { contract, .. } if contract == "$mock_pyth" => {}
                    _ => errors.push(err(
                        line,
                        &field("mock"),
                        "only a Pyth source on \"$mock_pyth\" has a mock feed".into(),
                    )),
                }
            }
            check_addresses(
                &serde_json::to_value(&p.source).unwrap_or_default(),
                &mut |bad| {
                    if bad == "$mock_pyth" && !mock_pyth {
                        errors.push(err(
                            line,
                            &field("source"),
                            "names \"$mock_pyth\" but [mock_pyth] is not enabled".into(),
                        ));
                    } else if bad.starts_with('$') && !PLACEHOLDERS.contains(&bad) {
                        errors.push(err(
                            line,
                            &field("source"),
                            format!("unknown placeholder {bad:?} (one of {PLACEHOLDERS:?})"),
                        ));
                    }
                },
            );
        }

        let mut listed = std::collections::BTreeSet::new();
        for (i, entry) in raw.assets.iter().enumerate() {
            let (a, line) = (entry.get_ref(), line_of(text, &entry.span()));
            let field = |f: &str| format!("assets[{i}] ({}).{f}", a.denom);
            if !listed.insert(a.denom.clone()) {
                errors.push(err(line, &field("denom"), "listed twice".into()));
            }
            if !seen.contains(&a.denom) {
                errors.push(err(
                    line,
                    &field("denom"),
                    "has no [[prices]] entry: the vault could not value it".into(),
                ));
            }
            if a.collateral.is_none() && a.lending.is_none() {
                errors.push(err(
                    line,
                    &field("collateral"),
                    "an asset is collateral, lendable or both".into(),
                ));
            }
            if let Some(c) = &a.collateral {
                if let Err(e) = validate_collateral_params(c.max_ltv, c.liquidation_threshold) {
                    errors.push(err(line, &field("collateral"), e.to_string()));
                }
                let curve = policy.bonus_for(&a.denom);
                if let Err(e) = validate_threshold_with_bonus(c.liquidation_threshold, curve.max) {
                    errors.push(err(
                        line,
                        &field("collateral.liquidation_threshold"),
                        e.to_string(),
                    ));
                }
            }
            if let Some(l) = &a.lending {
                if let Err(e) = l.rate_model.validate() {
                    errors.push(err(line, &field("lending.rate_model"), e.to_string()));
                }
                if let Err(e) = validate_reserve_factor(l.reserve_factor) {
                    errors.push(err(line, &field("lending.reserve_factor"), e.to_string()));
                }
            }
        }
        if listed.len() > usize::from(u8::MAX) {
            errors.push(err(0, "assets", "too many assets".into()));
        }
        for (i, entry) in raw.liquidity.iter().enumerate() {
            let (l, line) = (entry.get_ref(), line_of(text, &entry.span()));
            let field = format!("liquidity[{i}] ({})", l.denom);
            let lendable = raw
                .assets
                .iter()
                .any(|a| a.get_ref().denom == l.denom && a.get_ref().lending.is_some());
            if !lendable {
                errors.push(err(
                    line,
                    &field,
                    "is not a lendable asset of [[assets]]".into(),
                ));
            }
            if l.amount.is_zero() {
                errors.push(err(line, &field, "amount must be > 0".into()));
            }
        }
        for (name, addr) in [
            ("vault.treasury", Some(&raw.vault.treasury)),
            ("vault.guardian", raw.vault.guardian.as_ref()),
            ("liquidation.treasury", raw.liquidation.treasury.as_ref()),
            ("artifacts.admin", Some(&raw.artifacts.admin)),
        ] {
            if let Some(addr) = addr {
                if addr.starts_with('$') && !PLACEHOLDERS.contains(&addr.as_str()) {
                    errors.push(err(
                        0,
                        name,
                        format!("unknown placeholder {addr:?} (one of {PLACEHOLDERS:?})"),
                    ));
                }
            }
        }
        // a template's `<...>` left in a value
        for (i, line) in text.lines().enumerate() {
            let code = line.split('#').next().unwrap_or_default();
            let Some((key, value)) = code.split_once('=') else {
                continue;
            };
            if let (Some(open), Some(close)) = (value.find('<'), value.rfind('>')) {
                if open < close {
                    errors.push(err(
                        i + 1,
                        key.trim(),
                        format!("a template placeholder is left: {}", &value[open..=close]),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let base = path.parent().unwrap_or(Path::new("."));
        let mut artifacts = raw.artifacts.clone();
        artifacts.dir = base.join(&artifacts.dir).to_string_lossy().into_owned();
        Ok(Deployment {
            path: path.to_path_buf(),
            network: raw.network,
            deployer: raw.deployer.into_inner(),
            artifacts,
            oracle: raw.oracle,
            vault: raw.vault,
            liquidation: raw.liquidation,
            mock_pyth,
            prices: raw.prices.into_iter().map(Spanned::into_inner).collect(),
            assets: raw.assets.into_iter().map(Spanned::into_inner).collect(),
            liquidity: raw.liquidity.into_iter().map(Spanned::into_inner).collect(),
        })
    }

    /// Replaces `[network]`: `local` is the chain of `scripts/localnet.sh` (ports from
    /// `BALLAST_RPC_PORT` and `BALLAST_API_PORT`, defaults 26657 and 1317), anything else a TOML
    /// file with a `[network]` table.
    ///
    /// Errors: the file's problems, with line and field; a mock Pyth on a network that is not
    /// local.
    pub fn override_network(&mut self, spec: &str) -> Result<(), Vec<DeploymentError>> {
        let (path, network) = network_override(spec)?;
        if self.mock_pyth && !network.local {
            return Err(vec![DeploymentError {
                file: path,
                line: 0,
                field: "network.local".into(),
                message: "the deployment deploys the mock Pyth contract, which is for local networks only".into(),
            }]);
        }
        self.network = network;
        Ok(())
    }

    /// Chain id.
    pub fn chain_id(&self) -> &str {
        self.network.chain_id.get_ref()
    }

    /// Bech32 prefix.
    pub fn prefix(&self) -> &str {
        self.network.prefix.get_ref()
    }

    /// The deployer's mnemonic, from the environment or the key file.
    ///
    /// Errors: a message naming the variable or file (never the mnemonic).
    pub fn deployer_mnemonic(&self) -> Result<String, String> {
        read_mnemonic(&self.deployer, &self.path)
    }

    /// Fee settings of the network.
    pub fn fees(&self) -> super::signer::FeeSettings {
        self.network.fees()
    }

    /// Where the record of this deployment is written: `<file's directory>/<chain-id>.json`.
    pub fn record_path(&self) -> PathBuf {
        self.path
            .parent()
            .unwrap_or(Path::new("."))
            .join(format!("{}.json", self.chain_id()))
    }
}

/// Reads a mnemonic from `source` (a file is relative to `relative_to`'s directory).
pub fn read_mnemonic(source: &KeySource, relative_to: &Path) -> Result<String, String> {
    if let Some(var) = &source.mnemonic_env {
        return std::env::var(var).map_err(|_| format!("environment variable {var} is not set"));
    }
    if let Some(file) = &source.mnemonic_file {
        let path = relative_to.parent().unwrap_or(Path::new(".")).join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("key file {}: {e}", path.display()))?;
        let Some(key) = &source.key else {
            return Ok(text.trim().to_string());
        };
        let table: toml::Table = toml::from_str(&text)
            .map_err(|e| format!("key file {}: {}", path.display(), e.message()))?;
        return table
            .get("mnemonics")
            .and_then(|m| m.get(key))
            .and_then(|m| m.as_str())
            .map(str::to_string)
            .ok_or_else(|| {
                format!(
                    "key file {} has no [mnemonics] entry {key:?}",
                    path.display()
                )
            });
    }
    Err("no mnemonic_env or mnemonic_file".into())
}

/// Calls `found` for every string in `value` that starts with `$`.
fn check_addresses(value: &serde_json::Value, found: &mut impl FnMut(&str)) {
    match value {
        serde_json::Value::String(s) if s.starts_with('$') => found(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| check_addresses(v, found)),
        serde_json::Value::Object(map) => map.values().for_each(|v| check_addresses(v, found)),
        _ => {}
    }
}

/// Replaces the placeholders in `value` by the addresses `resolve` gives.
pub fn substitute(value: &mut serde_json::Value, resolve: &impl Fn(&str) -> Option<String>) {
    match value {
        serde_json::Value::String(s) if s.starts_with('$') => {
            if let Some(addr) = resolve(s) {
                *s = addr;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| substitute(v, resolve)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| substitute(v, resolve)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> (PathBuf, String) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deployments/local.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        (path, text)
    }

    #[test]
    fn the_shipped_deployment_files_are_valid() {
        let (path, text) = local();
        let d = Deployment::parse(&path, &text).unwrap();
        assert_eq!(d.chain_id(), "ballast-local");
        assert!(d.mock_pyth && d.network.local);
        assert!(d.assets.iter().any(|a| a.lending.is_some()));
        assert!(d.assets.iter().any(|a| a.collateral.is_some()));
        assert!(d.record_path().ends_with("deployments/ballast-local.json"));
        let testnet =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deployments/testnet.example.toml");
        // the testnet template is complete but for its placeholders, each reported
        let errs = Deployment::load(&testnet).unwrap_err();
        assert!(errs.len() >= 10, "{errs:#?}");
        assert!(
            errs.iter()
                .all(|e| e.message.starts_with("a template placeholder is left")
                    || e.message.contains('<')),
            "{errs:#?}"
        );
        let filled = std::fs::read_to_string(&testnet)
            .unwrap()
            .lines()
            .map(|l| {
                // `<usdc-denom>` -> `usdcdenom`: distinct, plausible values
                let mut inside = false;
                let mut out = String::new();
                for c in l.split('#').next().unwrap_or_default().chars() {
                    match c {
                        '<' => inside = true,
                        '>' => inside = false,
                        c if inside && !c.is_ascii_alphanumeric() => {}
                        c => out.push(c),
                    }
                }
                out
            })
            .collect::<Vec<_>>()
            .join("\n");
        let d = Deployment::parse(&testnet, &filled).unwrap();
        assert!(!d.mock_pyth && !d.network.local);
        assert!(d.prices.iter().all(|p| p.mock.is_none()));
    }

    fn errors_of(text: &str) -> Vec<DeploymentError> {
        Deployment::parse(Path::new("d.toml"), text).unwrap_err()
    }

    #[test]
    fn a_misspelt_field_is_named_with_its_line() {
        let (_, text) = local();
        let bad = text.replacen("max_ltv", "max_ltvv", 1);
        let errs = errors_of(&bad);
        assert_eq!(errs.len(), 1, "{errs:?}");
        let line = bad.lines().position(|l| l.contains("max_ltvv")).unwrap() + 1;
        assert!(errs[0].message.contains("max_ltvv"), "{errs:?}");
        assert_eq!(errs[0].line, line, "{errs:?}");
        assert!(errs[0].to_string().starts_with(&format!("d.toml:{line}: ")));
    }

    #[test]
    fn a_missing_field_is_named() {
        let (_, text) = local();
        let bad: String = text
            .lines()
            .filter(|l| !l.starts_with("quote_symbol"))
            .collect::<Vec<_>>()
            .join("\n");
        let errs = errors_of(&bad);
        assert!(errs[0].message.contains("quote_symbol"), "{errs:?}");
    }

    #[test]
    fn every_bound_problem_is_reported_at_once() {
        let (_, text) = local();
        let bad = text
            .replacen(
                "liquidation_threshold = \"0.75\"",
                "liquidation_threshold = \"0.6\"",
                1,
            )
            .replacen("local = true", "local = false", 1)
            .replacen(
                "max_assets_per_account = 8",
                "max_assets_per_account = 0",
                1,
            );
        let errs = errors_of(&bad);
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert!(
            fields.iter().any(|f| f.ends_with(".collateral")),
            "{errs:#?}"
        );
        assert!(fields.contains(&"mock_pyth.enabled"), "{errs:#?}");
        assert!(
            fields.contains(&"vault.max_assets_per_account"),
            "{errs:#?}"
        );
        assert!(
            errs.iter()
                .all(|e| e.line > 0 || e.field.starts_with("network.r")),
            "{errs:#?}"
        );
    }

    #[test]
    fn placeholders_are_checked_and_substituted() {
        let (_, text) = local();
        let bad = text.replacen("\"$mock_pyth\"", "\"$mock_pith\"", 1);
        let errs = errors_of(&bad);
        assert!(
            errs.iter().any(|e| e.message.contains("$mock_pith")),
            "{errs:#?}"
        );
        let mut v = serde_json::json!({"pyth": {"contract": "$mock_pyth", "n": ["$vault", "x"]}});
        substitute(&mut v, &|p| {
            (p == "$mock_pyth" || p == "$vault").then(|| format!("addr-{}", &p[1..]))
        });
        assert_eq!(
            v,
            serde_json::json!({"pyth": {"contract": "addr-mock_pyth", "n": ["addr-vault", "x"]}})
        );
    }
}
