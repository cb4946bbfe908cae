//! The shipped scenario files: what their descriptions promise is what their default seed draws.

use ballast_cli::path::generate;
use ballast_cli::rng::Rng;

/// `−29 %` for a change of −0.287 (the sign as the descriptions write it).
fn change(x: f64) -> String {
    let p = (x * 100.0).round();
    if p < 0.0 {
        format!("−{:.0} %", -p)
    } else {
        format!("+{p:.0} %")
    }
}

#[test]
fn the_default_description_states_what_its_seed_draws() {
    let sc = ballast_cli::default_scenario().unwrap();
    let steps = *sc.run.steps.get_ref();
    let step_s = *sc.run.step_seconds.get_ref();
    let path = |i: usize| {
        // The simulator's stream for asset i (see `Simulation::new`).
        let mut rng = Rng::new(sc.run.seed, 1_000 + i as u64);
        generate(&sc.assets[i], steps, step_s, &mut rng).unwrap()
    };
    assert_eq!(sc.assets[0].denom.get_ref(), "uatom");
    assert_eq!(sc.assets[1].denom.get_ref(), "wei");
    let atom = path(0);
    let eth = path(1);
    let hour = |h: u64| (h * 3_600 / step_s) as usize;
    let (low_at, low) =
        atom.iter().enumerate().fold(
            (0, f64::MAX),
            |m, (k, p)| if *p < m.1 { (k, *p) } else { m },
        );
    let eth_low = eth.iter().copied().fold(f64::MAX, f64::min);
    let d = &sc.description;
    let expect = [
        format!("Seed {}:", sc.run.seed),
        format!("ATOM {} by hour 8", change(atom[hour(8)] / atom[0] - 1.0)),
        format!(
            "low {} at hour {}",
            change(low / atom[0] - 1.0),
            low_at as u64 * step_s / 3_600
        ),
        format!(
            "{} at the end",
            change(atom[steps as usize] / atom[0] - 1.0)
        ),
        format!("ETH low {}", change(eth_low / eth[0] - 1.0)),
    ];
    for e in expect {
        assert!(d.contains(&e), "the description {d:?} should say {e:?}");
    }
}

#[test]
fn the_built_in_default_is_the_file_in_the_tree() {
    let built_in = ballast_cli::default_scenario().unwrap();
    let file = ballast_cli::Scenario::load(&ballast_cli::default_scenario_path()).unwrap();
    assert_eq!(built_in.name, file.name);
    assert_eq!(built_in.description, file.description);
    assert_eq!(
        std::fs::read_to_string(ballast_cli::default_scenario_path()).unwrap(),
        ballast_cli::DEFAULT_SCENARIO
    );
}

#[test]
fn the_binary_finds_its_default_scenario_away_from_the_source_tree() {
    let dir = std::env::temp_dir().join(format!("ballast-away-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ballast"))
        .current_dir(&dir)
        .args(["simulate", "--dry-run"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("atom-crash: Seed 7"), "{stdout}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The `# key: value` provenance lines of a data file.
fn provenance(text: &str, key: &str) -> String {
    text.lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(str::trim)
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| panic!("no `{key}:` line"))
}

#[test]
fn the_real_crash_replays_carry_their_provenance_and_say_what_their_data_shows() {
    let dir = ballast_cli::default_scenario_path()
        .parent()
        .unwrap()
        .to_path_buf();
    for (file, csv, start) in [
        (
            "sol-may-2022.toml",
            "data/sol-2022-05-luna.csv",
            "2022-05-05 00:00",
        ),
        (
            "sol-nov-2022-ftx.toml",
            "data/sol-2022-11-ftx.csv",
            "2022-11-05 00:00",
        ),
    ] {
        let sc = ballast_cli::Scenario::load(&dir.join(file)).unwrap();
        let text = std::fs::read_to_string(dir.join(csv)).unwrap();
        assert!(provenance(&text, "repository").starts_with("https://github.com/"));
        assert!(provenance(&text, "path").contains(".csv"));
        let commit = provenance(&text, "commit");
        assert!(
            commit[..40].chars().all(|c| c.is_ascii_hexdigit()),
            "{commit}"
        );
        assert!(provenance(&text, "licence").starts_with("MIT"));
        assert!(
            text.contains("Permission is hereby granted"),
            "the MIT notice is kept"
        );
        // Hourly rows with real times, and the description's numbers are the data's.
        assert_eq!(*sc.run.step_seconds.get_ref(), 3_600);
        let path = ballast_cli::price_csv::read_csv(&dir.join(csv), *sc.run.steps.get_ref(), 3_600)
            .unwrap();
        let low = path.iter().copied().fold(f64::MAX, f64::min);
        let (first, last) = (path[0], *path.last().unwrap());
        let d = &sc.description;
        for n in [first, low, last] {
            assert!(d.contains(&format!("{n}")), "{d:?} should state {n}");
        }
        let drop = format!("-{:.1} %", (1.0 - low / first) * 100.0);
        assert!(d.contains(&drop), "{d:?} should state {drop}");
        // And the replay runs through the simulator (a small population, every hour).
        let small = ballast_cli::sweep::scenario_with(
            &std::fs::read_to_string(dir.join(file)).unwrap(),
            file,
            &dir,
            &[("borrowers.count", 15.0)],
        )
        .unwrap();
        let report = ballast_cli::run(&small, "test", 7, |_, _| {}).unwrap();
        assert!(
            report.summary.liquidations > 0,
            "{file}: {:?}",
            report.summary
        );
        assert_eq!(report.series.prices["usol"][0], first);
        assert_eq!(report.series.prices["usol"][240], last);
        // The real time of step 0, for the chart's axis.
        assert_eq!(report.start_time_utc.as_deref(), Some(start));
    }
}

#[test]
fn a_price_beside_a_csv_and_every_bad_csv_line_are_errors_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("ballast-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("p.csv"),
        "# a comment first\nstep,price\n0,10\n1,0\n1,9\n3,8\n",
    )
    .unwrap();
    let text = ballast_cli::DEFAULT_SCENARIO.replacen(
        "path = { volatility = 0.5, shocks = [{ start_step = 60, steps = 300, change = -0.12 }] }",
        "path = { csv = \"p.csv\" }",
        1,
    );
    assert_ne!(text, ballast_cli::DEFAULT_SCENARIO);
    let errs = ballast_cli::Scenario::parse(&text, "s.toml", &dir).unwrap_err();
    let all: Vec<String> = errs.iter().map(ToString::to_string).collect();
    // ETH keeps its `price = 3000.0` beside the CSV: refused, at the line of `price`.
    assert!(
        all.iter().any(|e| e.starts_with("s.toml:")
            && e.contains("assets[1].price")
            && e.contains("remove `price`")),
        "{all:#?}"
    );
    // Every error of the CSV, each at its line.
    for (line, what) in [
        (4, "must be a number > 0"),
        (5, "comes again"),
        (6, "missing"),
    ] {
        assert!(
            all.iter()
                .any(|e| e.contains(&format!("p.csv:{line}:")) && e.contains(what)),
            "line {line}: {all:#?}"
        );
    }
    assert!(all.iter().any(|e| e.contains("covers steps")), "{all:#?}");
    // Without a price and without a CSV: the start price is missing.
    let no_price = ballast_cli::DEFAULT_SCENARIO.replacen("price = 3000.0\n", "", 1);
    let errs = ballast_cli::Scenario::parse(&no_price, "s.toml", &dir).unwrap_err();
    assert!(
        errs.iter()
            .any(|e| e.to_string().contains("`price` is needed")),
        "{errs:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
