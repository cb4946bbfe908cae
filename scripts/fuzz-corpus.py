#!/usr/bin/env python3
"""Generates the fuzzers' message templates, seed corpus and dictionaries from `schema/`.

    scripts/fuzz-corpus.py           # (re)writes fuzz/templates, fuzz/corpus/*/seed-*, fuzz/dict
    scripts/fuzz-corpus.py --check   # fails if what is checked in differs (schema drift)

For every execute and query variant of each contract's JSON schema (`schema/<c>/raw/*.json`)
it builds a valid example twice, with only the required fields and with every field, from the
schema's types and the field values below (denoms and accounts of the fuzz set-up in
`fuzz/src/setup.rs`; addresses are placeholders such as `@bob` that the harness replaces with the
set-up's addresses). Outputs:

* `fuzz/templates/<c>.json`: `[{"kind", "name", "sender", "funds", "msg"}]`, embedded in the
  harness (`include_str!`) for its "template + mutations" steps.
* `fuzz/corpus/<c>/seed-<kind>-<variant>[-full]`: one raw step per example in the input format of
  `fuzz/src/input.rs` (op byte, 16-bit length, then `sender\\nfunds\\nJSON`);
  `seed-template-<kind>-<variant>`: the same example as an unmutated template step; and a few
  multi-step seeds (price crash then liquidation, interest over a year, stale prices).
* `fuzz/dict/<c>.dict`: libFuzzer dictionary (field and variant names, denoms, placeholders).

Python 3 standard library only.
"""

import json
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTRACTS = ["vault", "oracle", "liquidation"]

# Op codes of fuzz/src/input.rs (keep in sync).
OP_RAW_EXEC = 0
OP_RAW_QUERY = 1
OP_TEMPLATE_EXEC = 2
OP_TEMPLATE_QUERY = 3
OP_ADVANCE = 4
OP_PYTH = 5
OP_LIQUIDATE_ANY = 8

ATOM_FEED = "b00b60f88b03a6a625a8d1c048c3f66653edf217439983d037e7222c4e612819"

# Field values by "<variant>.<field>", then by "<field>" (variant = the message's JSON name).
VALUES = {
    # vault
    "withdraw.denom": "uosmo",
    "borrow.denom": "uusdc",
    "redeem.denom": "uusdc",
    "withdraw_reserves.denom": "uusdc",
    "list_asset.denom": "ujuno",
    "update_asset.denom": "uosmo",
    "set_paused.denom": "uatom",
    "market.denom": "uusdc",
    "supply_position.denom": "uusdc",
    "asset.denom": "uatom",
    "max_borrow.denom": "uusdc",
    "max_withdraw.denom": "uosmo",
    "simulate_position.actions": [
        {"deposit": {"denom": "uatom", "amount": "1000000"}},
        {"borrow": {"denom": "uusdc", "amount": "1000"}},
        {"withdraw": {"denom": "uosmo", "amount": "1"}},
        {"repay": {"denom": "uusdc", "amount": "2000"}},
    ],
    "settle_liquidation.owner": "@bob",
    "settle_liquidation.recipient": "@dave",
    "settle_liquidation.seize": "1000",
    "settle_liquidation.protocol_fee": "0",
    "transfer_ownership.new_owner": "@alice",
    "transfer_ownership.expiry": {"at_height": 1000000000},
    "supplies.lender": "@alice",
    "supply_position.lender": "@alice",
    "update_config.min_debt_value": "0",
    "update_config.max_assets_per_account": 8,
    "positions.start_after": ["@bob", 0],
    "liquidatable_positions.start_after": ["@bob", 0],
    "accounts.start_after": 0,
    "markets.start_after": "uatom",
    "assets.start_after": "uatom",
    "supplies.start_after": "uatom",
    "price_sources.start_after": "uatom",
    # oracle
    "set_price_source.denom": "uosmo",
    "remove_price_source.denom": "ujuno",
    "price.denom": "uatom",
    "price_source.denom": "uatom",
    "prices.denoms": ["uatom", "uusdc", "uosmo"],
    "fixed.price": "0.5",
    "pyth.contract": "@pyth",
    "pyth.feed_id": ATOM_FEED,
    "median.min_sources": 1,
    # liquidation
    "liquidate.owner": "@bob",
    "liquidate.collateral_denom": "uatom",
    "simulate_liquidation.owner": "@bob",
    "simulate_liquidation.collateral_denom": "uatom",
    "simulate_liquidation.debt_denom": "uusdc",
    "simulate_liquidation.debt_amount": "1000000",
    "update_config.vault": "@vault",
    "bonus_overrides": [["uatom", {"start": "0.04", "slope": "1", "min": "0.02", "max": "0.2"}]],
    # generic
    "owner": "@bob",
    "lender": "@alice",
    "denom": "uusdc",
    "collateral_denom": "uatom",
    "debt_denom": "uusdc",
    "account": 0,
    "amount": "1000",
    "limit": 10,
    "kind": "default",
    "on_behalf_of": "@bob",
    "recipient": "@dave",
    "treasury": "@treasury",
    "guardian": "@guardian",
    "oracle": "@oracle",
    "liquidation": "@liquidation",
    "vault": "@vault",
    "decimals": 6,
    "max_ltv": "0.5",
    "liquidation_threshold": "0.6",
    "deposit_cap": "1000000000000",
    "supply_cap": "1000000000000",
    "borrow_cap": "1000000000000",
    "reserve_factor": "0.1",
    "base": "0.02",
    "slope1": "0.1",
    "slope2": "1",
    "optimal_utilization": "0.8",
    "close_factor": "0.5",
    "full_liquidation_hf": "0.95",
    "protocol_fee_share": "0.1",
    "min_leftover_value": "1000000",
    "min_collateral_out": "1",
    "start": "0.05",
    "slope": "1",
    "min": "0.02",
    "max": "0.3",
    "max_confidence": "0.02",
    "max_ema_deviation": "0.1",
    "max_staleness_s": 60,
    "max_spread": "0.05",
    "min_sources": 1,
    "debt_amount": "1000000",
    "min_debt_value": "0",
    "max_assets_per_account": 8,
}

