// config.json: the network and contracts this page talks to (made from the deployment record by
// server/config.mjs; the dev and preview servers serve it, a static deployment ships it).

export interface TestKey {
  name: string;
  mnemonic: string;
  address: string;
}

export interface AppConfig {
  chain_id: string;
  /** CometBFT RPC: a URL, or a path on this server that proxies to the node. */
  rpc: string;
  rest: string;
  prefix: string;
  fee_denom: string;
  gas_price: number;
  gas_adjustment: number;
  /** The project's local test chain (`scripts/localnet.sh`): TEST-KEY mode is offered. */
  local: boolean;
  contracts: { vault: string; oracle: string; liquidation: string };
  /** The published TEST-ONLY keys of chain/test-keys.toml; empty unless `local`. */
  test_keys: TestKey[];
  /** URL of a `ballast simulate` report.json, when one is given. */
  report: string | null;
  /** The deployment record it was made from. */
  record: string;
}

/** The local chain's id: TEST-KEY mode is refused on any other. */
export const LOCAL_CHAIN_ID = "ballast-local";

/** A URL the browser can fetch: a path is resolved against the page. */
export function absolute(url: string): string {
  return new URL(url, window.location.href).toString().replace(/\/$/, "");
}

export async function loadConfig(): Promise<AppConfig> {
  let res: Response;
  try {
    res = await fetch("config.json", { cache: "no-store" });
  } catch (err) {
    throw new Error(`cannot load config.json: ${err instanceof Error ? err.message : err}`);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok || body === null) {
    const reason = body && typeof body.error === "string" ? body.error : `HTTP ${res.status}`;
    throw new Error(`no network settings: ${reason}`);
  }
  const cfg = body as AppConfig;
  for (const name of ["vault", "oracle", "liquidation"] as const) {
    if (typeof cfg.contracts?.[name] !== "string") throw new Error(`config.json has no ${name} address`);
  }
  // TEST-KEY mode only ever on the local chain, whatever the file says
  if (!(cfg.local && cfg.chain_id === LOCAL_CHAIN_ID)) cfg.test_keys = [];
  return cfg;
}
