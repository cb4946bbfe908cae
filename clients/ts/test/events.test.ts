// The event decoders on events written the way the contracts write them
// (packages/types/src/events) and the chain shows them (`wasm-` prefix, `_contract_address`
// first, `msg_index` last).

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  EventDecodeError,
  type RawEvent,
  amountOf,
  decodeEvent,
  decodeEvents,
  findEvent,
  findEvents,
  toBigInt,
} from "../src/index";

const VAULT = "wasm1vault";
const LIQ = "wasm1liquidation";

/** An event as the chain shows it. */
function chain(action: string, attrs: [string, string][], contract = VAULT): RawEvent {
  return {
    type: `wasm-ballast_${action}`,
    attributes: [
      { key: "_contract_address", value: contract },
      { key: "action", value: action },
      ...attrs.map(([key, value]) => ({ key, value })),
      { key: "msg_index", value: "0" },
    ],
  };
}

test("every vault event decodes", () => {
  assert.deepEqual(
    decodeEvent(
      chain("deposit", [
        ["sender", "a"],
        ["owner", "b"],
        ["account", "3"],
        ["amount", "100uatom,5ibc/27394FB092D2ECCD"],
      ]),
    ),
    {
      action: "deposit",
      contract: VAULT,
      sender: "a",
      owner: "b",
      account: 3,
      amount: [
        { denom: "uatom", amount: "100" },
        { denom: "ibc/27394FB092D2ECCD", amount: "5" },
      ],
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("withdraw", [
        ["owner", "a"],
        ["account", "0"],
        ["denom", "uatom"],
        ["amount", "7"],
        ["recipient", "r"],
      ]),
    ),
    {
      action: "withdraw",
      contract: VAULT,
      owner: "a",
      account: 0,
      denom: "uatom",
      amount: "7",
      recipient: "r",
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("borrow", [
        ["owner", "a"],
        ["account", "1"],
        ["denom", "uusdc"],
        ["amount", "9"],
        ["shares", "9000000"],
        ["recipient", "r"],
      ]),
    ),
    {
      action: "borrow",
      contract: VAULT,
      owner: "a",
      account: 1,
      denom: "uusdc",
      amount: "9",
      shares: "9000000",
      recipient: "r",
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("repay", [
        ["sender", "s"],
        ["owner", "a"],
        ["account", "0"],
        ["repaid", "9uusdc"],
        ["refunded", ""],
      ]),
    ),
    {
      action: "repay",
      contract: VAULT,
      sender: "s",
      owner: "a",
      account: 0,
      repaid: [{ denom: "uusdc", amount: "9" }],
      refunded: [],
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("supply", [
        ["sender", "s"],
        ["lender", "l"],
        ["amount", "9uusdc"],
        ["shares", "9000000uusdc"],
      ]),
    ),
    {
      action: "supply",
      contract: VAULT,
      sender: "s",
      lender: "l",
      amount: [{ denom: "uusdc", amount: "9" }],
      shares: [{ denom: "uusdc", amount: "9000000" }],
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("redeem", [
        ["lender", "l"],
        ["denom", "uusdc"],
        ["amount", "4"],
        ["shares", "4000000"],
        ["recipient", "l"],
      ]),
    ),
    {
      action: "redeem",
      contract: VAULT,
      lender: "l",
      denom: "uusdc",
      amount: "4",
      shares: "4000000",
      recipient: "l",
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("settle_liquidation", [
        ["liquidation", LIQ],
        ["owner", "a"],
        ["account", "0"],
        ["debt_denom", "uusdc"],
        ["repaid", "50"],
        ["collateral_denom", "uatom"],
        ["seized", "6"],
        ["protocol_fee", "1"],
        ["recipient", "bot"],
        ["treasury", "t"],
        ["health_before", "0.95"],
      ]),
    ),
    {
      action: "settle_liquidation",
      contract: VAULT,
      liquidation: LIQ,
      owner: "a",
      account: 0,
      debt_denom: "uusdc",
      repaid: "50",
      collateral_denom: "uatom",
      seized: "6",
      protocol_fee: "1",
      recipient: "bot",
      treasury: "t",
      health_before: "0.95",
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("bad_debt", [
        ["owner", "a"],
        ["account", "0"],
        ["denom", "uusdc"],
        ["amount", "10"],
        ["from_reserves", "3"],
        ["from_suppliers", "7"],
      ]),
    ),
    {
      action: "bad_debt",
      contract: VAULT,
      owner: "a",
      account: 0,
      denom: "uusdc",
      amount: "10",
      from_reserves: "3",
      from_suppliers: "7",
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("list_asset", [
        ["sender", "gov"],
        ["denom", "uatom"],
        ["decimals", "6"],
        ["collateral", '{"max_ltv":"0.7","liquidation_threshold":"0.8","deposit_cap":null}'],
      ]),
    ),
    {
      action: "list_asset",
      contract: VAULT,
      sender: "gov",
      denom: "uatom",
      decimals: 6,
      collateral: { max_ltv: "0.7", liquidation_threshold: "0.8", deposit_cap: null },
      lending: null,
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("update_asset", [
        ["sender", "gov"],
        ["role", "owner"],
        ["denom", "uatom"],
        ["changed", ""],
      ]),
    ),
    {
      action: "update_asset",
      contract: VAULT,
      sender: "gov",
      role: "owner",
      denom: "uatom",
      changed: [],
      collateral: null,
      lending: null,
      threshold_ramp: null,
      previous_collateral: null,
      previous_lending: null,
    },
  );
  const collateral = { max_ltv: "0.5", liquidation_threshold: "0.55", deposit_cap: null };
  const ramp = { from: "0.7", start: 100, end: 864100 };
  const before = { max_ltv: "0.5", liquidation_threshold: "0.57", deposit_cap: null };
  assert.deepEqual(
    decodeEvent(
      chain("update_asset", [
        ["sender", "risk"],
        ["role", "steward"],
        ["denom", "uatom"],
        ["changed", "liquidation_threshold"],
        ["collateral", JSON.stringify(collateral)],
        ["threshold_ramp", JSON.stringify(ramp)],
        ["previous_collateral", JSON.stringify(before)],
      ]),
    ),
    {
      action: "update_asset",
      contract: VAULT,
      sender: "risk",
      role: "steward",
      denom: "uatom",
      changed: ["liquidation_threshold"],
      collateral,
      lending: null,
      threshold_ramp: ramp,
      previous_collateral: before,
      previous_lending: null,
    },
  );
  const limits = {
    max_ltv_step: "0.02",
    liquidation_threshold_step: "0.02",
    rate_step: "0.01",
    cap_factor: "2",
    bonus_step: "0.01",
    cooldown_s: 86400,
  };
  assert.deepEqual(
    decodeEvent(
      chain("set_steward", [
        ["sender", "gov"],
        ["steward", "risk"],
        ["previous_limits", JSON.stringify(limits)],
        ["limits", JSON.stringify({ ...limits, cooldown_s: 7200 })],
      ]),
    ),
    {
      action: "set_steward",
      contract: VAULT,
      sender: "gov",
      previous: null,
      steward: "risk",
      previous_limits: limits,
      limits: { ...limits, cooldown_s: 7200 },
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("set_guardian", [
        ["sender", "gov"],
        ["previous", "g"],
      ]),
    ),
    { action: "set_guardian", contract: VAULT, sender: "gov", previous: "g", guardian: null },
  );
  assert.deepEqual(
    decodeEvent(
      chain("set_paused", [
        ["sender", "g"],
        ["denom", "uatom"],
        ["deposit", "false"],
        ["withdraw", "false"],
        ["supply", "false"],
        ["redeem", "false"],
        ["borrow", "true"],
      ]),
    ),
    {
      action: "set_paused",
      contract: VAULT,
      sender: "g",
      denom: "uatom",
      actions: { deposit: false, withdraw: false, supply: false, redeem: false, borrow: true },
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("withdraw_reserves", [
        ["sender", "gov"],
        ["denom", "uusdc"],
        ["amount", "1"],
        ["recipient", "t"],
      ]),
    ),
    {
      action: "withdraw_reserves",
      contract: VAULT,
      sender: "gov",
      denom: "uusdc",
      amount: "1",
      recipient: "t",
    },
  );
});

