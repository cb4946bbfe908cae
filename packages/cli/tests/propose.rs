//! `ballast propose`: every kind of bad proposal is an error at its line and field and writes
//! nothing; the steward's verdict; the message deserialises as the vault's `UpdateAsset`; a small
//! run writes the report with numbers from the runs.

use std::path::{Path, PathBuf};
use std::process::Command;

use ballast_cli::propose::{Problem, Proposal, ProposalError, Verdict};
use ballast_cli::{Scenario, Simulation};
use ballast_types::governance::{GovernanceError, Param};
use ballast_types::vault::{CollateralParams, ExecuteMsg, LendingParams};
use cosmwasm_std::{Decimal, Uint128};

fn default_scenario() -> Scenario {
    ballast_cli::default_scenario().unwrap()
}

fn parse(src: &str) -> Result<Proposal, Vec<ProposalError>> {
    Proposal::parse(src, "p.toml", &default_scenario())
}

/// The 1-based line of the first line of `src` containing `needle`.
fn line_of(src: &str, needle: &str) -> usize {
    src.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {src}"))
        + 1
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ballast-propose-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Each bad proposal: its text, the kind of problem, the field and the text on the error's line
/// (`None`: no line, e.g. a missing title), and words of the message.
#[test]
fn every_bad_proposal_is_an_error_at_its_line_and_field_and_writes_nothing() {
    let head = "title = \"t\"\n[[asset]]\n";
    let cases: Vec<(String, Problem, &str, Option<&str>, &str)> = vec![
        (
            format!("{head}denom = \"uatom\"\nliquidation_treshold = 0.7\n"),
            Problem::UnknownKey,
            "asset[0].liquidation_treshold",
            Some("liquidation_treshold"),
            "(did you mean `liquidation_threshold`?); expected one of `denom`",
        ),
        (
            format!("{head}denom = \"uusdc\"\nrate_model.slop2 = 1.2\n"),
            Problem::UnknownKey,
            "asset[0].rate_model.slop2",
            Some("slop2"),
            "`slope2`",
        ),
        (
            format!("{head}denom = \"uatom\"\nmax_ltv = 0.6\n[stewards]\nmax_ltv_step = 0.05\n"),
            Problem::UnknownKey,
            "stewards",
            Some("[stewards]"),
            "`steward`",
        ),
        (
            format!("{head}denom = \"uosmo\"\nmax_ltv = 0.6\n"),
            Problem::UnknownDenom,
            "asset[0].denom",
            Some("uosmo"),
            "not an asset of the scenario atom-crash (uatom, wei, uusdc)",
        ),
        (
            format!("{head}denom = \"uatom\"\nmax_ltv = \"0.6\"\n"),
            Problem::WrongType,
            "asset[0].max_ltv",
            Some("max_ltv"),
            "expected a number, found string",
        ),
        (
            format!("{head}denom = \"uusdc\"\nmax_ltv = 0.5\n"),
            Problem::NotApplicable,
            "asset[0].max_ltv",
            Some("max_ltv"),
            "uusdc is not a collateral",
        ),
        // the threshold must stay above the max LTV the proposal leaves as it is
        (
            format!("{head}denom = \"uatom\"\nliquidation_threshold = 0.6\n"),
            Problem::OutOfBounds,
            "asset[0].liquidation_threshold",
            Some("liquidation_threshold"),
            "max_ltv must be < liquidation_threshold (max_ltv is not in the proposal: it stays 0.65)",
        ),
        // threshold × (1 + the scenario's bonus max, 0.15) must be < 1: 0.87 · 1.15 = 1.0005
        (
            format!("{head}denom = \"uatom\"\nliquidation_threshold = 0.87\n"),
            Problem::OutOfBounds,
            "asset[0].liquidation_threshold",
            Some("liquidation_threshold"),
            "(1 + 0.15) must be < 1",
        ),
        // 0 + 0.08 + 9.95 at full utilisation is above the vault's 10
        (
            format!("{head}denom = \"uusdc\"\nrate_model.slope2 = 9.95\n"),
            Problem::OutOfBounds,
            "asset[0].rate_model.slope2",
            Some("slope2"),
            "exceeds the maximum rate",
        ),
        (
            format!("{head}denom = \"uusdc\"\nreserve_factor = 1.0\n"),
            Problem::OutOfBounds,
            "asset[0].reserve_factor",
            Some("reserve_factor"),
            "must be < 1",
        ),
        (
            format!("{head}denom = \"wei\"\ndeposit_cap = -5\n"),
            Problem::OutOfBounds,
            "asset[0].deposit_cap",
            Some("deposit_cap"),
            "out of bounds",
        ),
        (
            format!(
                "{head}denom = \"uatom\"\nliquidation_threshold = 0.73\nthreshold_ramp_days = 31\n"
            ),
            Problem::RampTooLong,
            "asset[0].threshold_ramp_days",
            Some("threshold_ramp_days"),
            "at most 2592000 s, not 2678400 s",
        ),
        (
            format!(
                "{head}denom = \"uatom\"\nliquidation_threshold = 0.77\nthreshold_ramp_days = 7\n"
            ),
            Problem::RampWithoutCut,
            "asset[0].threshold_ramp_days",
            Some("threshold_ramp_days"),
            "does not lower it (0.75 → 0.77)",
        ),
        (
            format!("{head}denom = \"uatom\"\nmax_ltv = 0.6\nthreshold_ramp_days = 7\n"),
            Problem::RampWithoutCut,
            "asset[0].threshold_ramp_days",
            Some("threshold_ramp_days"),
            "it stays 0.75",
        ),
        (
            "title = \"nothing\"\n".to_string(),
            Problem::Empty,
            "asset",
            Some("title"),
            "changes nothing",
        ),
        (
            format!("{head}denom = \"uatom\"\n"),
            Problem::Empty,
            "asset[0].denom",
            Some("denom"),
            "changes nothing",
        ),
        (
            format!("{head}denom = \"uatom\"\nmax_ltv = 0.65\n"),
            Problem::Empty,
            "asset[0].denom",
            Some("denom"),
            "every value it gives is the current one",
        ),
        (
            format!(
                "{head}denom = \"uatom\"\nmax_ltv = 0.6\n[steward]\nmax_ltv_step = 0.2\n"
            ),
            Problem::OutOfBounds,
            "steward.max_ltv_step",
            Some("max_ltv_step"),
            "above the hard bound 0.1",
        ),
        (
            format!("{head}denom = \"uatom\"\nmax_ltv = = 0.6\n"),
            Problem::Syntax,
            "",
            Some("max_ltv = ="),
            "",
        ),
        (
            // an entry has no place of its own: its first key's
            format!("{head}max_ltv = 0.6\n"),
            Problem::Missing,
            "asset[0].denom",
            Some("max_ltv"),
            "needs the denom",
        ),
        (
            "[[asset]]\ndenom = \"uatom\"\nmax_ltv = 0.6\n".to_string(),
            Problem::Missing,
            "title",
            None,
            "needs a title",
        ),
        (
            format!("{head}denom = \"uatom\"\nmax_ltv = 0.6\n[[asset]]\ndenom = \"uatom\"\nmax_ltv = 0.62\n"),
            Problem::Duplicate,
            "asset[1].denom",
            Some("denom = \"uatom\"\nmax_ltv = 0.62"),
            "changed by asset[0] already",
        ),
    ];
    let dir = scratch("bad");
    for (k, (src, problem, field, at, words)) in cases.iter().enumerate() {
        let errs = parse(src).expect_err(src);
        assert_eq!(errs.len(), 1, "{src}\n{errs:#?}");
        let e = &errs[0];
        assert_eq!(e.problem, *problem, "{src}\n{e}");
        assert_eq!(e.at.field, *field, "{src}\n{e}");
        assert_eq!(e.at.file, "p.toml");
        let line = at.map(|needle| match needle.split_once('\n') {
            // the second of two equal lines: the one followed by `rest`
            Some((first, rest)) => {
                let lines: Vec<&str> = src.lines().collect();
                (0..lines.len() - 1)
                    .find(|&i| lines[i] == first && lines[i + 1] == rest)
                    .unwrap()
                    + 1
            }
            None => line_of(src, needle),
        });
        assert_eq!(e.at.position.map(|p| p.0), line, "{src}\n{e}");
        assert!(e.at.message.contains(words), "{src}\n{e}");
        assert!(e.to_string().starts_with("p.toml"), "{e}");

        // The binary: exit code 2, the error on stderr, nothing written.
        let file = dir.join(format!("case{k}.toml"));
        std::fs::write(&file, src).unwrap();
        let out = dir.join(format!("out{k}"));
        let run = Command::new(env!("CARGO_BIN_EXE_ballast"))
            .arg("propose")
            .arg(&file)
            .args(["-q", "--paths", "1", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{src}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.contains("nothing was run") && stderr.contains(field),
            "{stderr}"
        );
        assert!(!out.exists(), "{src}: wrote {}", out.display());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let src = "title = \"t\"\n[[asset]]\ndenom = \"uatom\"\nmax_lvt = 0.6\nliquidation_threshold = 0.9\n\n[[asset]]\ndenom = \"uusdc\"\nrate_model.base = \"x\"\n";
    let errs = parse(src).unwrap_err();
    let got: Vec<(Problem, &str, Option<usize>)> = errs
        .iter()
        .map(|e| (e.problem, e.at.field.as_str(), e.at.position.map(|p| p.0)))
        .collect();
    assert_eq!(
        got,
        vec![
            (Problem::UnknownKey, "asset[0].max_lvt", Some(4)),
            (Problem::WrongType, "asset[1].rate_model.base", Some(9)),
            (
                Problem::OutOfBounds,
                "asset[0].liquidation_threshold",
                Some(5)
            ),
        ],
        "{errs:#?}"
    );
}

#[test]
fn the_verdict_says_which_role_may_make_the_change() {
    // 0.75 → 0.73: 2 pp, within the conservative step
    let p = parse(
        "title = \"t\"\n[[asset]]\ndenom = \"uatom\"\nliquidation_threshold = 0.73\nthreshold_ramp_days = 7\n",
    )
    .unwrap();
    assert_eq!(
        p.changes[0].verdict(&p.steward),
        Verdict::Steward(vec![Param::LiquidationThreshold])
    );
    assert!(p.steward_may());
    assert_eq!(p.changes[0].ramp_s, Some(7 * 86_400));
    // 0.75 → 0.70: 5 pp, the owner's
    let src = "title = \"t\"\n[[asset]]\ndenom = \"uatom\"\nliquidation_threshold = 0.70\n";
    let p = parse(src).unwrap();
    assert_eq!(
        p.changes[0].verdict(&p.steward),
        Verdict::Owner(GovernanceError::StepTooLarge {
            param: "liquidation_threshold",
            change: Decimal::percent(5),
            limit: Decimal::percent(2),
        })
    );
    assert!(!p.steward_may());
    // the same change under wider limits given in the file
    let wide = parse(&format!(
        "{src}[steward]\nliquidation_threshold_step = 0.05\n"
    ))
    .unwrap();
    assert!(wide.steward_from_file);
    assert!(wide.steward_may());
    // a cap the scenario does not have: adding one is never the steward's
    let cap = parse("title = \"t\"\n[[asset]]\ndenom = \"uusdc\"\nborrow_cap = 1000000\n").unwrap();
    assert!(matches!(
        cap.changes[0].verdict(&cap.steward),
        Verdict::Owner(GovernanceError::NotAllowed { .. })
    ));
    // rates: one slope by 1 pp is the steward's, with the lending block sent in full
    let rate =
        parse("title = \"t\"\n[[asset]]\ndenom = \"uusdc\"\nrate_model.slope1 = 0.09\n").unwrap();
    assert_eq!(
        rate.changes[0].verdict(&rate.steward),
        Verdict::Steward(vec![Param::RateModel])
    );
}

#[test]
fn the_message_is_the_vaults_update_asset_with_the_proposed_values() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("proposals/atom-threshold-cut.toml");
    let p = Proposal::load(&path, &default_scenario()).unwrap();
    assert_eq!(p.changes.len(), 1);
    let json = p.changes[0].message_json();
    // the sample: max LTV 0.65 → 0.58, threshold 0.75 → 0.64 over 14 days; ATOM has no deposit
    // cap and the lending part is not sent
    let body = &json["update_asset"];
    assert_eq!(body["threshold_ramp_s"], serde_json::json!(14 * 86_400));
    assert_eq!(body["lending"], serde_json::Value::Null);
    let expected = ExecuteMsg::UpdateAsset {
        denom: "uatom".into(),
        collateral: Some(CollateralParams {
            max_ltv: Decimal::percent(58),
            liquidation_threshold: Decimal::percent(64),
            deposit_cap: None,
        }),
        lending: None,
        threshold_ramp_s: Some(14 * 86_400),
    };
    let msg: ExecuteMsg = serde_json::from_value(json).unwrap();
    assert_eq!(msg, expected);

    // A lending change: the whole lending block, only slope2 and the supply cap moved.
    let p = parse(
        "title = \"t\"\n[[asset]]\ndenom = \"uusdc\"\nrate_model.slope2 = 1.2\nsupply_cap = 30000000\n",
    )
    .unwrap();
    let json = p.changes[0].message_json();
    assert_eq!(
        json["update_asset"]["threshold_ramp_s"],
        serde_json::Value::Null
    );
    let msg: ExecuteMsg = serde_json::from_value(json).unwrap();
    let ExecuteMsg::UpdateAsset {
        denom,
        collateral: None,
        lending:
            Some(LendingParams {
                rate_model,
                reserve_factor,
                supply_cap,
                borrow_cap: None,
            }),
        threshold_ramp_s: None,
    } = msg
    else {
        panic!("{msg:?}")
    };
    assert_eq!(denom, "uusdc");
    assert_eq!(rate_model.slope2, Decimal::percent(120));
    assert_eq!(rate_model.slope1, Decimal::percent(8));
    assert_eq!(reserve_factor, Decimal::percent(10));
    // 30,000,000 whole USDC of 6 decimals
    assert_eq!(supply_cap, Some(Uint128::new(30_000_000_000_000)));
}

/// The small scenario of the run test (`tests/data/propose-small.toml`): one volatile collateral
/// at 90–99 % of a 0.65 max LTV (HF ≥ 1.165), a fall of 10 % that the current threshold (0.75)
/// absorbs.
fn small_scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/propose-small.toml")
}

/// A deep cut: max LTV 0.65 → 0.55 and threshold 0.75 → 0.6 over 10 days, while the accounts
/// were opened at LTV 0.585–0.6435.
const DEEP_CUT: &str = "title = \"Deep cut\"\n[[asset]]\ndenom = \"uatom\"\nmax_ltv = 0.55\nliquidation_threshold = 0.6\nthreshold_ramp_days = 10\n";

/// Runs `ballast propose` on the small scenario with `changes` (2 paths) into `dir/out`; its
/// proposal.json, proposal.md and stderr.
fn propose_small(dir: &Path, changes: &str) -> (serde_json::Value, String, String) {
    let file = dir.join("changes.toml");
    std::fs::write(&file, changes).unwrap();
    let out = dir.join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_ballast"))
        .arg("propose")
        .arg(&file)
        .arg("--scenario")
        .arg(small_scenario())
        .args(["-q", "--paths", "2", "--threads", "2", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("only the owner (DAO vote)")
            && stdout.contains("accounts liquidatable at the change"),
        "{stdout}"
    );
    let report =
        serde_json::from_slice(&std::fs::read(out.join("proposal.json")).unwrap()).unwrap();
    let md = std::fs::read_to_string(out.join("proposal.md")).unwrap();
    (report, md, stderr)
}

#[test]
fn a_small_run_writes_the_report_with_numbers_from_the_runs() {
    let dir = scratch("run");
    let (report, md, stderr) = propose_small(&dir, DEEP_CUT);
    let scenario = Scenario::load(&small_scenario()).unwrap();
    let seeds: Vec<u64> = report["path_seeds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap())
        .collect();
    assert_eq!(seeds.len(), 2);
    assert_eq!(seeds[0], 5);
    let outcome = |side: &str, k: usize, f: &str| report[side]["outcomes"][k][f].clone();

    // The current side is the plain simulation of each seed.
    for (k, seed) in seeds.iter().enumerate() {
        let plain = ballast_cli::run(&scenario, "x", *seed, |_, _| {}).unwrap();
        assert_eq!(outcome("current", k, "seed"), *seed);
        assert_eq!(
            outcome("current", k, "liquidations"),
            plain.summary.liquidations
        );
        assert_eq!(
            outcome("current", k, "protocol_fees"),
            plain.summary.protocol_fees_value
        );
        assert_eq!(outcome("current", k, "liquidatable_at_start"), 0);
    }

    // At the change: cut at once, the accounts whose debt is above 0.6 of their collateral at
    // the starting prices, counted here from the current run's own positions; ramped, none (the
    // vault's threshold in force starts at 0.75).
    let threshold = Decimal::percent(60);
    for (k, seed) in seeds.iter().enumerate() {
        let sim = Simulation::new(&scenario, "x", *seed).unwrap();
        let expected = sim
            .observe()
            .unwrap()
            .values()
            .filter(|p| p.debt_value > p.collateral_value.mul_floor(threshold))
            .count() as u64;
        assert!(expected > 0, "the cut must bite: seed {seed}");
        assert_eq!(
            outcome("at_once", k, "liquidatable_at_start"),
            expected,
            "{seed}"
        );
        assert_eq!(outcome("proposed", k, "liquidatable_at_start"), 0, "{seed}");
    }

    // The table: the mean of each row from the outcomes, and what the ramp protects.
    let rows = report["comparison"].as_array().unwrap();
    let row = |q: &str, stat: &str| {
        rows.iter()
            .find(|r| r["quantity"].as_str().unwrap().starts_with(q) && r["stat"] == stat)
            .unwrap_or_else(|| panic!("{q} {stat}"))
    };
    let mean = |side: &str, f: &str| {
        report[side]["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o[f].as_f64().unwrap())
            .sum::<f64>()
            / 2.0
    };
    let at_change = row("accounts liquidatable at the change", "mean");
    assert_eq!(at_change["current"], 0.0);
    assert_eq!(at_change["proposed"], 0.0);
    let at_once = at_change["at_once"].as_f64().unwrap();
    assert_eq!(at_once, mean("at_once", "liquidatable_at_start"));
    let liq = row("liquidations", "mean");
    let l = |side: &str| liq[side].as_f64().unwrap();
    for side in ["current", "proposed", "at_once"] {
        assert_eq!(l(side), mean(side, "liquidations"), "{side}");
    }
    assert!(
        l("at_once") > l("current"),
        "a deep cut liquidates more: {liq}"
    );
    assert!(l("proposed") < l("at_once"), "the ramp spares them: {liq}");
    assert_eq!(
        liq["at_once_difference"].as_f64().unwrap(),
        l("at_once") - l("current")
    );
    let min_hf = row("lowest health factor", "min");
    assert!(min_hf["at_once"].as_f64().unwrap() < min_hf["current"].as_f64().unwrap());

    // The verdict and the message in the JSON; the markdown has the same numbers.
    assert_eq!(report["assets"][0]["role"], "owner");
    let message = &report["messages"][0]["update_asset"];
    assert_eq!(message["collateral"]["liquidation_threshold"], "0.6");
    assert_eq!(message["threshold_ramp_s"], 864_000);
    for text in [
        "# Deep cut",
        "| uatom | liquidation_threshold | 0.75 | 0.6 | −0.15 |",
        "only the owner (DAO vote)",
        "\"threshold_ramp_s\": 864000",
        "| quantity | stat | current | proposed | at once | proposed − current | at once − current |",
        &format!("| accounts liquidatable at the change | mean | 0.0 | 0.0 | {at_once:.1} |"),
        &format!(
            "At once (no ramp), the change alone makes {at_once:.1} accounts liquidatable at the \
             starting prices"
        ),
        &format!(
            "liquidations go from 0.0 to {:.1} per path",
            l("at_once")
        ),
        "so it tests the start of the ramp",
        "Path seeds: 0: 5, 1: ",
    ] {
        assert!(md.contains(text), "{text}\n{md}");
    }
    match ballast_cli::chart::font_path() {
        Ok(_) => {
            let png = std::fs::read(dir.join("out/proposal.png")).unwrap();
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
            assert!(md.contains("![current vs proposed vs at once, path 0](proposal.png)"));
            let svg = std::fs::read_to_string(dir.join("out/proposal.svg")).unwrap();
            assert!(svg.contains("(current)") && svg.contains("(at once)"));
        }
        Err(_) => assert!(stderr.contains("BALLAST_FONT")),
    }

    // The same cut without a ramp: two sides, and its proposed run is the at-once run above,
    // path for path.
    let unramped = DEEP_CUT.replace("threshold_ramp_days = 10\n", "");
    let (plain, md, _) = propose_small(&dir, &unramped);
    assert_eq!(plain["at_once"], serde_json::Value::Null);
    assert_eq!(
        plain["messages"][0]["update_asset"]["threshold_ramp_s"],
        serde_json::Value::Null
    );
    assert_eq!(plain["proposed"]["outcomes"], report["at_once"]["outcomes"]);
    assert!(
        md.contains("| quantity | stat | current | proposed | proposed − current |"),
        "{md}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
