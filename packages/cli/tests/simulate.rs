//! The simulator end to end on the real contracts: small scenarios written here, so each test
//! states the parameters it depends on.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use ballast_cli::{Report, Scenario, Simulation};
use ballast_types::oracle::PriceKind;
use ballast_types::vault::PositionResponse;
use cosmwasm_std::Addr;

/// A scenario text: one volatile collateral (`uatom`, Pyth) crashing by `crash` over
/// `crash_steps` steps from step 5, USDC lent at a fixed price, `borrowers` borrowers at
/// 90–99 % of their capacity, and the given parameters and bots.
fn scenario(
    max_ltv: f64,
    threshold: f64,
    crash: f64,
    crash_steps: u32,
    borrowers: u32,
    bots: &str,
) -> String {
    format!(
        r#"
name = "test"
[run]
steps = 40
step_seconds = 300
seed = 11

[policy]
close_factor = 0.5
full_liquidation_hf = 0.95
protocol_fee_share = 0.1
min_leftover_value = 1.0
bonus = {{ start = 0.04, slope = 1.0, min = 0.02, max = 0.15 }}

[[assets]]
denom = "uatom"
decimals = 6
price = 10.0
oracle = {{ source = "pyth", max_staleness_s = 900, max_confidence = 0.05, max_ema_deviation = 0.5 }}
collateral = {{ max_ltv = {max_ltv}, liquidation_threshold = {threshold} }}
path = {{ shocks = [{{ start_step = 5, steps = {crash_steps}, change = {crash} }}] }}

[[assets]]
denom = "uusdc"
decimals = 6
price = 1.0
oracle = {{ source = "fixed" }}
lending = {{ base = 0.0, slope1 = 0.1, slope2 = 1.0, optimal_utilization = 0.8, reserve_factor = 0.2 }}

[borrowers]
count = {borrowers}
collateral = [{{ denom = "uatom", weight = 1.0 }}]
debt = [{{ denom = "uusdc", weight = 1.0 }}]
size = {{ min = 1000.0, max = 50000.0 }}
target_ltv = {{ min = 0.9, max = 0.99 }}
sub_account_share = 0.2
behaviour = {{ passive = 1.0, top_up = 0.0, deleverage = 0.0, act_below_hf = 1.1, restore_hf = 1.3 }}

[[lenders]]
denom = "uusdc"
count = 5
total = 5000000.0

{bots}
"#
    )
}

const FAST_BOTS: &str = r#"
[[liquidators]]
name = "fast"
capital = { uusdc = 2000000.0 }
min_profit = 0.0
gas_cost = 0.01
latency_steps = 0
"#;

const SLOW_BOTS: &str = r#"
[[liquidators]]
name = "slow"
capital = { uusdc = 5000.0 }
min_profit = 10.0
gas_cost = 0.5
latency_steps = 8
max_per_step = 1
"#;

