//! One protocol script, run on any [`Chain`]: on cw-multi-test with the native contracts (the
//! differential test) and on the VM with the Wasm artifacts (the differential test, the gas report,
//! the ceilings).
//!
//! The script is data ([`steps`]): each step names who sends what to which contract, whether it
//! must succeed, and, for user-facing actions, the line of the gas report it measures. Contracts
//! are deployed by [`deploy`] and addressed by [`Kind`], users by name ([`user`]), so the same
//! bytes are sent on both chains. After every step [`snapshot`] reads every balance, account,
//! position, market and supply as the contracts return them (raw JSON).
//!
//! Liquidations go through the liquidation contract (`Liquidate`, funds: the debt offered; it
//! computes the amounts with its policy, asks the vault to settle and refunds the rest).

use cosmwasm_std::{coin, to_json_binary, Addr, Binary, Coin, Decimal, Decimal256, Uint128};
use serde::Serialize;

use ballast_types::liquidation::{
    BonusCurve, ExecuteMsg as LiquidationExecute, InstantiateMsg as LiquidationInstantiate,
    LiquidationPolicy,
};
use ballast_types::oracle::{
    ExecuteMsg as OracleExecute, InstantiateMsg as OracleInstantiate, PriceSource,
};
use ballast_types::vault::{
    CollateralParams, ExecuteMsg as VaultExecute, InstantiateMsg as VaultInstantiate,
    LendingParams, QueryMsg as VaultQuery, RateModel,
};

use crate::vm::{Usage, VmApp};

/// The contracts of the protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `ballast-oracle`.
    Oracle,
    /// `ballast-vault`.
    Vault,
    /// `ballast-liquidation`.
    Liquidation,
}

impl Kind {
    /// The artifact's name (`artifacts/<name>.wasm`).
    pub fn artifact(self) -> &'static str {
        match self {
            Kind::Oracle => "ballast_oracle",
            Kind::Vault => "ballast_vault",
            Kind::Liquidation => "ballast_liquidation",
        }
    }
}

/// What the script needs from a chain.
pub trait Chain {
    /// Instantiates a contract of `kind` (its code stored on first use).
    fn instantiate(&mut self, kind: Kind, sender: &Addr, msg: Binary) -> Result<Addr, String>;
    /// Executes; returns what the transaction cost when the chain measures it.
    fn execute(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        msg: Binary,
        funds: &[Coin],
    ) -> Result<Option<Usage>, String>;
    /// Smart query; the raw JSON answer.
    fn query(&self, contract: &Addr, msg: Binary) -> Result<Binary, String>;
    /// Bank balance.
    fn balance(&self, addr: &Addr, denom: &str) -> u128;
    /// Gives coins out of nothing.
    fn mint(&mut self, addr: &Addr, coins: &[Coin]);
    /// Moves time (and height) forward.
    fn advance(&mut self, seconds: u64);
}

/// The address of a test user, as `MockApi::addr_make` makes it on both chains.
pub fn user(name: &str) -> Addr {
    Addr::unchecked(cosmwasm_vm::testing::MockApi::default().addr_make(name))
}

/// JSON of a message.
pub fn json<T: Serialize>(msg: &T) -> Binary {
    to_json_binary(msg).expect("messages serialise")
}

/// Users of the script.
pub const USERS: [&str; 10] = [
    "owner",
    "treasury",
    "lender",
    "lender2",
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "liquidator",
];

/// Denoms of the script: (denom, decimals, normalised price in µUSD per smallest unit).
pub const ASSETS: [(&str, u8, &str); 5] = [
    ("uusdc", 6, "1"),
    ("uatom", 6, "10"),
    ("wbtc", 8, "600"),
    ("weth", 18, "0.000000003"),
    ("uosmo", 6, "0.5"),
];

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

fn collateral(max_ltv: &str, threshold: &str) -> Option<CollateralParams> {
    Some(CollateralParams {
        max_ltv: dec(max_ltv),
        liquidation_threshold: dec(threshold),
        deposit_cap: None,
    })
}

fn lending() -> Option<LendingParams> {
    Some(LendingParams {
        rate_model: RateModel {
            base: dec("0.02"),
            slope1: dec("0.1"),
            slope2: dec("1"),
            optimal_utilization: dec("0.8"),
        },
        reserve_factor: dec("0.1"),
        supply_cap: None,
        borrow_cap: None,
    })
}