test("oracle, liquidation and ownership events decode", () => {
  const source = { fixed: { price: "3000" } };
  assert.deepEqual(
    decodeEvent(
      chain("set_price_source", [
        ["sender", "gov"],
        ["denom", "wei"],
        ["decimals", "18"],
        ["source", JSON.stringify(source)],
      ]),
    ),
    {
      action: "set_price_source",
      contract: VAULT,
      sender: "gov",
      denom: "wei",
      decimals: 18,
      source,
    },
  );
  assert.deepEqual(
    decodeEvent(
      chain("remove_price_source", [
        ["sender", "gov"],
        ["denom", "uatom"],
      ]),
    ),
    { action: "remove_price_source", contract: VAULT, sender: "gov", denom: "uatom" },
  );
  const liquidate = (healthAfter: string | null) =>
    chain(
      "liquidate",
      [
        ["owner", "alice"],
        ["account", "3"],
        ["liquidator", "bot"],
        ["debt_denom", "uusdc"],
        ["repaid", "850000000"],
        ["collateral_denom", "uatom"],
        ["seized", "94250000"],
        ["protocol_fee", "925000"],
        ["bonus", "0.108823529411764706"],
        ["health_before", "0.941176470588235294"],
        // no debt left: the attribute is left out
        ...(healthAfter === null ? [] : [["health_after", healthAfter] as [string, string]]),
        ["recipient", "bot"],
        ["to_liquidator", "93325000"],
        ["refunded", "50000000"],
        ["bad_debt", "0"],
      ],
      LIQ,
    );
  const ev = findEvent([liquidate(null)], "liquidate");
  assert.equal(ev.health_after, null);
  assert.equal(ev.repaid, "850000000");
  assert.equal(ev.refunded, "50000000");
  assert.throws(() => findEvent([liquidate("none")], "liquidate"), EventDecodeError);
  assert.equal(ev.bonus, "0.108823529411764706");
  assert.equal(ev.health_before, "0.941176470588235294");
  assert.equal(ev.to_liquidator, "93325000");
  assert.equal(ev.contract, LIQ);
  assert.equal(findEvent([liquidate("1.05")], "liquidate").health_after, "1.05");
  const policy = {
    close_factor: "0.5",
    full_liquidation_hf: "0.95",
    protocol_fee_share: "0.1",
    min_leftover_value: "1000000",
    default_bonus: { start: "0.05", slope: "1", min: "0.02", max: "0.15" },
    bonus_overrides: [],
  };
  assert.deepEqual(
    decodeEvent(
      chain(
        "update_policy",
        [
          ["sender", "gov"],
          ["role", "owner"],
          ["changed", "default,uatom"],
          ["policy", JSON.stringify(policy)],
          ["previous", JSON.stringify(policy)],
        ],
        LIQ,
      ),
    ),
    {
      action: "update_policy",
      contract: LIQ,
      sender: "gov",
      role: "owner",
      changed: ["default", "uatom"],
      policy,
      previous: policy,
    },
  );
  assert.deepEqual(
    decodeEvents([
      chain("transfer_ownership", [
        ["sender", "a"],
        ["owner", "a"],
        ["pending_owner", "b"],
      ]),
      chain("transfer_ownership", [
        ["sender", "a"],
        ["owner", "a"],
        ["pending_owner", "b"],
        ["pending_expiry", '{"at_height":1200}'],
      ]),
      chain("accept_ownership", [
        ["sender", "b"],
        ["previous_owner", "a"],
        ["owner", "b"],
      ]),
      chain("renounce_ownership", [
        ["sender", "b"],
        ["previous_owner", "b"],
      ]),
    ]),
    [
      {
        action: "transfer_ownership",
        contract: VAULT,
        sender: "a",
        owner: "a",
        pending_owner: "b",
        pending_expiry: null,
      },
      {
        action: "transfer_ownership",
        contract: VAULT,
        sender: "a",
        owner: "a",
        pending_owner: "b",
        pending_expiry: { at_height: 1200 },
      },
      { action: "accept_ownership", contract: VAULT, sender: "b", previous_owner: "a", owner: "b" },
      { action: "renounce_ownership", contract: VAULT, sender: "b", previous_owner: "b" },
    ],
  );
});

