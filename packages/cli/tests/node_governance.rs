//! Governance on a real wasmd node: the owner names a risk steward; the steward moves a
//! parameter within its step, is refused a second move inside the cooldown and a step too large;
//! the owner cuts a liquidation threshold with a ramp, and the threshold in force follows the
//! ramp's line at each block's time until it reaches the target.
//!
//! Needs the local node: `scripts/test.sh` starts one and runs every `node_*` test with
//! `-- --ignored`. By hand: `scripts/localnet.sh start`, then
//! `cargo test -p ballast-cli --test node_governance -- --ignored`.

mod common;

use std::time::{Duration, Instant};

use ballast_cli::node::deploy::{deploy, DeployOptions};
use ballast_cli::node::{Node, NodeError, Signer, TxOutcome};
use ballast_types::events::{BallastEvent, SetStewardEvent, UpdateAssetEvent};
use ballast_types::governance::{StewardLimits, ThresholdRamp};
use ballast_types::vault::{Asset, CollateralParams, LiquidationContextResponse};
use common::{execute_msg, key, local_deployment as deployment, one_at_a_time, root};
use cosmwasm_std::Decimal;
use serde_json::{json, Value};

/// Sends `msg` to `contract` from `who`.
fn exec(
    node: &Node,
    fees: &ballast_cli::node::signer::FeeSettings,
    who: &Signer,
    contract: &str,
    msg: Value,
    funds: &[(u128, &str)],
) -> Result<TxOutcome, NodeError> {
    node.send(
        who,
        fees,
        vec![execute_msg(who, contract, &msg, funds)],
        "governance test",
    )
}

fn query<T: serde::de::DeserializeOwned>(node: &Node, contract: &str, msg: Value) -> T {
    let raw = node
        .smart_raw(contract, &msg)
        .unwrap_or_else(|e| panic!("{msg}: {e}"));
    serde_json::from_value(raw.clone()).unwrap_or_else(|e| panic!("{raw}: {e}"))
}

fn collateral(max_ltv: Decimal, threshold: Decimal, cap: Option<u128>) -> Value {
    json!(CollateralParams {
        max_ltv,
        liquidation_threshold: threshold,
        deposit_cap: cap.map(cosmwasm_std::Uint128::new),
    })
}