/// The deployed protocol on one chain.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// The oracle adapter.
    pub oracle: Addr,
    /// The vault.
    pub vault: Addr,
    /// The liquidation contract.
    pub liquidation: Addr,
}

impl Deployment {
    /// Address of a contract.
    pub fn addr(&self, kind: Kind) -> &Addr {
        match kind {
            Kind::Oracle => &self.oracle,
            Kind::Vault => &self.vault,
            Kind::Liquidation => &self.liquidation,
        }
    }
}

/// Sets a Fixed price in the oracle.
pub fn set_price(denom: &str, decimals: u8, price: &str) -> OracleExecute {
    OracleExecute::SetPriceSource {
        denom: denom.to_string(),
        decimals,
        source: PriceSource::Fixed {
            price: price.parse::<Decimal256>().expect("price literal"),
        },
    }
}

/// Deploys the oracle (Fixed prices for [`ASSETS`]) and the vault (every asset listed), and funds
/// the users.
pub fn deploy(chain: &mut dyn Chain) -> Deployment {
    let owner = user("owner");
    let oracle = chain
        .instantiate(
            Kind::Oracle,
            &owner,
            json(&OracleInstantiate {
                owner: owner.to_string(),
                quote_symbol: "USD".to_string(),
                quote_decimals: 6,
            }),
        )
        .expect("oracle instantiates");
    for (denom, decimals, price) in ASSETS {
        chain
            .execute(
                &owner,
                &oracle,
                json(&set_price(denom, decimals, price)),
                &[],
            )
            .expect("price source set");
    }
    let vault = chain
        .instantiate(
            Kind::Vault,
            &owner,
            json(&VaultInstantiate {
                owner: owner.to_string(),
                oracle: oracle.to_string(),
                liquidation: None,
                treasury: user("treasury").to_string(),
                guardian: None,
                min_debt_value: Uint128::new(10_000_000),
                max_assets_per_account: 8,
            }),
        )
        .expect("vault instantiates");
    // the liquidation contract, registered before the assets are listed (listing checks each
    // liquidation threshold against its bonus policy)
    let liquidation = chain
        .instantiate(
            Kind::Liquidation,
            &owner,
            json(&LiquidationInstantiate {
                owner: owner.to_string(),
                vault: vault.to_string(),
                treasury: user("treasury").to_string(),
                policy: policy(),
            }),
        )
        .expect("liquidation instantiates");
    let msg = VaultExecute::UpdateConfig {
        oracle: None,
        liquidation: Some(liquidation.to_string()),
        treasury: None,
        guardian: None,
        min_debt_value: None,
        max_assets_per_account: None,
    };
    chain
        .execute(&owner, &vault, json(&msg), &[])
        .expect("liquidation contract registered");
    let params = [
        ("uusdc", collateral("0.7", "0.75"), lending()),
        ("uatom", collateral("0.6", "0.7"), lending()),
        ("wbtc", collateral("0.65", "0.75"), None),
        ("weth", collateral("0.65", "0.75"), None),
        ("uosmo", collateral("0.4", "0.5"), None),
    ];
    for ((denom, collateral, lending), (_, decimals, _)) in params.into_iter().zip(ASSETS) {
        let msg = VaultExecute::ListAsset {
            denom: denom.to_string(),
            decimals,
            collateral,
            lending,
        };
        chain
            .execute(&owner, &vault, json(&msg), &[])
            .expect("asset listed");
    }
    let four = || {
        vec![
            coin(100_000_000, "uatom"),
            coin(10_000_000, "wbtc"),
            coin(1_000_000_000_000_000_000, "weth"),
            coin(10_000_000_000, "uosmo"),
        ]
    };
    let mut funds: Vec<(&str, Vec<Coin>)> = vec![
        ("lender", vec![coin(2_000_000_000_000, "uusdc")]),
        ("lender2", vec![coin(100_000_000_000, "uatom")]),
        (
            "alice",
            vec![
                coin(1_100_000_000, "uatom"),
                coin(100_000_000, "wbtc"),
                coin(1_000_000_000, "uusdc"),
            ],
        ),
        ("bob", four()),
        ("carol", vec![coin(10_000_000_000, "uosmo")]),
        ("dave", four()),
        ("erin", vec![coin(2_000_000_000, "uosmo")]),
        ("liquidator", vec![coin(1_000_000_000_000, "uusdc")]),
    ];
    // bob repays at the end
    funds[3].1.push(coin(1_000_000_000, "uusdc"));
    for (name, coins) in funds {
        chain.mint(&user(name), &coins);
    }
    Deployment {
        oracle,
        vault,
        liquidation,
    }
}