# Who sends each execute variant, and with which funds (coin strings), in the fuzz set-up.
SENDERS = {
    "vault": {
        "deposit": ("@bob", "1000000uatom"),
        "withdraw": ("@bob", ""),
        "borrow": ("@bob", ""),
        "repay": ("@bob", "1000uusdc"),
        "supply": ("@alice", "1000000uusdc"),
        "redeem": ("@alice", ""),
        "settle_liquidation": ("@liquidation", "1000uusdc"),
        "set_paused": ("@guardian", ""),
    },
    "oracle": {},
    "liquidation": {
        "liquidate": ("@dave", "1000000uusdc"),
    },
}

# `update_ownership` of every contract: the schema walk makes
# `transfer_ownership` (from @owner); the other two actions, each from the one who may send it.
OWNERSHIP_EXTRA = [
    ("execute", "update_ownership-accept", "@alice", "", {"update_ownership": "accept_ownership"}),
    ("execute", "update_ownership-renounce", "@owner", "",
     {"update_ownership": "renounce_ownership"}),
]


# Examples the schema walk does not reach (it takes the first variant of a nested enum).
EXTRA = {
    "oracle": [
        ("execute", "set_price_source-pyth", "@owner", "", {"set_price_source": {
            "denom": "uatom", "decimals": 6, "source": {"pyth": {
                "contract": "@pyth", "feed_id": ATOM_FEED, "max_staleness_s": 60,
                "max_confidence": "0.02", "max_ema_deviation": "0.1"}}}}),
        ("execute", "set_price_source-median", "@owner", "", {"set_price_source": {
            "denom": "uosmo", "decimals": 6, "source": {"median": {
                "sources": [{"fixed": {"price": "0.5"}}, {"fixed": {"price": "0.51"}}],
                "min_sources": 2, "max_spread": "0.05"}}}}),
        ("query", "prices-liquidation", "", "", {"prices": {
            "denoms": ["uatom", "uusdc"], "kind": "liquidation"}}),
        *OWNERSHIP_EXTRA,
    ],
    "vault": [
        ("execute", "deposit-multi", "@carol", "1000uatom,1000uosmo", {"deposit": {"account": 1}}),
        ("execute", "borrow-sub", "@carol", "", {"borrow": {"denom": "uatom", "amount": "1",
                                                            "account": 1}}),
        ("execute", "repay-on-behalf", "@mallory", "10uusdc", {"repay": {
            "on_behalf_of": "@bob"}}),
        ("execute", "withdraw-all", "@carol", "", {"withdraw": {"denom": "uosmo"}}),
        ("execute", "set_paused-all", "@owner", "", {"set_paused": {"denom": "uusdc", "actions": {
            "deposit": True, "withdraw": True, "supply": True, "redeem": True, "borrow": True}}}),
        # Mallory is the risk steward: a step within its limits, and a ramped threshold cut
        ("execute", "update_asset-steward", "@mallory", "", {"update_asset": {
            "denom": "uatom", "collateral": {"max_ltv": "0.72", "liquidation_threshold": "0.75"}}}),
        ("execute", "update_asset-steward-ramp", "@mallory", "", {"update_asset": {
            "denom": "uatom", "collateral": {"max_ltv": "0.7", "liquidation_threshold": "0.73"},
            "threshold_ramp_s": 86400}}),
        *OWNERSHIP_EXTRA,
    ],
    "liquidation": [
        ("execute", "liquidate-carol", "@dave", "100000uatom", {"liquidate": {
            "owner": "@carol", "collateral_denom": "uosmo"}}),
        # Mallory, the vault's risk steward, moves the default bonus curve within its band
        ("execute", "update_policy-steward", "@mallory", "", {"update_policy": {"policy": {
            "close_factor": "0.5", "full_liquidation_hf": "0.95", "protocol_fee_share": "0.1",
            "min_leftover_value": "1000000", "bonus_overrides": [],
            "default_bonus": {"start": "0.06", "slope": "1", "min": "0.02", "max": "0.29"}}}}),
        *OWNERSHIP_EXTRA,
    ],
}