fn parse(text: &str) -> Scenario {
    Scenario::parse(text, "test.toml", Path::new(".")).unwrap_or_else(|errs| {
        panic!(
            "{}",
            errs.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// Runs `scenario` step by step and checks the simulator's totals against the contracts:
/// the vault's collateral totals against deposits, top-ups and the `liquidate` events, its
/// deficits against the `bad_debt` events, and the report's counts against the events.
fn run_and_reconcile(scenario: &Scenario) -> Report {
    run_and_reconcile_with(scenario, |_| {})
}

/// [`run_and_reconcile`], calling `after_step` after every step.
fn run_and_reconcile_with(scenario: &Scenario, mut after_step: impl FnMut(&Simulation)) -> Report {
    let mut sim = Simulation::new(scenario, "test", scenario.run.seed).unwrap();
    let start = sim.env.vault().risk_summary().unwrap();
    while sim.step().unwrap() {
        after_step(&sim);
    }
    let end = sim.env.vault().risk_summary().unwrap();
    let events = sim.liquidate_events.clone();
    let topped_up = sim.topped_up.clone();
    let written_off = sim.written_off.clone();

    // Collateral: end = start + top-ups − Σ seized, per denom.
    let mut seized: BTreeMap<String, u128> = BTreeMap::new();
    for ev in &events {
        *seized.entry(ev.collateral_denom.clone()).or_default() += ev.seized.u128();
        assert_eq!(ev.to_liquidator + ev.protocol_fee, ev.seized);
        assert!(
            ev.health_before < cosmwasm_std::Decimal256::one(),
            "liquidated a healthy account"
        );
    }
    for (a, b) in start.assets.iter().zip(&end.assets) {
        let expected = a.total_collateral.u128() + topped_up.get(&a.denom).copied().unwrap_or(0)
            - seized.get(&a.denom).copied().unwrap_or(0);
        assert_eq!(
            b.total_collateral.u128(),
            expected,
            "collateral of {}",
            a.denom
        );
        // Deficit recorded by the vault = Σ bad_debt event amounts.
        assert_eq!(
            b.deficit.u128(),
            written_off.get(&a.denom).copied().unwrap_or(0),
            "deficit of {}",
            a.denom
        );
    }
    let report = sim.finish().unwrap();
    let s = &report.summary;
    assert_eq!(s.liquidations, events.len() as u64);
    assert_eq!(
        report
            .series
            .liquidations
            .iter()
            .map(|n| u64::from(*n))
            .sum::<u64>(),
        s.liquidations
    );
    assert_eq!(
        report
            .liquidators
            .iter()
            .map(|b| b.liquidations)
            .sum::<u64>(),
        s.liquidations
    );
    let bad: f64 = events.iter().map(|e| e.bad_debt.u128() as f64 / 1e6).sum();
    assert!((s.bad_debt_value - bad).abs() < 1e-6);
    assert_eq!(
        s.simulation_mismatches, 0,
        "a bot's simulation differed from the execution"
    );
    assert_eq!(
        s.bot_scans_refused, 0,
        "a missing price never refuses a scan"
    );
    assert_eq!(
        u64::from(s.bad_debt_accounts),
        events
            .iter()
            .filter(|e| !e.bad_debt.is_zero())
            .map(|e| (e.owner.clone(), e.account))
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u64
    );
    assert!(s.insolvent_closed <= s.bad_debt_accounts);
    report
}

/// Every position with debt at `Liquidation` prices, by `(owner, account)`.
fn positions(sim: &Simulation) -> BTreeMap<(String, u32), PositionResponse> {
    let handle = sim.env.vault_handle();
    let querier = sim.env.app.wrap();
    let mut all = BTreeMap::new();
    let mut cursor = None;
    loop {
        let page = handle
            .query_positions(&querier, cursor.clone(), Some(30), PriceKind::Liquidation)
            .unwrap();
        for p in page.positions {
            all.insert((p.owner.clone(), p.account), p);
        }
        cursor = page.next_start_after;
        if cursor.is_none() {
            return all;
        }
    }
}

#[test]
fn safe_parameters_and_fast_bots_end_without_bad_debt() {
    let sc = parse(&scenario(0.5, 0.6, -0.3, 20, 40, FAST_BOTS));
    let report = run_and_reconcile(&sc);
    let s = &report.summary;
    assert!(
        s.liquidations > 0,
        "the crash must liquidate someone: {s:?}"
    );
    assert_eq!(s.bad_debt_value, 0.0);
    assert_eq!(s.bad_debt_accounts, 0);
    assert_eq!(s.vault_deficit_value, 0.0);
    assert_eq!(
        s.liquidatable_at_end,
        Some(0),
        "fast bots clear every account"
    );
    assert!(s.lowest_health.is_some_and(|h| h < 1.0));
}

#[test]
fn aggressive_max_ltv_and_slow_bots_end_with_bad_debt() {
    let sc = parse(&scenario(0.82, 0.85, -0.5, 1, 40, SLOW_BOTS));
    let report = run_and_reconcile(&sc);
    let s = &report.summary;
    assert!(s.bad_debt_value > 0.0, "{s:?}");
    assert!(s.bad_debt_accounts > 0);
    assert!(s.vault_deficit_value > 0.0);
    // Reserves cover bad debt first, then suppliers lose: their return is negative.
    assert!(
        report.markets[0].supplier_return < 0.0,
        "{:?}",
        report.markets
    );
}

#[test]
fn same_seed_same_report_other_seed_other_population() {
    let sc = parse(&scenario(0.5, 0.6, -0.3, 20, 12, FAST_BOTS));
    let a = serde_json::to_string(&ballast_cli::run(&sc, "x", 3, |_, _| {}).unwrap()).unwrap();
    let b = serde_json::to_string(&ballast_cli::run(&sc, "x", 3, |_, _| {}).unwrap()).unwrap();
    let c = serde_json::to_string(&ballast_cli::run(&sc, "x", 4, |_, _| {}).unwrap()).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn bad_scenarios_name_the_line_and_field_and_nothing_runs() {
    let text = scenario(0.7, 0.6, -0.3, 20, 12, FAST_BOTS);
    let errs = Scenario::parse(&text, "bad.toml", Path::new(".")).unwrap_err();
    let line = text
        .lines()
        .position(|l| l.contains("max_ltv = 0.7"))
        .unwrap()
        + 1;
    let msg = errs
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        msg.contains(&format!("bad.toml:{line}:"))
            && msg.contains("assets[0].collateral.max_ltv")
            && msg.contains("below the liquidation threshold"),
        "{msg}"
    );
    // A threshold the bonus cap makes unsafe: lt · (1 + 0.15) ≥ 1.
    let errs = Scenario::parse(
        &scenario(0.8, 0.9, -0.3, 20, 12, FAST_BOTS),
        "b.toml",
        Path::new("."),
    )
    .unwrap_err();
    assert!(errs
        .iter()
        .any(|e| e.field == "assets[0].collateral.liquidation_threshold"));
    // Unknown fields and wrong types are parse errors with a position.
    let errs = Scenario::parse(
        &text.replace("seed = 11", "seed = 11\nsede = 3"),
        "t.toml",
        Path::new("."),
    )
    .unwrap_err();
    assert!(
        errs[0].position.is_some() && errs[0].message.contains("sede"),
        "{:?}",
        errs
    );
    let errs = Scenario::parse(
        &text.replace("steps = 40", "steps = \"forty\""),
        "t.toml",
        Path::new("."),
    )
    .unwrap_err();
    assert!(errs[0].position.is_some(), "{:?}", errs);
    // A Liquidation staleness bound below the Default one, and one on a fixed source.
    let stale = text.replace(
        "max_staleness_s = 900,",
        "max_staleness_s = 900, liquidation_max_staleness_s = 600,",
    );
    let errs = Scenario::parse(&stale, "s.toml", Path::new(".")).unwrap_err();
    let line = stale
        .lines()
        .position(|l| l.contains("liquidation_max_staleness_s = 600"))
        .unwrap()
        + 1;
    assert!(
        errs.iter().any(
            |e| e.field == "assets[0].oracle.liquidation_max_staleness_s"
                && e.position.is_some_and(|(l, _)| l == line)
                && e.message.contains("at least max_staleness_s")
        ),
        "{errs:?}"
    );
    let errs = Scenario::parse(
        &text.replace(
            "max_staleness_s = 900,",
            "max_staleness_s = 900, liquidation_max_staleness_s = 90000,",
        ),
        "s.toml",
        Path::new("."),
    )
    .unwrap_err();
    assert!(
        errs.iter()
            .any(|e| e.field == "assets[0].oracle.liquidation_max_staleness_s"),
        "{errs:?}"
    );
    let errs = Scenario::parse(
        &text.replace(
            "oracle = { source = \"fixed\" }",
            "oracle = { source = \"fixed\", liquidation_max_staleness_s = 60 }",
        ),
        "s.toml",
        Path::new("."),
    )
    .unwrap_err();
    assert!(
        errs.iter().any(|e| e.field == "assets[1].oracle.source"),
        "{errs:?}"
    );
    // A lender of an asset that cannot be lent.
    let errs = Scenario::parse(
        &text.replace(
            "denom = \"uusdc\"\ncount = 5",
            "denom = \"uatom\"\ncount = 5",
        ),
        "t.toml",
        Path::new("."),
    )
    .unwrap_err();
    assert!(
        errs.iter().any(|e| e.field == "lenders[0].denom"),
        "{:?}",
        errs
    );
}

#[test]
fn the_binary_runs_compares_and_refuses_bad_files() {
    let dir = std::env::temp_dir().join(format!("ballast-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sc = dir.join("s.toml");
    std::fs::write(&sc, scenario(0.5, 0.6, -0.3, 20, 10, FAST_BOTS)).unwrap();
    let other = dir.join("tight.toml");
    std::fs::write(
        &other,
        "name = \"tight\"\n[[assets]]\ndenom = \"uatom\"\ncollateral = { max_ltv = 0.7, liquidation_threshold = 0.75 }\n",
    )
    .unwrap();
    let out = dir.join("out");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ballast"))
            .arg("simulate")
            .arg(&sc)
            .args(["-q", "--out"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let first = run(&["--compare", other.to_str().unwrap()]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(stdout.contains("liquidations") && stdout.contains("bad debt written off"));
    assert!(
        stdout.contains("scenario")
            && stdout.contains("tight")
            && stdout.contains("difference (tight − scenario)"),
        "{stdout}"
    );
    let report = std::fs::read(out.join("report.json")).unwrap();
    assert!(out.join("compare/report.json").exists());
    // Charts: one per run and the two overlaid, in SVG and PNG, when a font can be found.
    match ballast_cli::chart::font_path() {
        Ok(_) => {
            for f in ["report", "compare/report", "compare"] {
                let png = std::fs::read(out.join(format!("{f}.png"))).unwrap();
                assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{f}.png");
                let svg = std::fs::read_to_string(out.join(format!("{f}.svg"))).unwrap();
                assert!(svg.contains("time (hours)") && svg.contains("liquidation threshold"));
            }
            let overlay = std::fs::read_to_string(out.join("compare.svg")).unwrap();
            assert!(overlay.contains("(scenario)") && overlay.contains("(tight)"));
        }
        Err(_) => assert!(String::from_utf8_lossy(&first.stderr).contains("BALLAST_FONT")),
    }
    // Each report records the tool, the build and the scenario as run, after overrides.
    let a: serde_json::Value = serde_json::from_slice(&report).unwrap();
    let b: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("compare/report.json")).unwrap()).unwrap();
    assert_eq!(a["tool"]["version"], env!("CARGO_PKG_VERSION"));
    if let Some(commit) = a["tool"]["git_commit"].as_str() {
        let hash = commit.trim_end_matches("-dirty");
        assert!(
            hash.len() == 40 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{commit}"
        );
    }
    assert!(a["units"]["values"].as_str().unwrap().contains("USD"));
    let max_ltv = |r: &serde_json::Value| {
        r["resolved_scenario"]["assets"][0]["collateral"]["max_ltv"].clone()
    };
    assert_eq!(max_ltv(&a), serde_json::json!(0.5));
    assert_eq!(
        max_ltv(&b),
        serde_json::json!(0.7),
        "the override is recorded"
    );
    assert_eq!(b["resolved_scenario"]["run"]["seed"], 11);
    assert_eq!(b["resolved_scenario"]["borrowers"]["count"], 10);
    let second = run(&[]);
    assert!(second.status.success());
    assert_eq!(
        std::fs::read(out.join("report.json")).unwrap(),
        report,
        "same seed, same bytes"
    );

    let bad = dir.join("bad.toml");
    std::fs::write(&bad, scenario(0.5, 0.6, -0.3, 20, 0, FAST_BOTS)).unwrap();
    let refused = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .args(["simulate", bad.to_str().unwrap(), "-q", "--out"])
        .arg(dir.join("never"))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("borrowers.count") && err.contains("bad.toml:"),
        "{err}"
    );
    assert!(
        !dir.join("never").exists(),
        "nothing is written for a bad scenario"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_shipped_scenarios_are_valid() {
    let base = Scenario::load(&ballast_cli::default_scenario_path()).unwrap();
    assert!(*base.borrowers.count.get_ref() >= 500 && *base.run.steps.get_ref() >= 500);
    let outage =
        Scenario::load(&ballast_cli::default_scenario_path().with_file_name("outage.toml"))
            .unwrap();
    assert!(!outage.outages.is_empty());
    let other = ballast_cli::default_scenario_path().with_file_name("aggressive.toml");
    let (params, label) = base.with_override(&other).unwrap();
    assert_eq!(label, "aggressive");
    assert_ne!(
        params
            .asset("uatom")
            .unwrap()
            .collateral
            .as_ref()
            .unwrap()
            .max_ltv
            .get_ref(),
        base.asset("uatom")
            .unwrap()
            .collateral
            .as_ref()
            .unwrap()
            .max_ltv
            .get_ref()
    );
}

/// A bot as slow as `SLOW_BOTS` (latency 8, high minimum profit and gas) but with the capital to
/// repay a whole collateral of any account of `scenario`.
const SLOW_RICH_BOTS: &str = r#"
[[liquidators]]
name = "slow"
capital = { uusdc = 200000.0 }
min_profit = 10.0
gas_cost = 0.5
latency_steps = 8
slippage = 0.01
max_per_step = 3
"#;

#[test]
fn slow_bots_close_every_insolvent_account_and_write_its_debt_off() {
    // −50 % in one step against LTVs of 0.74–0.81: every account is left with C < D.
    let sc = parse(&scenario(0.82, 0.85, -0.5, 1, 30, SLOW_RICH_BOTS));
    let mut insolvent = std::collections::BTreeSet::new();
    let mut max_debtors = 0;
    let report = run_and_reconcile_with(&sc, |sim| {
        let all = positions(sim);
        max_debtors = max_debtors.max(all.len());
        for (key, p) in all {
            if p.collateral_value < p.debt_value {
                insolvent.insert(key);
            }
        }
    });
    let s = &report.summary;
    assert!(
        insolvent.len() >= 20,
        "the crash must leave accounts insolvent: {s:?}"
    );
    // Every one of them was liquidated while insolvent and closed: its last collateral taken,
    // the rest of its debt written off (bad_debt), nothing left in the vault's ledger.
    assert_eq!(s.insolvent_closed as usize, insolvent.len(), "{s:?}");
    assert_eq!(s.insolvent_open_at_end, Some(0));
    assert_eq!(s.liquidatable_at_end, Some(0));
    assert!(s.insolvent_liquidations >= insolvent.len() as u64);
    assert!(s.bad_debt_value > 0.0 && s.vault_deficit_value > 0.0);
    assert_eq!(s.bad_debt_accounts as usize, insolvent.len());
    // The slow bot found each worth its gas and slippage: step 9's bonus, not C/D − 1 ≤ 0.
    assert_eq!(report.liquidators[0].skipped_no_capital, 0);
    assert!(report.liquidators[0].profit > 0.0);

    // And in the chain: each of them holds nothing and owes nothing.
    let mut sim = Simulation::new(&sc, "test", sc.run.seed).unwrap();
    while sim.step().unwrap() {}
    for (owner, account) in &insolvent {
        let ledger = sim
            .env
            .vault()
            .account(&Addr::unchecked(owner), *account)
            .unwrap();
        assert!(
            ledger.collaterals.iter().all(|c| c.amount.is_zero())
                && ledger.debts.iter().all(|d| d.amount.is_zero()),
            "{ledger:?}"
        );
    }
}

/// ATOM (collateral) crashes while ETH (collateral and debt) is silent for three hours: longer
/// than both its staleness bounds (2 minutes for `Default`, 30 minutes for `Liquidation`).
fn outage_scenario() -> String {
    r#"
name = "outage-test"
[run]
steps = 60
step_seconds = 300
seed = 13

[policy]
close_factor = 0.5
full_liquidation_hf = 0.95
protocol_fee_share = 0.1
min_leftover_value = 1.0
bonus = { start = 0.04, slope = 1.0, min = 0.02, max = 0.15 }

[[assets]]
denom = "uatom"
decimals = 6
price = 10.0
oracle = { source = "pyth", max_staleness_s = 120, liquidation_max_staleness_s = 1800, max_confidence = 0.05, max_ema_deviation = 0.5 }
collateral = { max_ltv = 0.65, liquidation_threshold = 0.75 }
path = { shocks = [{ start_step = 10, steps = 20, change = -0.45 }] }

[[assets]]
denom = "wei"
decimals = 18
price = 3000.0
oracle = { source = "pyth", max_staleness_s = 120, liquidation_max_staleness_s = 1800, max_confidence = 0.05, max_ema_deviation = 0.5 }
collateral = { max_ltv = 0.75, liquidation_threshold = 0.8 }
lending = { base = 0.0, slope1 = 0.05, slope2 = 1.0, optimal_utilization = 0.8, reserve_factor = 0.1 }

[[assets]]
denom = "uusdc"
decimals = 6
price = 1.0
oracle = { source = "fixed" }
lending = { base = 0.0, slope1 = 0.1, slope2 = 1.0, optimal_utilization = 0.8, reserve_factor = 0.2 }

[borrowers]
count = 60
collateral = [{ denom = "uatom", weight = 2.0 }, { denom = "wei", weight = 1.0 }]
max_collaterals = 2
debt = [{ denom = "uusdc", weight = 3.0 }, { denom = "wei", weight = 1.0 }]
size = { min = 1000.0, max = 20000.0 }
target_ltv = { min = 0.9, max = 0.99 }
behaviour = { passive = 1.0, top_up = 0.0, deleverage = 0.0, act_below_hf = 1.1, restore_hf = 1.3 }

[[lenders]]
denom = "uusdc"
count = 5
total = 5000000.0

[[lenders]]
denom = "wei"
count = 3
total = 1000.0

[[liquidators]]
name = "fast"
capital = { uusdc = 2000000.0, wei = 300.0 }
min_profit = 0.0
gas_cost = 0.01
latency_steps = 0

[[outages]]
denom = "wei"
from_step = 12
to_step = 47
"#
    .to_string()
}

#[test]
fn liquidations_of_accounts_without_the_silent_asset_carry_on_through_an_outage() {
    let sc = parse(&outage_scenario());
    let report = run_and_reconcile(&sc);
    let s = &report.summary;
    let se = &report.series;
    // ETH has no Liquidation price for part of the outage (silent for longer than 30 minutes).
    let no_price: Vec<usize> = (0..se.step.len())
        .filter(|&k| se.liquidation_prices_refused[k] > 0)
        .collect();
    assert!(no_price.len() >= 20, "{:?}", se.liquidation_prices_refused);
    assert!(no_price.iter().all(|&k| (12..=47).contains(&se.step[k])));
    // Scans never refused: accounts owing ETH are reported unpriceable and passed over...
    assert_eq!(s.bot_scans_refused, 0);
    assert!(s.unpriceable_accounts_seen > 0, "{s:?}");
    assert!(no_price.iter().all(|&k| se.unpriceable_in_scans[k] > 0));
    assert_eq!(report.liquidators[0].failed, 0);
    assert!(report.liquidators[0].unpriceable_seen > 0);
    // ... and the accounts that hold no ETH keep being liquidated while ETH has no price at all.
    let during: u32 = no_price
        .iter()
        .map(|&k| se.liquidations_without_silent_asset[k])
        .sum();
    assert!(during > 0, "{:?}", se.liquidations_without_silent_asset);
    // Accounts owing ETH whose ATOM collateral crashed were liquidatable at market prices, but
    // the missing price hid them: shown only while ETH had no Liquidation price.
    assert!(s.steps_with_hidden_liquidatable > 0, "{s:?}");
    for k in 0..se.step.len() {
        if se.hidden_liquidatable[k].unwrap_or(0) > 0 {
            assert!(no_price.contains(&k), "hidden at step {}", se.step[k]);
            assert!(se.hidden_liquidatable[k] <= se.unpriceable_accounts[k]);
        }
    }
    assert!(s.outage_liquidations_without_silent_asset >= u64::from(during));
    // After the outage ETH is priced again: nobody is left unpriceable or liquidatable.
    assert_eq!(s.unpriceable_at_end, Some(0));
    assert_eq!(s.liquidatable_at_end, Some(0));
}

#[test]
fn the_default_scenario_ends_without_bad_debt() {
    let sc = Scenario::load(&ballast_cli::default_scenario_path()).unwrap();
    let report = run_and_reconcile(&sc);
    let s = &report.summary;
    assert!(s.liquidations > 0);
    assert_eq!(s.bad_debt_value, 0.0, "{s:?}");
    assert_eq!(s.bad_debt_accounts, 0);
    assert_eq!(s.vault_deficit_value, 0.0);
    assert_eq!(s.insolvent_open_at_end, Some(0));
    assert_eq!(s.liquidatable_at_end, Some(0));
    // The ETH outage (40 minutes) is shorter than its Liquidation bound (1 hour): borrowing
    // pauses, liquidation never does.
    assert!(s.steps_with_default_price_refused > 0);
    assert_eq!(s.steps_with_liquidation_price_refused, 0);
}

#[test]
fn an_unliquidated_crash_reports_its_unrealised_deficit_and_no_leverage() {
    // −60 % in one step against LTVs of 0.74–0.81 and no liquidator: every account ends with
    // C < D, nothing is written off, and the protocol as a whole has negative equity.
    let sc = parse(&scenario(0.82, 0.85, -0.6, 1, 20, ""));
    let mut expected = 0.0;
    let report = run_and_reconcile_with(&sc, |sim| {
        // Worked out from the vault's own positions: Σ (D − C) over accounts with C < D.
        expected = positions(sim)
            .values()
            .filter(|p| p.collateral_value < p.debt_value)
            .map(|p| (p.debt_value.u128() - p.collateral_value.u128()) as f64 / 1e6)
            .sum();
    });
    let s = &report.summary;
    assert_eq!(s.liquidations, 0);
    assert_eq!(s.bad_debt_value, 0.0);
    assert!(expected > 1_000.0, "the crash must leave a shortfall");
    let unrealised = s.unrealised_deficit_value.unwrap();
    assert!(
        (unrealised - expected).abs() < 1e-6,
        "{unrealised} vs {expected}"
    );
    assert_eq!(
        report.series.unrealised_deficit.last().copied().flatten(),
        Some(unrealised)
    );
    assert!(s.peak_unrealised_deficit_value >= unrealised);
    // Suppliers: the index says they earned interest; counting the loss they did not.
    assert!(s.supplier_return_realised > 0.0, "{s:?}");
    assert!(s.supplier_return < 0.0, "{s:?}");
    let m = &report.markets[0];
    let reserves = m.reserves as f64 / 1e6;
    let supplied = 5_000_000.0 * (1.0 + m.supplier_return_realised);
    let loss = (unrealised - reserves) / supplied;
    assert!(
        (m.supplier_return - (m.supplier_return_realised - loss)).abs() < 1e-4,
        "{m:?}"
    );
    // Aggregate LTV ≥ 1: leverage is not a number, never the last finite value.
    let se = &report.series;
    let after: Vec<usize> = (0..se.step.len()).filter(|&k| se.step[k] >= 6).collect();
    assert!(after
        .iter()
        .all(|&k| se.negative_equity[k] && se.leverage[k].is_none()));
    assert!(se.aggregate_ltv[after[0]].unwrap() >= 1.0);
    assert!(se.leverage[0].is_some_and(|l| l > 1.0));
    assert_eq!(s.peak_leverage, None);
    assert_eq!(s.negative_equity_steps as usize, after.len());
    let text = report.summary_text();
    assert!(text.contains("n/a (negative equity"), "{text}");
}

#[test]
fn monte_carlo_gives_the_same_report_on_any_thread_count_and_its_worst_seed_replays() {
    // Steep enough that some seeds leave bad debt with a slow bot and others do not.
    let sc = parse(&scenario(0.75, 0.8, -0.35, 2, 8, SLOW_BOTS));
    let one = ballast_cli::montecarlo::run(&sc, "x", 5, 4, 1, || {}).unwrap();
    let three = ballast_cli::montecarlo::run(&sc, "x", 5, 4, 3, || {}).unwrap();
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&three).unwrap()
    );
    assert_eq!(one.outcomes.len(), 4);
    let seeds: std::collections::BTreeSet<u64> = one.outcomes.iter().map(|o| o.seed).collect();
    assert_eq!(seeds.len(), 4, "every path has its own seed");
    // Path 0 is the single run with the seed itself; the worst path replays alone.
    let single = ballast_cli::run(&sc, "x", 5, |_, _| {}).unwrap();
    assert_eq!(one.outcomes[0].seed, 5);
    assert_eq!(one.outcomes[0].bad_debt, single.summary.bad_debt_value);
    let worst = one
        .outcomes
        .iter()
        .fold(&one.outcomes[0], |w, o| if o.loss > w.loss { o } else { w });
    assert_eq!(one.worst_path_seed, worst.seed);
    let replay = ballast_cli::run(&sc, "x", one.worst_path_seed, |_, _| {}).unwrap();
    assert_eq!(replay.summary.bad_debt_value, worst.bad_debt);
    let d = one.loss.as_ref().unwrap();
    assert_eq!(d.worst, worst.loss);
    let mean = one.outcomes.iter().map(|o| o.loss).sum::<f64>() / 4.0;
    assert!((d.mean - mean).abs() < 1e-9);
}

#[test]
fn the_scan_read_from_positions_is_what_liquidatable_positions_answers() {
    use ballast_cli::bots::{Bot, Scan};
    use ballast_cli::chain::MultiTestChain;
    // Through an outage (unpriceable accounts) and a crash (liquidatable ones), every step.
    let sc = parse(&outage_scenario());
    let mut sim = Simulation::new(&sc, "test", sc.run.seed).unwrap();
    let (mut liquidatable, mut unpriceable) = (0, 0);
    while sim.step().unwrap() {
        let from_positions = Scan::from_positions(sim.observe().unwrap().values());
        let chain = MultiTestChain {
            env: &mut sim.env,
            market: BTreeMap::new(),
        };
        let from_contract = Bot::scan(&chain).unwrap();
        assert_eq!(from_positions, from_contract);
        liquidatable += from_contract.positions.len();
        unpriceable += from_contract.unpriceable.len();
    }
    assert!(liquidatable > 0 && unpriceable > 0);
}

/// `text` with `extra` added to uatom's oracle table.
fn with_oracle(text: &str, extra: &str) -> String {
    let out = text.replace(
        "max_ema_deviation = 0.5 }",
        &format!("max_ema_deviation = 0.5, {extra} }}"),
    );
    assert_ne!(out, text);
    out
}

/// `text` with a market of depth `depth` (USD per 2 %) and `recovery` for uatom.
fn with_market(text: &str, depth: f64, recovery: f64) -> String {
    text.replacen(
        "path = { shocks",
        &format!("market = {{ depth_2pct = {depth}, recovery = {recovery} }}\npath = {{ shocks"),
        1,
    )
}

/// First step at which the protocol saw an account with HF < 1 (before or after the bots).
fn first_unhealthy_step(report: &Report) -> Option<u32> {
    let se = &report.series;
    (0..se.step.len())
        .find(|&k| se.lowest_health[k].is_some_and(|h| h < 1.0))
        .map(|k| se.step[k])
}

fn first_liquidation_step(report: &Report) -> Option<u32> {
    let se = &report.series;
    (0..se.step.len())
        .find(|&k| se.liquidations[k] > 0)
        .map(|k| se.step[k])
}

#[test]
fn a_lagging_oracle_publishes_the_market_of_lag_steps_ago_and_liquidations_wait_for_it() {
    let base = scenario(0.5, 0.6, -0.3, 10, 20, FAST_BOTS);
    let now = run_and_reconcile(&parse(&base));
    let lagged = run_and_reconcile(&parse(&with_oracle(&base, "lag_steps = 3")));
    let se = &lagged.series;
    let market = &se.market_prices["uatom"];
    let oracle = &se.oracle_prices["uatom"];
    for k in 3..se.step.len() {
        let published = oracle[k].unwrap();
        assert!(
            (published / market[k - 3] - 1.0).abs() < 1e-6,
            "step {k}: oracle {published} vs market 3 steps before {}",
            market[k - 3]
        );
    }
    // The market crosses the same thresholds; the protocol sees it 3 steps later.
    let (a, b) = (first_unhealthy_step(&now), first_unhealthy_step(&lagged));
    assert!(a.is_some());
    assert_eq!(b, a.map(|s| s + 3));
    // Liquidations wait at least as long: the bots value what they receive at the market,
    // below the stale price the contract pays them at, so early ones are not worth it.
    let (a, b) = (
        first_liquidation_step(&now),
        first_liquidation_step(&lagged),
    );
    assert!(b.unwrap() >= a.unwrap() + 3, "{a:?} {b:?}");
}

#[test]
fn a_push_oracle_publishes_on_deviation_or_heartbeat_only() {
    // A steady −30 % over 20 steps (about 1.8 % a step), flat afterwards; Default staleness 900 s.
    let base = scenario(0.5, 0.6, -0.3, 20, 10, FAST_BOTS);
    let deviation_only = run_and_reconcile(&parse(&with_oracle(
        &base,
        "liquidation_max_staleness_s = 86400, deviation = 0.05",
    )));
    let se = &deviation_only.series;
    let oracle: Vec<f64> = se.oracle_prices["uatom"]
        .iter()
        .map(|p| p.unwrap())
        .collect();
    let changes: Vec<usize> = (1..oracle.len())
        .filter(|&k| oracle[k] != oracle[k - 1])
        .collect();
    assert!(
        changes.len() >= 4 && changes.len() < 20,
        "{changes:?} {oracle:?}"
    );
    for &k in &changes {
        let last = oracle[k - 1];
        assert!(
            (oracle[k] / last - 1.0).abs() > 0.05,
            "step {k}: {last} -> {}",
            oracle[k]
        );
    }
    // Flat after the crash: nothing moves 5 %, nothing is published, Default goes stale.
    assert!(se.default_prices_refused.iter().skip(30).all(|n| *n > 0));
    // A heartbeat of 600 s (two steps) keeps the price fresh within the 900 s bound.
    let heartbeat = run_and_reconcile(&parse(&with_oracle(
        &base,
        "liquidation_max_staleness_s = 86400, deviation = 0.05, heartbeat_s = 600",
    )));
    let hs = &heartbeat.series;
    assert!(
        hs.default_prices_refused.iter().all(|n| *n == 0),
        "{:?}",
        hs.default_prices_refused
    );
}

#[test]
fn a_shallow_market_turns_a_survivable_drop_into_bad_debt_that_a_deep_market_avoids() {
    // −20 % over 4 steps against LTVs of 0.59–0.64: liquidatable, not insolvent.
    let base = scenario(0.65, 0.75, -0.2, 4, 30, FAST_BOTS);
    let deep = run_and_reconcile(&parse(&with_market(&base, 1e9, 0.05)));
    let shallow = run_and_reconcile(&parse(&with_market(&base, 1_000.0, 0.05)));
    let off = run_and_reconcile(&parse(
        &with_market(&base, 1_000.0, 0.05).replace("seed = 11", "seed = 11\nprice_impact = false"),
    ));
    let loss = |r: &Report| r.summary.bad_debt_value + r.summary.unrealised_deficit_value.unwrap();
    let (d, s, o) = (&deep.summary, &shallow.summary, &off.summary);
    assert!(d.liquidations > 0, "the drop liquidates: {d:?}");
    assert_eq!(loss(&deep), 0.0, "{d:?}");
    assert!(d.peak_liquidation_impact < 0.001, "{d:?}");
    // Shallow: each sale pushes the price down, the oracle publishes it, more accounts fall.
    assert!(loss(&shallow) > 1_000.0, "{s:?}");
    assert!(s.bad_debt_value > 0.0, "{s:?}");
    assert!(s.peak_liquidation_impact > 0.2, "{s:?}");
    assert!(s.cascade_rounds >= 2, "{s:?}");
    assert!(s.liquidations > d.liquidations);
    let market = &shallow.series.market_prices["uatom"];
    let path = &shallow.series.prices["uatom"];
    assert!(market.iter().zip(path).any(|(m, p)| m < &(p * 0.8)));
    // The switch: the same shallow market with impact off moves nothing and loses nothing.
    assert_eq!(o.impact_steps, 0);
    assert_eq!(o.peak_liquidation_impact, 0.0);
    assert_eq!(loss(&off), 0.0, "{o:?}");
}

#[test]
fn bad_market_and_oracle_timing_fields_are_named() {
    let base = scenario(0.5, 0.6, -0.3, 20, 5, FAST_BOTS);
    let text = with_market(
        &with_oracle(&base, "lag_steps = 20000, deviation = 1.0, heartbeat_s = 0"),
        0.0,
        1.5,
    );
    let errs = Scenario::parse(&text, "t.toml", Path::new(".")).unwrap_err();
    let all: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    for field in [
        "assets[0].oracle.lag_steps",
        "assets[0].oracle.deviation",
        "assets[0].oracle.heartbeat_s",
        "assets[0].market.depth_2pct",
        "assets[0].market.recovery",
    ] {
        assert!(
            all.iter()
                .any(|e| e.contains(field) && e.starts_with("t.toml:")),
            "{field}: {all:?}"
        );
    }
}

#[test]
fn a_sweep_tabulates_every_point_and_refuses_a_value_out_of_bounds() {
    let dir = std::env::temp_dir().join(format!("ballast-sweep-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sc = dir.join("s.toml");
    std::fs::write(&sc, scenario(0.6, 0.8, -0.35, 2, 8, SLOW_BOTS)).unwrap();
    let out = dir.join("out");
    let run = |set: &str| {
        Command::new(env!("CARGO_BIN_EXE_ballast"))
            .arg("sweep")
            .arg(&sc)
            .args(["--set", set, "--paths", "2", "-q", "--out"])
            .arg(&out)
            .output()
            .unwrap()
    };
    let ok = run("assets.uatom.collateral.max_ltv=0.5..0.7/0.2");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        stdout.contains("assets.uatom.collateral.max_ltv | bad debt p50"),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("sweep.json")).unwrap()).unwrap();
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["values"], serde_json::json!([0.5]));
    assert_eq!(points[1]["values"], serde_json::json!([0.7]));
    for p in points {
        assert_eq!(p["result"]["paths"], 2);
        let ltv = &p["result"]["resolved_scenario"]["assets"][0]["collateral"]["max_ltv"];
        assert_eq!(*ltv, p["values"][0], "each point ran with its own value");
    }
    // Riskier borrowing, same seeds: at least as many liquidations.
    let liq = |p: &serde_json::Value| {
        p["result"]["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["liquidations"].as_u64().unwrap())
            .sum::<u64>()
    };
    assert!(liq(&points[1]) >= liq(&points[0]));
    if ballast_cli::chart::font_path().is_ok() {
        let png = std::fs::read(out.join("sweep.png")).unwrap();
        assert_eq!(&png[..4], b"\x89PNG");
    }
    // 0.85 ≥ the liquidation threshold 0.8: refused before anything runs, naming the field.
    let bad = run("assets.uatom.collateral.max_ltv=0.75,0.85");
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("assets[0].collateral.max_ltv") && err.contains("max_ltv=0.85"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