/// What a step does.
#[derive(Clone, Debug)]
pub enum Action {
    /// A transaction from a user to a contract.
    Execute {
        /// Sender's name.
        sender: &'static str,
        /// Receiving contract.
        contract: Kind,
        /// The message, as JSON.
        msg: Binary,
        /// Funds sent along.
        funds: Vec<Coin>,
    },
    /// Time passes.
    Advance(u64),
}

/// One step of the script.
#[derive(Clone, Debug)]
pub struct Step {
    /// What happens, for messages and the report.
    pub label: &'static str,
    /// The gas report line this step measures (user-facing actions only).
    pub gas: Option<&'static str>,
    /// The action.
    pub action: Action,
    /// Whether the action must succeed (a failing step must fail on every chain).
    pub expect_ok: bool,
}

fn exec(
    label: &'static str,
    gas: Option<&'static str>,
    sender: &'static str,
    contract: Kind,
    msg: impl Serialize,
    funds: Vec<Coin>,
) -> Step {
    Step {
        label,
        gas,
        action: Action::Execute {
            sender,
            contract,
            msg: json(&msg),
            funds,
        },
        expect_ok: true,
    }
}

fn fails(mut step: Step) -> Step {
    step.expect_ok = false;
    step.gas = None;
    step
}

fn deposit(account: u32) -> VaultExecute {
    VaultExecute::Deposit {
        account: Some(account),
        on_behalf_of: None,
    }
}

fn borrow(denom: &str, amount: u128, account: u32) -> VaultExecute {
    VaultExecute::Borrow {
        denom: denom.to_string(),
        amount: Uint128::new(amount),
        account: Some(account),
        recipient: None,
    }
}

fn repay(account: u32) -> VaultExecute {
    VaultExecute::Repay {
        account: Some(account),
        on_behalf_of: None,
    }
}

fn withdraw(denom: &str, amount: Option<u128>, account: u32) -> VaultExecute {
    VaultExecute::Withdraw {
        denom: denom.to_string(),
        amount: amount.map(Uint128::new),
        account: Some(account),
        recipient: None,
    }
}

fn redeem(denom: &str, amount: Option<u128>) -> VaultExecute {
    VaultExecute::Redeem {
        denom: denom.to_string(),
        amount: amount.map(Uint128::new),
        recipient: None,
    }
}

/// The liquidation policy of the script: close factor 50 %, full liquidation under a health
/// factor of 0.95, 10 % of the bonus to the protocol, 1 USD of dust, bonus 5 % + (1 − HF), 2–30 %.
pub fn policy() -> LiquidationPolicy {
    LiquidationPolicy {
        close_factor: dec("0.5"),
        full_liquidation_hf: dec("0.95"),
        protocol_fee_share: dec("0.1"),
        min_leftover_value: Uint128::new(1_000_000),
        default_bonus: BonusCurve {
            start: dec("0.05"),
            slope: dec("1"),
            min: dec("0.02"),
            max: dec("0.3"),
        },
        bonus_overrides: vec![],
    }
}

/// `Liquidate` of `owner`'s account 0, seizing `denom`.
pub fn liquidate(owner: &str, denom: &str) -> LiquidationExecute {
    LiquidationExecute::Liquidate {
        owner: user(owner).to_string(),
        account: Some(0),
        collateral_denom: denom.to_string(),
        min_collateral_out: None,
        recipient: None,
    }
}

fn four_collaterals() -> Vec<Coin> {
    vec![
        coin(100_000_000, "uatom"),
        coin(10_000_000, "wbtc"),
        coin(1_000_000_000_000_000_000, "weth"),
        coin(10_000_000_000, "uosmo"),
    ]
}

