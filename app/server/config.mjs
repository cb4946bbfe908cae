// The app's network settings, made from the deployment record `ballast deploy` writes.
//
// The browser reads one JSON document, `config.json` (its shape: src/lib/config.ts). This module
// makes it on the Node side, for the dev and preview servers (vite.config.ts serves it and
// proxies the node) and for a static deployment (`npm run config -- RECORD > dist/config.json`).
//
//   record    deployments/<chain-id>.json: chain id, contract addresses (`complete` must be true)
//   network   the [network] table of the deployment file the record names (rpc, rest, prefix,
//             fee denom, gas price); for a local network (`local = true`), BALLAST_RPC_PORT and
//             BALLAST_API_PORT replace its ports, as `ballast deploy --network local` does;
//             BALLAST_RPC and BALLAST_REST (whole URLs) replace either outright
//   test keys chain/test-keys.toml, only for the local chain (`local = true` and chain id
//             ballast-local): the published TEST-ONLY mnemonics of the app's TEST-KEY mode
//   report    a `ballast simulate` report.json, if one is given (BALLAST_REPORT)
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { parse as parseToml } from "smol-toml";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const LOCAL_CHAIN_ID = "ballast-local";

export class ConfigError extends Error {}

/** The record's path: the argument, else BALLAST_DEPLOYMENT, else deployments/ballast-local.json. */
export function recordPath(given) {
  return resolve(given ?? process.env.BALLAST_DEPLOYMENT ?? resolve(ROOT, "deployments/ballast-local.json"));
}

function readJson(path, what) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new ConfigError(`no ${what} at ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: not JSON (${err.message})`);
  }
}

/** The deployment file the record names: as written (from the repository root or absolute), else
 * its name beside the record (`ballast deploy` writes the record next to the file). */
function deploymentFile(record, path) {
  const named = record.deployment_file;
  if (typeof named !== "string") throw new ConfigError(`${path}: no deployment_file`);
  const candidates = isAbsolute(named)
    ? [named]
    : [resolve(ROOT, named), resolve(dirname(path), basename(named))];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new ConfigError(`${path}: its deployment file ${named} is not at ${candidates.join(" or ")}`);
  return found;
}

function withPort(url, port) {
  const u = new URL(url);
  u.port = String(port);
  return u.toString().replace(/\/$/, "");
}

/** The [network] table, with the environment's overrides. */
export function network(record, path) {
  const file = deploymentFile(record, path);
  let parsed;
  try {
    parsed = parseToml(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError(`${file}: ${err.message}`);
  }
  const net = parsed.network;
  if (!net || typeof net.rpc !== "string" || typeof net.rest !== "string") {
    throw new ConfigError(`${file}: no [network] with rpc and rest`);
  }
  let rpc = net.rpc.replace(/\/$/, "");
  let rest = net.rest.replace(/\/$/, "");
  const local = net.local === true;
  if (local && process.env.BALLAST_RPC_PORT) rpc = withPort(rpc, process.env.BALLAST_RPC_PORT);
  if (local && process.env.BALLAST_API_PORT) rest = withPort(rest, process.env.BALLAST_API_PORT);
  if (process.env.BALLAST_RPC) rpc = process.env.BALLAST_RPC.replace(/\/$/, "");
  if (process.env.BALLAST_REST) rest = process.env.BALLAST_REST.replace(/\/$/, "");
  if (net.chain_id !== record.chain_id) {
    throw new ConfigError(`${file} is for chain ${net.chain_id}, the record ${path} for ${record.chain_id}`);
  }
  return {
    file,
    rpc,
    rest,
    prefix: net.prefix ?? "wasm",
    fee_denom: net.fee_denom,
    gas_price: net.gas_price,
    gas_adjustment: net.gas_adjustment ?? 1.3,
    local,
  };
}

/** The published test keys of chain/test-keys.toml: [{name, mnemonic, address}]. */
export function testKeys() {
  const keys = parseToml(readFileSync(resolve(ROOT, "chain/test-keys.toml"), "utf8"));
  const skip = new Set(["validator", "deployer"]);
  return Object.entries(keys.mnemonics ?? {})
    .filter(([name]) => !skip.has(name))
    .map(([name, mnemonic]) => ({ name, mnemonic, address: keys.addresses?.[name] ?? "" }));
}

/**
 * The browser's config.json. `endpoints` replaces rpc/rest (the dev and preview servers give
 * their proxy paths, so the browser needs no CORS from the node); `report` is the URL of a
 * simulate report when one is served.
 */
export function appConfig({ record: given, endpoints, report } = {}) {
  const path = recordPath(given);
  const record = readJson(path, "deployment record (run `ballast deploy deployments/local.toml` first)");
  if (!record.complete) throw new ConfigError(`${path}: the deployment did not finish (rerun \`ballast deploy\`)`);
  const contracts = {};
  for (const name of ["vault", "oracle", "liquidation"]) {
    const address = record.contracts?.[name]?.address;
    if (typeof address !== "string") throw new ConfigError(`${path} has no ${name} address`);
    contracts[name] = address;
  }
  const net = network(record, path);
  const local = net.local && record.chain_id === LOCAL_CHAIN_ID;
  return {
    chain_id: record.chain_id,
    rpc: endpoints?.rpc ?? net.rpc,
    rest: endpoints?.rest ?? net.rest,
    prefix: net.prefix,
    fee_denom: net.fee_denom,
    gas_price: net.gas_price,
    gas_adjustment: net.gas_adjustment,
    local,
    contracts,
    test_keys: local ? testKeys() : [],
    report: report ?? null,
    record: path.startsWith(ROOT + "/") ? path.slice(ROOT.length + 1) : path,
  };
}

/** The simulate report to serve: BALLAST_REPORT, else out/report.json if there is one. */
export function reportPath() {
  const given = process.env.BALLAST_REPORT;
  if (given) return resolve(given);
  const dflt = resolve(ROOT, "out/report.json");
  return existsSync(dflt) ? dflt : null;
}

// `node server/config.mjs [RECORD]`: print config.json for a static deployment (the node's own
// URLs: the node must allow the page's origin, see the README's "Web app").
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(JSON.stringify(appConfig({ record: process.argv[2] }), null, 2) + "\n");
  } catch (err) {
    console.error(`config: ${err.message}`);
    process.exit(1);
  }
}