def resolve(schema, defs):
    while "$ref" in schema:
        schema = defs[schema["$ref"].split("/")[-1]]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return resolve(schema["allOf"][0], defs)
    return schema


def example(schema, defs, variant, field, full):
    """A valid value for `schema` (`field` of `variant`); every optional field too if `full`."""
    for key in (f"{variant}.{field}", field):
        if key is not None and key in VALUES:
            return VALUES[key]
    schema = resolve(schema, defs)
    if "anyOf" in schema:  # Option<T>: the T
        return example(schema["anyOf"][0], defs, variant, field, full)
    if "oneOf" in schema:  # a nested enum (PriceSource): its first variant
        return example(schema["oneOf"][0], defs, variant, field, full)
    if "enum" in schema:
        return schema["enum"][0]
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    if "object" in types:
        return obj(schema, defs, variant, full)
    if "array" in types:
        items = schema.get("items", {})
        if isinstance(items, list):
            return [example(i, defs, variant, None, full) for i in items]
        return [example(items, defs, variant, None, full)] if full else []
    if "string" in types:
        return "x"
    if "integer" in types:
        return 0
    if "boolean" in types:
        return True
    raise SystemExit(f"fuzz-corpus: no example for {field} in {variant}: {schema}")


def obj(schema, defs, variant, full):
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    if len(props) == 1 and required == set(props):  # an enum variant {name: {...}}
        (name, inner), = props.items()
        inner = resolve(inner, defs)
        if inner.get("type") == "object":
            return {name: obj(inner, defs, name, full)}
    return {
        k: example(v, defs, variant, k, full)
        for k, v in sorted(props.items())
        if k in required or full
    }


def field_names(node, out):
    if isinstance(node, dict):
        for k, v in node.get("properties", {}).items():
            out.add(k)
        for v in node.values():
            field_names(v, out)
    elif isinstance(node, list):
        for v in node:
            field_names(v, out)


def step(op, body):
    return struct.pack("<BH", op, len(body)) + body


def raw_step(kind, sender, funds, msg):
    text = json.dumps(msg, separators=(",", ":")).encode()
    if kind == "execute":
        return step(OP_RAW_EXEC, f"{sender}\n{funds}\n".encode() + text)
    return step(OP_RAW_QUERY, text)