/// The script. Values in the comments are in USD at the prices of the moment.
pub fn steps() -> Vec<Step> {
    use Kind::{Liquidation, Oracle, Vault};
    let day = 86_400;
    vec![
        exec(
            "lender supplies 1,000,000 USDC",
            Some("supply"),
            "lender",
            Vault,
            VaultExecute::Supply { on_behalf_of: None },
            vec![coin(1_000_000_000_000, "uusdc")],
        ),
        exec(
            "lender2 supplies 1,000 ATOM",
            None,
            "lender2",
            Vault,
            VaultExecute::Supply { on_behalf_of: None },
            vec![coin(1_000_000_000, "uatom")],
        ),
        // alice: 1,000 ATOM (10,000) in account 0, 1 BTC (60,000) in account 1
        exec(
            "alice deposits 1,000 ATOM",
            Some("deposit (1 coin)"),
            "alice",
            Vault,
            deposit(0),
            vec![coin(1_000_000_000, "uatom")],
        ),
        exec(
            "alice deposits 1 BTC to sub-account 1",
            Some("deposit (new sub-account)"),
            "alice",
            Vault,
            deposit(1),
            vec![coin(100_000_000, "wbtc")],
        ),
        // bob: 1,000 + 6,000 + 3,000 + 5,000 = 15,000; borrow capacity 600 + 3,900 + 1,950 +
        // 2,000 = 8,450; alice's capacity is 6,000
        exec(
            "bob deposits ATOM, BTC, ETH, OSMO",
            Some("deposit (4 coins)"),
            "bob",
            Vault,
            deposit(0),
            four_collaterals(),
        ),
        exec(
            "alice borrows 5,000 USDC",
            Some("borrow (1 collateral)"),
            "alice",
            Vault,
            borrow("uusdc", 5_000_000_000, 0),
            vec![],
        ),
        fails(exec(
            "alice cannot borrow past max LTV",
            None,
            "alice",
            Vault,
            borrow("uusdc", 3_000_000_000, 0),
            vec![],
        )),
        exec(
            "bob borrows 8,000 USDC",
            Some("borrow (4 collaterals)"),
            "bob",
            Vault,
            borrow("uusdc", 8_000_000_000, 0),
            vec![],
        ),
        exec(
            "alice borrows 100 ATOM against BTC",
            Some("borrow (1 collateral, 2nd market)"),
            "alice",
            Vault,
            borrow("uatom", 100_000_000, 1),
            vec![],
        ),
        Step {
            label: "30 days pass",
            gas: None,
            action: Action::Advance(30 * day),
            expect_ok: true,
        },
        exec(
            "alice repays 2,000 USDC",
            Some("repay"),
            "alice",
            Vault,
            repay(0),
            vec![coin(2_000_000_000, "uusdc")],
        ),
        exec(
            "alice repays the ATOM loan with 200 ATOM (excess refunded)",
            Some("repay (all, refund)"),
            "alice",
            Vault,
            repay(1),
            vec![coin(200_000_000, "uatom")],
        ),
        exec(
            "alice withdraws 100 ATOM",
            Some("withdraw (with debt)"),
            "alice",
            Vault,
            withdraw("uatom", Some(100_000_000), 0),
            vec![],
        ),
        fails(exec(
            "alice cannot withdraw below the margin",
            None,
            "alice",
            Vault,
            withdraw("uatom", Some(800_000_000), 0),
            vec![],
        )),
        exec(
            "alice withdraws all BTC from sub-account 1",
            Some("withdraw (no debt)"),
            "alice",
            Vault,
            withdraw("wbtc", None, 1),
            vec![],
        ),
        exec(
            "lender redeems 100,000 USDC",
            Some("redeem"),
            "lender",
            Vault,
            redeem("uusdc", Some(100_000_000_000)),
            vec![],
        ),
        // carol: 10,000 OSMO (5,000), capacity 2,000, threshold value 2,500
        exec(
            "carol deposits 10,000 OSMO",
            None,
            "carol",
            Vault,
            deposit(0),
            vec![coin(10_000_000_000, "uosmo")],
        ),
        exec(
            "carol borrows 1,900 USDC",
            None,
            "carol",
            Vault,
            borrow("uusdc", 1_900_000_000, 0),
            vec![],
        ),
        exec(
            "dave deposits ATOM, BTC, ETH, OSMO",
            None,
            "dave",
            Vault,
            deposit(0),
            four_collaterals(),
        ),
        exec(
            "dave borrows 8,000 USDC",
            None,
            "dave",
            Vault,
            borrow("uusdc", 8_000_000_000, 0),
            vec![],
        ),
        // erin: 2,000 OSMO (1,000), capacity 400
        exec(
            "erin deposits 2,000 OSMO",
            None,
            "erin",
            Vault,
            deposit(0),
            vec![coin(2_000_000_000, "uosmo")],
        ),
        exec(
            "erin borrows 390 USDC",
            None,
            "erin",
            Vault,
            borrow("uusdc", 390_000_000, 0),
            vec![],
        ),
        fails(exec(
            "carol is not liquidatable yet",
            None,
            "liquidator",
            Liquidation,
            liquidate("carol", "uosmo"),
            vec![coin(1_000_000, "uusdc")],
        )),
        // OSMO 0.5 → 0.3, ETH 3,000 → 1,000: carol's threshold value 1,500 < 1,900 of debt;
        // dave's 700 + 4,500 + 750 + 1,500 = 7,450 < 8,000; erin's 300 < 390
        exec(
            "OSMO drops to 0.30",
            Some("set price (oracle)"),
            "owner",
            Oracle,
            set_price("uosmo", 6, "0.3"),
            vec![],
        ),
        exec(
            "ETH drops to 1,000",
            None,
            "owner",
            Oracle,
            set_price("weth", 18, "0.000000001"),
            vec![],
        ),
        // offers 1,000 USDC; the close factor and bonus decide what is taken and seized
        exec(
            "carol is liquidated (1 collateral)",
            Some("liquidate (1 collateral)"),
            "liquidator",
            Liquidation,
            liquidate("carol", "uosmo"),
            vec![coin(1_000_000_000, "uusdc")],
        ),
        exec(
            "dave is liquidated (4 collaterals), BTC seized",
            Some("liquidate (4 collaterals)"),
            "liquidator",
            Liquidation,
            liquidate("dave", "wbtc"),
            vec![coin(2_000_000_000, "uusdc")],
        ),
        // OSMO 0.05: erin's 2,000 OSMO are worth 100 against 390 of debt
        exec(
            "OSMO crashes to 0.05",
            None,
            "owner",
            Oracle,
            set_price("uosmo", 6, "0.05"),
            vec![],
        ),
        exec(
            "erin is liquidated to zero collateral: bad debt written off",
            Some("liquidate + bad-debt write-off"),
            "liquidator",
            Liquidation,
            liquidate("erin", "uosmo"),
            vec![coin(390_000_000, "uusdc")],
        ),
        Step {
            label: "1 day passes",
            gas: None,
            action: Action::Advance(day),
            expect_ok: true,
        },
        exec(
            "bob repays 500 USDC",
            None,
            "bob",
            Vault,
            repay(0),
            vec![coin(500_000_000, "uusdc")],
        ),
        exec(
            "lender redeems all it can",
            Some("redeem (all)"),
            "lender",
            Vault,
            redeem("uusdc", None),
            vec![],
        ),
        exec(
            "lender2 redeems all ATOM",
            None,
            "lender2",
            Vault,
            redeem("uatom", None),
            vec![],
        ),
    ]
}