#[test]
#[ignore = "needs the local node; scripts/test.sh runs it"]
fn a_steward_change_and_a_ramped_cut_on_the_node() {
    let _one = one_at_a_time();
    let d = deployment(&root().join("target/node-governance"));
    let record = deploy(
        &d,
        DeployOptions {
            fresh: true,
            migrate: false,
        },
        &mut |l| println!("{l}"),
    )
    .unwrap();
    let node = Node::new(&d.network.rest, &d.network.rpc);
    let fees = d.fees();
    let vault = record.address("vault").unwrap().to_string();
    let (owner, steward, borrower) = (key("deployer"), key("user3"), key("user2"));

    // the owner names the steward, with a one-hour cooldown
    let limits = StewardLimits {
        cooldown_s: 3_600,
        ..StewardLimits::conservative()
    };
    let tx = exec(
        &node,
        &fees,
        &owner,
        &vault,
        json!({"set_steward": {"steward": steward.address(), "limits": limits}}),
        &[],
    )
    .unwrap();
    let ev = SetStewardEvent::find(&tx.events).unwrap();
    assert_eq!(ev.steward.as_deref(), Some(steward.address().as_str()));
    assert_eq!(ev.limits, limits);

    // the steward lowers ATOM's max LTV by 2 pp: accepted, and the event has old and new values
    let atom: Asset = query(&node, &vault, json!({"asset": {"denom": "uatom"}}));
    let before = atom.collateral.clone().unwrap();
    let two_pp = Decimal::percent(2);
    let lower = collateral(
        before.max_ltv - two_pp,
        before.liquidation_threshold,
        before.deposit_cap.map(|c| c.u128()),
    );
    let tx = exec(
        &node,
        &fees,
        &steward,
        &vault,
        json!({"update_asset": {"denom": "uatom", "collateral": lower}}),
        &[],
    )
    .unwrap();
    let ev = UpdateAssetEvent::find(&tx.events).unwrap();
    assert_eq!(ev.role, "steward");
    assert_eq!(ev.sender, steward.address());
    assert_eq!(ev.changed, vec!["max_ltv".to_string()]);
    assert_eq!(ev.previous_collateral.as_ref(), Some(&before));
    assert_eq!(
        ev.collateral.as_ref().map(|c| c.max_ltv),
        Some(before.max_ltv - two_pp)
    );

    // moving it back within the hour: the contract's cooldown refuses it before it is sent
    let back = collateral(
        before.max_ltv,
        before.liquidation_threshold,
        before.deposit_cap.map(|c| c.u128()),
    );
    let refused = exec(
        &node,
        &fees,
        &steward,
        &vault,
        json!({"update_asset": {"denom": "uatom", "collateral": back}}),
        &[],
    );
    match refused {
        Err(NodeError::Simulation { message }) => {
            assert!(
                message.contains("the risk steward changed max_ltv of uatom"),
                "{message}"
            )
        }
        other => panic!("expected the cooldown, got {other:?}"),
    }
    // a threshold cut of 5 pp: beyond the steward's step
    let deep = collateral(
        before.max_ltv - two_pp,
        before.liquidation_threshold - Decimal::percent(5),
        before.deposit_cap.map(|c| c.u128()),
    );
    let refused = exec(
        &node,
        &fees,
        &steward,
        &vault,
        json!({"update_asset": {"denom": "uatom", "collateral": deep}}),
        &[],
    );
    match refused {
        Err(NodeError::Simulation { message }) => assert!(
            message.contains("may change liquidation_threshold by at most 0.02"),
            "{message}"
        ),
        other => panic!("expected the step limit, got {other:?}"),
    }
    let atom: Asset = query(&node, &vault, json!({"asset": {"denom": "uatom"}}));
    assert_eq!(
        atom.collateral.as_ref().map(|c| c.liquidation_threshold),
        Some(before.liquidation_threshold)
    );

    // a depositor, so that the liquidation context shows the threshold in force
    exec(
        &node,
        &fees,
        &borrower,
        &vault,
        json!({"deposit": {"account": 7}}),
        &[(10_000_000, "uatom")],
    )
    .unwrap();

    // the owner cuts the threshold by 5 pp over 20 s
    let ramp_s = 20;
    let target = before.liquidation_threshold - Decimal::percent(5);
    let tx = exec(
        &node,
        &fees,
        &owner,
        &vault,
        json!({"update_asset": {"denom": "uatom", "collateral": deep, "threshold_ramp_s": ramp_s}}),
        &[],
    )
    .unwrap();
    let ev = UpdateAssetEvent::find(&tx.events).unwrap();
    assert_eq!(ev.role, "owner");
    let ramp: ThresholdRamp = ev.threshold_ramp.clone().expect("a ramp");
    assert_eq!(ramp.from, before.liquidation_threshold);
    assert_eq!(ramp.end - ramp.start, ramp_s);

    // at each block until the end, the threshold in force is the ramp's line at that block's
    // time, never lower, and it falls
    let mut seen = vec![];
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let ctx: LiquidationContextResponse = query(
            &node,
            &vault,
            json!({"liquidation_context": {"owner": borrower.address(), "account": 7}}),
        );
        let in_force = ctx.position.collaterals[0].liquidation_threshold;
        assert_eq!(
            in_force,
            ramp.at(target, ctx.block_time),
            "at {}",
            ctx.block_time
        );
        assert!(in_force >= target && in_force <= ramp.from);
        if seen.last().map(|(t, _)| *t) != Some(ctx.block_time) {
            seen.push((ctx.block_time, in_force));
        }
        if ctx.block_time >= ramp.end {
            assert_eq!(in_force, target);
            break;
        }
        assert!(Instant::now() < deadline, "the chain stopped: {seen:?}");
        std::thread::sleep(Duration::from_millis(700));
    }
    assert!(
        seen.windows(2).all(|w| w[1].1 <= w[0].1),
        "the threshold rose during the cut: {seen:?}"
    );
    let midway = seen
        .iter()
        .filter(|(t, _)| *t > ramp.start && *t < ramp.end)
        .count();
    assert!(midway >= 3, "too few blocks inside the ramp: {seen:?}");
    println!("threshold in force by block time: {seen:?}");
}
