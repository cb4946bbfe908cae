//! Gas on the VM, priced on wasmd's cost model (see `ballast_tests::vm::cost`): a ceiling per
//! user-facing action (gas is deterministic, so any regression fails), the targets, the
//! scaling test (10 vs 10,000 accounts), and the artifact sizes.

use std::time::Instant;

use ballast_tests::script::{
    deploy, json, liquidate, measure, set_price, target, user, Chain, Deployment, Kind, VmChain,
};
use ballast_tests::vm::{read_artifact, Usage};
use ballast_types::vault::ExecuteMsg;
use cosmwasm_std::{coin, Uint128};

/// Budget per gas report line: a little (about 5 %) above the measured modelled SDK gas of the
/// whole transaction. When a change makes an action cheaper, lower its budget; when it makes it
/// dearer, the report must say why.
const CEILINGS: [(&str, u64); 17] = [
    ("supply", 84_000),
    ("deposit (1 coin)", 81_000),
    ("deposit (new sub-account)", 80_000),
    ("deposit (4 coins)", 105_000),
    ("borrow (1 collateral)", 166_000),
    ("borrow (4 collaterals)", 180_000),
    ("borrow (1 collateral, 2nd market)", 165_000),
    ("repay", 89_000),
    ("repay (all, refund)", 88_000),
    ("withdraw (with debt)", 157_000),
    ("withdraw (no debt)", 78_000),
    ("redeem", 88_000),
    ("set price (oracle)", 71_000),
    ("liquidate (1 collateral)", 378_000),
    // the target itself: 5 contracts entered are 300,000 of it
    ("liquidate (4 collaterals)", 400_000),
    ("liquidate + bad-debt write-off", 391_000),
    ("redeem (all)", 88_000),
];

/// Actions whose measured cost is above the target, with what it is spent on.
/// - `deposit (4 coins)`: one transaction depositing four denoms reads each asset's parameters
///   and collateral total and writes each total (10 reads, 5 writes: ~38,000 of storage gas on
///   top of the 60,000 for entering the vault). Per coin it is well under the target.
const OVER_TARGET: [&str; 1] = ["deposit (4 coins)"];

#[test]
fn every_action_stays_under_its_ceiling() {
    let measured = measure();
    assert_eq!(
        measured.len(),
        CEILINGS.len(),
        "one ceiling per report line"
    );
    for m in &measured {
        let (_, ceiling) = CEILINGS
            .iter()
            .find(|(action, _)| *action == m.action)
            .unwrap_or_else(|| panic!("no ceiling for {}", m.action));
        let gas = m.usage.sdk_gas();
        assert!(
            gas <= *ceiling,
            "{} ({}): {gas} SDK gas is over its ceiling of {ceiling}: {:?}",
            m.action,
            m.step,
            m.usage
        );
        // the floor: 60,000 per contract entered. A vault action enters at most two contracts
        // (the vault and one batched price query); a liquidation five (the liquidation
        // contract, its one context query into the vault and the vault's price query, the
        // settlement in the vault and its price query).
        let most = if m.action.starts_with("liquidate") {
            5
        } else {
            2
        };
        assert!(
            m.usage.contracts_entered <= most,
            "{}: {:?}",
            m.action,
            m.usage
        );
        assert!(gas >= 60_000 * m.usage.contracts_entered);
    }
}

#[test]
fn ceilings_respect_the_targets() {
    for (action, ceiling) in CEILINGS {
        if let Some(target) = target(action) {
            if OVER_TARGET.contains(&action) {
                assert!(
                    ceiling > target,
                    "{action} meets its target now: drop the exception"
                );
            } else {
                assert!(
                    ceiling <= target,
                    "{action}: ceiling {ceiling} > target {target}"
                );
            }
        }
    }
}

/// Every artifact is at most 400 KiB (the vault was 524,327 bytes before the table-driven message
/// parser, `DenomMap`, the partial views of other contracts' answers and the wasm-opt pipeline of
/// `scripts/build-wasm.sh`; 407,900 after; 401,006 with per-denom prices and the compact reader
/// for its stored state and its views of the other contracts' answers; 402,003 before issue 13).
///
/// Raised to 410 KiB for the front-end queries of issue 13, which could not fit: paged answers
/// with a cursor (+2,979 bytes), each collateral's liquidation price in `Position` (+3,466), and
/// `SimulatePosition` with `MaxBorrow`/`MaxWithdraw` checked by the actions' own checks (+9,637,
/// of which 4,750 is `SimulatePosition` itself and about 1,000 its message's action list) took the
/// vault to 418,117 bytes; 419,826 with the per-page reads of `Positions` and the 128-bit path of
/// the exact ratio (both cut gas). Lowered back to 400 KiB in issue 11: the compact reader's tables
/// derived from the types (`ballast-derive`) with generic, shared kinds, and the query answers
/// serialised without one `to_json_binary` per answer type, took the vault to 408,967 bytes. The
/// chain's upload limit is 800 KB; this bound is a budget.
///
/// Raised to 415 KiB, still in issue 11: the shared kit (funds, validation, migration, ownership
/// with expiring proposals, `KitError`) took the vault to 416,104 bytes, and the cw-ownable
/// `update_ownership` message, whose payload is read through serde's own visitors
/// (`OwnershipAction`, `Expiration`), to 422,685; then 410,793 with those two (and the migration's
/// cw2 record) read through compact tables. Issue 15's risk steward (`SetSteward`,
/// `SetGuardian`, the `Steward` query, steps, cooldowns, old and new values in the events) and the
/// ramp's `current` took it to 424,444.
///
/// Back to 400 KiB, closing issue 11: the list queries read their pages through one non-generic
/// loop (`ballast_kit::paging`) instead of cw-storage-plus' iterator pipeline per map (417,294),
/// and the vault writes its answers, its stored records, its events' JSON and the queries it sends
/// through the compact writer (`ballast_compact::WriteJson`, byte for byte serde_json's) instead of
/// serde's serialisers: 406,745 (406,393 once a steward's `UpdateAsset` read its limits with its
/// role). What no contract code calls stays linked (about 34 KB: the printing of the
/// `std::backtrace::Backtrace` that cosmwasm-std's `StdError` boxes, and serde_json's float
/// formatting in its error messages), so the margin is the vault's own code.
#[test]
fn artifacts_are_at_most_400_kib() {
    for kind in [Kind::Oracle, Kind::Vault, Kind::Liquidation] {
        let name = kind.artifact();
        let size = read_artifact(name).len();
        println!("{name}.wasm: {size} bytes");
        let max = 400 * 1024;
        assert!(size <= max, "{name}.wasm is {size} bytes, over {max}");
    }
}