/// Runs one step; `Ok(usage)` when it succeeded (usage when the chain measures).
pub fn apply(
    chain: &mut dyn Chain,
    deployment: &Deployment,
    step: &Step,
) -> Result<Option<Usage>, String> {
    match &step.action {
        Action::Execute {
            sender,
            contract,
            msg,
            funds,
        } => chain.execute(
            &user(sender),
            deployment.addr(*contract),
            msg.clone(),
            funds,
        ),
        Action::Advance(seconds) => {
            chain.advance(*seconds);
            Ok(None)
        }
    }
}

/// Everything observable after a step, as (what, raw JSON or value) pairs in a fixed order.
pub fn snapshot(chain: &dyn Chain, deployment: &Deployment) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut query = |what: String, msg: VaultQuery| {
        let answer = match chain.query(&deployment.vault, json(&msg)) {
            Ok(bytes) => String::from_utf8_lossy(bytes.as_slice()).into_owned(),
            Err(_) => "error".to_string(),
        };
        out.push((what, answer));
    };
    query(
        "markets".to_string(),
        VaultQuery::Markets {
            start_after: None,
            limit: None,
        },
    );
    for name in USERS {
        let owner = user(name).to_string();
        for account in [0, 1] {
            query(
                format!("{name}/{account} account"),
                VaultQuery::Account {
                    owner: owner.clone(),
                    account: Some(account),
                },
            );
            query(
                format!("{name}/{account} position"),
                VaultQuery::Position {
                    owner: owner.clone(),
                    account: Some(account),
                    kind: None,
                },
            );
        }
        query(
            format!("{name} supplies"),
            VaultQuery::Supplies {
                lender: owner,
                start_after: None,
                limit: None,
            },
        );
    }
    for name in USERS {
        for (denom, _, _) in ASSETS {
            out.push((
                format!("{name} {denom}"),
                chain.balance(&user(name), denom).to_string(),
            ));
        }
    }
    for (denom, _, _) in ASSETS {
        out.push((
            format!("vault {denom}"),
            chain.balance(&deployment.vault, denom).to_string(),
        ));
        out.push((
            format!("liquidation contract {denom}"),
            chain.balance(&deployment.liquidation, denom).to_string(),
        ));
    }
    out
}