def generate():
    files = {}
    for contract in CONTRACTS:
        templates = []
        names = set()
        for kind in ("execute", "query"):
            path = os.path.join(ROOT, "schema", contract, "raw", f"{kind}.json")
            with open(path) as f:
                schema = json.load(f)
            defs = schema.get("definitions", {})
            field_names(schema, names)
            for variant in schema["oneOf"]:
                (name,) = variant["properties"].keys()
                default_sender = "@bob" if kind == "execute" else ""
                if contract != "vault" or name in ("list_asset", "update_asset", "update_config",
                                                   "set_guardian", "set_steward",
                                                   "withdraw_reserves", "update_ownership"):
                    default_sender = "@owner" if kind == "execute" else ""
                sender, funds = SENDERS[contract].get(name, (default_sender, ""))
                if kind == "query":
                    sender, funds = "", ""
                seen = set()
                for full in (False, True):
                    msg = obj(variant, defs, name, full)
                    text = json.dumps(msg, sort_keys=True)
                    if text in seen:
                        continue
                    seen.add(text)
                    label = f"{name}-full" if full else name
                    templates.append({"kind": kind, "name": label, "sender": sender,
                                      "funds": funds, "msg": msg})
                    files[f"fuzz/corpus/{contract}/seed-{kind}-{label}"] = raw_step(
                        kind, sender, funds, msg)
        for kind, label, sender, funds, msg in EXTRA[contract]:
            templates.append({"kind": kind, "name": label, "sender": sender, "funds": funds,
                              "msg": msg})
            files[f"fuzz/corpus/{contract}/seed-{kind}-{label}"] = raw_step(kind, sender, funds, msg)
        # The same messages as template steps (index among the templates of their kind, no
        # mutation, the template's sender and funds): the start of the mutated-template inputs.
        for kind, op in (("execute", OP_TEMPLATE_EXEC), ("query", OP_TEMPLATE_QUERY)):
            for i, t in enumerate(t for t in templates if t["kind"] == kind):
                body = bytes([i, 0, 0, 0]) if kind == "execute" else bytes([i, 0])
                files[f"fuzz/corpus/{contract}/seed-template-{kind}-{t['name']}"] = step(op, body)
        files[f"fuzz/templates/{contract}.json"] = (
            json.dumps({"fields": sorted(names), "templates": templates}, indent=1) + "\n"
        ).encode()
        tokens = sorted(names | {t["name"].split("-")[0] for t in templates}
                        | {"uusdc", "uatom", "uosmo", "ujuno", "@owner", "@guardian",
                           "@treasury", "@alice", "@bob", "@carol", "@dave", "@mallory",
                           "@vault", "@oracle", "@liquidation", "@pyth", "default",
                           "liquidation", "null", "340282366920938463463374607431768211455",
                           "340282366920938463463374607431768211456", "4294967295"})
        files[f"fuzz/dict/{contract}.dict"] = "".join(
            f"{json.dumps(t)}\n" for t in tokens).encode()

    # Multi-step seeds: the states where liquidation and interest code runs.
    crash = step(OP_PYTH, bytes([2, 0, 0, 0, 0]))  # ATOM -30 %, published now, EMA following
    year = step(OP_ADVANCE, bytes([7, 0, 0, 0]))  # one year, feed republished
    files["fuzz/corpus/liquidation/seed-flow-crash-liquidate"] = crash + step(
        OP_LIQUIDATE_ANY, bytes([0, 0, 0]))
    files["fuzz/corpus/liquidation/seed-flow-crash-simulate"] = crash + raw_step(
        "query", "", "", {"liquidatable_positions": {}})
    files["fuzz/corpus/vault/seed-flow-year-repay"] = year + raw_step(
        "execute", "@bob", "1000000000uusdc", {"repay": {}})
    files["fuzz/corpus/vault/seed-flow-crash-withdraw"] = crash + raw_step(
        "execute", "@bob", "", {"withdraw": {"denom": "uatom"}})
    files["fuzz/corpus/oracle/seed-flow-stale-price"] = year + raw_step(
        "query", "", "", {"prices": {"denoms": ["uatom", "uosmo"], "kind": "liquidation"}})
    return files


def main():
    check = "--check" in sys.argv[1:]
    files = generate()
    stale = []
    for rel, data in sorted(files.items()):
        path = os.path.join(ROOT, rel)
        old = open(path, "rb").read() if os.path.exists(path) else None
        if old == data:
            continue
        stale.append(rel)
        if not check:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
    for contract in CONTRACTS:  # seeds of messages that no longer exist
        folder = os.path.join(ROOT, "fuzz", "corpus", contract)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            rel = f"fuzz/corpus/{contract}/{name}"
            if name.startswith("seed-") and rel not in files:
                stale.append(rel)
                if not check:
                    os.remove(os.path.join(ROOT, rel))
    if check and stale:
        raise SystemExit("fuzz-corpus: out of date (run scripts/fuzz-corpus.py): " + ", ".join(stale))
    print(f"fuzz-corpus: {len(files)} files, {len(stale)} {'stale' if check else 'written'}")


if __name__ == "__main__":
    main()
