// The read side: one CosmWasmClient over the node's RPC, the generated query clients, and what
// every page needs to print numbers (each listed asset's decimals and symbol, the quote currency).
import { CosmWasmClient } from "@cosmjs/cosmwasm-stargate";

import {
  LiquidationQueryClient,
  OracleQueryClient,
  VaultQueryClient,
  type Vault,
} from "@ballast/client";

import { absolute, type AppConfig } from "./config";

export interface AssetInfo {
  denom: string;
  /** A short ticker for display: "uatom" → "ATOM" (the denom itself when no rule applies). */
  symbol: string;
  decimals: number;
  asset: Vault.Asset;
}

export interface Chain {
  cfg: AppConfig;
  client: CosmWasmClient;
  vault: VaultQueryClient;
  oracle: OracleQueryClient;
  liquidation: LiquidationQueryClient;
  quote: { symbol: string; decimals: number };
  assets: AssetInfo[];
  byDenom: Map<string, AssetInfo>;
}

/** "uatom" (6 decimals) → "ATOM", "aevmos" (18) → "EVMOS", "wei" → "ETH"; else the denom, upper case. */
export function symbolOf(denom: string, decimals: number): string {
  if (denom === "wei") return "ETH";
  if (/^u[a-z]+$/.test(denom) && decimals === 6) return denom.slice(1).toUpperCase();
  if (/^a[a-z]+$/.test(denom) && decimals === 18) return denom.slice(1).toUpperCase();
  const last = denom.split("/").pop() ?? denom;
  return last.toUpperCase();
}

/** A page of a list query: its items and the cursor of the next page (none on the last). */
export interface Page<T, K> {
  items: T[];
  next?: K | null;
}

/** Every page of a paged query, following `next_start_after` until there is none (at most `max` items). */
export async function allPages<T, K>(
  page: (startAfter: K | undefined) => Promise<Page<T, K>>,
  max = 5000,
): Promise<T[]> {
  const out: T[] = [];
  let after: K | undefined;
  for (;;) {
    const { items, next } = await page(after);
    out.push(...items);
    if (next == null || out.length >= max) return out;
    after = next;
  }
}

export async function connect(cfg: AppConfig): Promise<Chain> {
  let client: CosmWasmClient;
  try {
    client = await CosmWasmClient.connect(absolute(cfg.rpc));
  } catch (err) {
    throw new Error(
      `cannot reach the node at ${cfg.rpc}: ${err instanceof Error ? err.message : err}`,
    );
  }
  const chainId = await client.getChainId();
  if (chainId !== cfg.chain_id) {
    throw new Error(`the node serves ${chainId}, the deployment record is for ${cfg.chain_id}`);
  }
  const vault = new VaultQueryClient(client, cfg.contracts.vault);
  const oracle = new OracleQueryClient(client, cfg.contracts.oracle);
  const liquidation = new LiquidationQueryClient(client, cfg.contracts.liquidation);
  const [quoteCfg, assetList] = await Promise.all([
    oracle.config(),
    allPages((startAfter?: string) =>
      vault.assets({ startAfter, limit: 30 }).then((r) => ({ items: r.assets, next: r.next_start_after })),
    ),
  ]);
  const assets = assetList.map((asset) => ({
    denom: asset.denom,
    decimals: asset.decimals,
    symbol: symbolOf(asset.denom, asset.decimals),
    asset,
  }));
  return {
    cfg,
    client,
    vault,
    oracle,
    liquidation,
    quote: { symbol: quoteCfg.quote_symbol, decimals: quoteCfg.quote_decimals },
    assets,
    byDenom: new Map(assets.map((a) => [a.denom, a])),
  };
}

/** The contract's own words from a failed query or simulation, without the node's wrapping. */
export function contractReason(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  let s = raw;
  // "Query failed with (6): rpc error: code = Unknown desc = failed to execute message; message
  // index: 0: <reason>: execute wasm contract failed [...] With gas wanted: ...", or for a query
  // "...desc = <reason>: query wasm contract failed: unknown request"
  s = s.replace(/^.*?desc = /s, "");
  s = s.replace(/^failed to execute message; message index: \d+: /, "");
  s = s.replace(/: (execute|query) wasm contract failed.*$/s, "");
  s = s.replace(/ \[[^\]]*\] With gas wanted.*$/s, "");
  s = s.replace(/^Generic error: /, "");
  s = s.trim();
  return s || raw;
}