/// The VM as a [`Chain`]: the Wasm artifacts on [`VmApp`].
pub struct VmChain {
    /// The router.
    pub app: VmApp,
    codes: Vec<(Kind, u64)>,
}

impl Default for VmChain {
    fn default() -> Self {
        Self::new()
    }
}

impl VmChain {
    /// A router with no code stored yet.
    pub fn new() -> Self {
        VmChain {
            app: VmApp::new(),
            codes: Vec::new(),
        }
    }

    fn code_id(&mut self, kind: Kind) -> u64 {
        if let Some((_, id)) = self.codes.iter().find(|(k, _)| *k == kind) {
            return *id;
        }
        let id = self.app.store_artifact(kind.artifact());
        self.codes.push((kind, id));
        id
    }
}

impl Chain for VmChain {
    fn instantiate(&mut self, kind: Kind, sender: &Addr, msg: Binary) -> Result<Addr, String> {
        let code_id = self.code_id(kind);
        self.app
            .instantiate_raw(code_id, sender, msg.as_slice(), &[], kind.artifact())
    }

    fn execute(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        msg: Binary,
        funds: &[Coin],
    ) -> Result<Option<Usage>, String> {
        self.app
            .execute_raw(sender, contract, msg.as_slice(), funds)
            .map(|res| Some(res.usage))
    }

    fn query(&self, contract: &Addr, msg: Binary) -> Result<Binary, String> {
        self.app.query_raw(contract, msg.as_slice())
    }

    fn balance(&self, addr: &Addr, denom: &str) -> u128 {
        self.app.balance(addr, denom)
    }

    fn mint(&mut self, addr: &Addr, coins: &[Coin]) {
        for c in coins {
            self.app.mint(addr, c);
        }
    }

    fn advance(&mut self, seconds: u64) {
        self.app.advance(seconds);
    }
}

/// One measured line of the gas report.
#[derive(Clone, Debug)]
pub struct Measured {
    /// The report line.
    pub action: &'static str,
    /// The step it came from.
    pub step: &'static str,
    /// What it cost.
    pub usage: Usage,
}

/// Runs the whole script on the VM and returns the measured steps, in order.
pub fn measure() -> Vec<Measured> {
    let mut chain = VmChain::new();
    let deployment = deploy(&mut chain);
    let mut out = Vec::new();
    for step in steps() {
        let result = apply(&mut chain, &deployment, &step);
        assert_eq!(result.is_ok(), step.expect_ok, "{}: {result:?}", step.label);
        if let (Some(action), Ok(Some(usage))) = (step.gas, result) {
            out.push(Measured {
                action,
                step: step.label,
                usage,
            });
        }
    }
    out
}

/// Issue targets for the whole transaction in modelled SDK gas, by report line (where one is set).
pub fn target(action: &str) -> Option<u64> {
    let target = match action {
        a if a.starts_with("deposit") || a.starts_with("supply") => 90_000,
        a if a.starts_with("repay") => 90_000,
        "borrow (4 collaterals)" => 200_000,
        a if a.starts_with("borrow") => 175_000,
        a if a.starts_with("withdraw") => 175_000,
        a if a.starts_with("liquidate") => 400_000,
        _ => return None,
    };
    Some(target)
}

/// The gas report as a Markdown table, one line per measured step.
pub fn report_table(measured: &[Measured]) -> String {
    let mut out = String::new();
    out.push_str(
        "| action | VM gas | contracts entered | reads (bytes) | writes (bytes) | deletes | \
         iterator steps | events / attributes | SDK gas: instances | VM | storage | events | \
         **total** | target |\n",
    );
    out.push_str("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for m in measured {
        let u = &m.usage;
        let target = target(m.action).map_or("–".to_string(), |t| t.to_string());
        out.push_str(&format!(
            "| {} | {} | {} | {} ({}) | {} ({}) | {} | {} | {} / {} | {} | {} | {} | {} | **{}** | {} |\n",
            m.action,
            u.vm_gas,
            u.contracts_entered,
            u.reads,
            u.read_bytes,
            u.writes,
            u.write_bytes,
            u.deletes,
            u.iter_steps,
            u.events,
            u.attributes,
            u.instance_gas(),
            u.vm_sdk_gas,
            u.storage_gas,
            u.event_gas,
            u.sdk_gas(),
            target,
        ));
    }
    out
}