test("the two update_config events are told apart", () => {
  // each carries its contract's whole configuration after the update
  const vaultOwn = chain("update_config", [
    ["sender", "gov"],
    ["oracle", "o"],
    ["treasury", "t"],
    ["guardian", "g"],
    ["min_debt_value", "5"],
    ["max_assets_per_account", "8"],
  ]);
  assert.deepEqual(decodeEvent(vaultOwn), {
    action: "update_config",
    contract: VAULT,
    emitter: "vault",
    sender: "gov",
    oracle: "o",
    liquidation: null,
    treasury: "t",
    guardian: "g",
    min_debt_value: "5",
    max_assets_per_account: 8,
  });
  const liqOwn = chain(
    "update_config",
    [
      ["sender", "gov"],
      ["vault", VAULT],
      ["treasury", "t"],
    ],
    LIQ,
  );
  assert.deepEqual(decodeEvent(liqOwn), {
    action: "update_config",
    contract: LIQ,
    emitter: "liquidation",
    sender: "gov",
    vault: VAULT,
    treasury: "t",
  });
  // the deployment's addresses decide when given, whatever the attributes
  const ev = decodeEvent(liqOwn, { vault: VAULT, liquidation: LIQ });
  assert.ok(ev.action === "update_config" && ev.emitter === "liquidation" && ev.treasury === "t");
  // neither contract's shape: an error, not a guess
  const neither = chain("update_config", [
    ["sender", "gov"],
    ["treasury", "t"],
  ]);
  assert.throws(() => decodeEvent(neither), EventDecodeError);
  // a vault event missing a field of the whole configuration is malformed
  const partial = chain("update_config", [
    ["sender", "gov"],
    ["oracle", "o"],
  ]);
  assert.throws(() => decodeEvent(partial), EventDecodeError);
});

