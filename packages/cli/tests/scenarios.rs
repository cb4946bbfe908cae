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