/// Total borrowed by the seeded accounts, split evenly among them, so the market's totals are
/// the same whatever their number (and the stored numbers have the same width).
const SEED_DEBT: u128 = 100_000_000_000;
/// Total ATOM deposited by the seeded accounts.
const SEED_COLLATERAL: u128 = 20_000_000_000;

/// Deploys, seeds `accounts` borrowers (each deposits ATOM and borrows USDC), then measures a
/// subject's borrow, repay and liquidation.
fn scaling_run(accounts: u128) -> [Usage; 3] {
    let mut chain = VmChain::new();
    let d: Deployment = deploy(&mut chain);
    let vault = &d.vault;
    let lender = user("lender");
    chain
        .execute(
            &lender,
            vault,
            json(&ExecuteMsg::Supply { on_behalf_of: None }),
            &[coin(1_000_000_000_000, "uusdc")],
        )
        .unwrap();
    let deposit = json(&ExecuteMsg::Deposit {
        account: None,
        on_behalf_of: None,
    });
    let borrow = |amount: u128| {
        json(&ExecuteMsg::Borrow {
            denom: "uusdc".to_string(),
            amount: Uint128::new(amount),
            account: None,
            recipient: None,
        })
    };
    let collateral = SEED_COLLATERAL / accounts;
    let seed_borrow = borrow(SEED_DEBT / accounts);
    for i in 0..accounts {
        let seed = user(&format!("seed{i}"));
        chain.mint(&seed, &[coin(collateral, "uatom")]);
        chain
            .execute(&seed, vault, deposit.clone(), &[coin(collateral, "uatom")])
            .unwrap();
        chain
            .execute(&seed, vault, seed_borrow.clone(), &[])
            .unwrap();
    }

    // the subject: 0.1 BTC (6,000) and 1 ETH (3,000), capacity 5,850
    let subject = user("subject");
    let funds = [
        coin(10_000_000, "wbtc"),
        coin(1_000_000_000_000_000_000, "weth"),
    ];
    chain.mint(&subject, &funds);
    chain.mint(&subject, &[coin(1_000_000_000, "uusdc")]);
    chain
        .execute(&subject, vault, deposit.clone(), &funds)
        .unwrap();
    let borrowed = chain
        .execute(&subject, vault, borrow(5_500_000_000), &[])
        .unwrap()
        .unwrap();
    let repaid = chain
        .execute(
            &subject,
            vault,
            json(&ExecuteMsg::Repay {
                account: None,
                on_behalf_of: None,
            }),
            &[coin(500_000_000, "uusdc")],
        )
        .unwrap()
        .unwrap();
    // ETH 3,000 → 1,000 and BTC 60,000 → 50,000: threshold value 0.75 × (5,000 + 1,000) = 4,500
    // < 5,000 of debt; the liquidator offers 1,000 USDC for BTC
    let owner = user("owner");
    chain
        .execute(
            &owner,
            &d.oracle,
            json(&set_price("weth", 18, "0.000000001")),
            &[],
        )
        .unwrap();
    chain
        .execute(&owner, &d.oracle, json(&set_price("wbtc", 8, "500")), &[])
        .unwrap();
    let liquidated = chain
        .execute(
            &user("liquidator"),
            &d.liquidation,
            json(&liquidate("subject", "wbtc")),
            &[coin(1_000_000_000, "uusdc")],
        )
        .unwrap()
        .unwrap();
    [borrowed, repaid, liquidated]
}

#[test]
fn cost_does_not_grow_with_the_number_of_accounts() {
    let start = Instant::now();
    let small = scaling_run(10);
    let large = scaling_run(10_000);
    println!(
        "10 and 10,000 accounts seeded and measured in {:?}",
        start.elapsed()
    );
    for ((action, s), l) in ["borrow", "repay", "liquidate"]
        .iter()
        .zip(&small)
        .zip(&large)
    {
        println!(
            "{action}: {} SDK gas with 10 accounts, {} with 10,000",
            s.sdk_gas(),
            l.sdk_gas()
        );
        assert_eq!(s, l, "{action} costs differ between 10 and 10,000 accounts");
    }
}