test("the contract's own form (no wasm- prefix, no contract address) decodes", () => {
  const ev = findEvent(
    [
      {
        type: "ballast_remove_price_source",
        attributes: [
          { key: "action", value: "remove_price_source" },
          { key: "sender", value: "gov" },
          { key: "denom", value: "uatom" },
        ],
      },
    ],
    "remove_price_source",
  );
  assert.deepEqual(ev, { action: "remove_price_source", sender: "gov", denom: "uatom" });
});

test("finding skips other events and keeps the order", () => {
  const events: RawEvent[] = [
    {
      type: "message",
      attributes: [{ key: "action", value: "/cosmwasm.wasm.v1.MsgExecuteContract" }],
    },
    { type: "wasm", attributes: [{ key: "action", value: "repay" }] },
    chain("bad_debt", [
      ["owner", "a"],
      ["account", "0"],
      ["denom", "uusdc"],
      ["amount", "1"],
      ["from_reserves", "1"],
      ["from_suppliers", "0"],
    ]),
    chain("bad_debt", [
      ["owner", "a"],
      ["account", "0"],
      ["denom", "uosmo"],
      ["amount", "2"],
      ["from_reserves", "0"],
      ["from_suppliers", "2"],
    ]),
  ];
  assert.deepEqual(
    findEvents(events, "bad_debt").map((e) => e.denom),
    ["uusdc", "uosmo"],
  );
  assert.equal(decodeEvents(events).length, 2);
  assert.deepEqual(findEvents(events, "liquidate"), []);
  assert.throws(() => findEvent(events, "liquidate"), /no event of type ballast_liquidate/);
});

test("malformed events are errors that name the attribute", () => {
  const bad = (attrs: [string, string][], key: string) => {
    assert.throws(
      () => decodeEvent(chain("withdraw", attrs)),
      (err: unknown) => err instanceof EventDecodeError && err.key === key,
    );
  };
  const ok: [string, string][] = [
    ["owner", "a"],
    ["account", "0"],
    ["denom", "uatom"],
    ["amount", "7"],
    ["recipient", "r"],
  ];
  const without = (key: string) => ok.filter(([k]) => k !== key);
  const withValue = (key: string, value: string) =>
    ok.map(([k, v]): [string, string] => [k, k === key ? value : v]);
  bad(without("recipient"), "recipient");
  bad(withValue("amount", "-1"), "amount");
  bad(withValue("amount", "1.5"), "amount");
  bad(withValue("amount", (1n << 128n).toString()), "amount");
  bad(withValue("account", "4294967296"), "account");
  // the largest values are fine
  const max = decodeEvent(chain("withdraw", withValue("amount", ((1n << 128n) - 1n).toString())));
  assert.ok(max.action === "withdraw" && toBigInt(max.amount) === (1n << 128n) - 1n);

  // an update_asset role other than owner or steward
  const asset = (role: string) =>
    chain("update_asset", [
      ["sender", "x"],
      ["role", role],
      ["denom", "uatom"],
      ["changed", ""],
    ]);
  assert.throws(
    () => decodeEvent(asset("dao")),
    (err: unknown) => err instanceof EventDecodeError && err.key === "role",
  );
  assert.equal(decodeEvent(asset("steward")).action, "update_asset");

  // an action attribute that disagrees with the type
  const wrong: RawEvent = {
    type: "wasm-ballast_withdraw",
    attributes: [{ key: "action", value: "deposit" }],
  };
  assert.throws(
    () => decodeEvent(wrong),
    (err: unknown) => err instanceof EventDecodeError && err.key === "action",
  );
  // an unknown Ballast event (a client older than the contract) and a foreign one
  assert.throws(() => decodeEvent(chain("teleport", [])), /unknown Ballast event/);
  assert.throws(() => decodeEvent({ type: "transfer", attributes: [] }), /not a Ballast event/);

  const coins = (value: string) =>
    chain("deposit", [
      ["sender", "a"],
      ["owner", "a"],
      ["account", "0"],
      ["amount", value],
    ]);
  assert.throws(
    () => decodeEvent(coins("uatom100")),
    (err: unknown) => err instanceof EventDecodeError && err.key === "amount",
  );
  assert.throws(() => decodeEvent(coins("100")), EventDecodeError);
  const decimal = (value: string) =>
    chain("settle_liquidation", [
      ["liquidation", LIQ],
      ["owner", "a"],
      ["account", "0"],
      ["debt_denom", "uusdc"],
      ["repaid", "50"],
      ["collateral_denom", "uatom"],
      ["seized", "6"],
      ["protocol_fee", "1"],
      ["recipient", "bot"],
      ["treasury", "t"],
      ["health_before", value],
    ]);
  assert.throws(() => decodeEvent(decimal("0.1234567890123456789")), /more than 18 decimal places/);
  assert.throws(() => decodeEvent(decimal("1e3")), /not a decimal/);
  assert.throws(
    () =>
      decodeEvent(
        chain("set_paused", [
          ["sender", "g"],
          ["denom", "u"],
          ["deposit", "yes"],
        ]),
      ),
    /not true or false/,
  );
});

test("amounts add up exactly", () => {
  const big = "340282366920938463463374607431768211455";
  assert.equal(
    amountOf(
      [
        { denom: "u", amount: big },
        { denom: "v", amount: "1" },
      ],
      "u",
    ),
    BigInt(big),
  );
  assert.equal(amountOf([], "u"), 0n);
  assert.throws(() => toBigInt("0x10"), RangeError);
});
