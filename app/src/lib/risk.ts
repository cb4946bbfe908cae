// The Risk page's reads: RiskSummary, every indebted account at Liquidation prices (paged), and
// the liquidations and bad-debt write-offs the chain has recorded as events.
import {
  findEvents,
  type BadDebtEvent,
  type LiquidateEvent,
  type Vault,
} from "@ballast/client";

import { allPages, type Chain } from "./chain";

export interface Band {
  label: string;
  /** Lower bound (inclusive), upper bound (exclusive); null = unbounded. */
  from: number | null;
  to: number | null;
  positions: Vault.PositionResponse[];
}

export interface RiskData {
  summary: Vault.RiskSummaryResponse;
  positions: Vault.PositionResponse[];
  unpriceable: Vault.PositionResponse[];
  bands: Band[];
  liquidations: { height: number; hash: string; ev: LiquidateEvent }[];
  badDebts: { height: number; hash: string; ev: BadDebtEvent }[];
  eventsError: string | null;
}

export const BANDS: [string, number | null, number | null][] = [
  ["below 1: liquidatable", null, 1],
  ["1.00 – 1.05", 1, 1.05],
  ["1.05 – 1.20", 1.05, 1.2],
  ["1.20 – 1.50", 1.2, 1.5],
  ["1.50 – 2.00", 1.5, 2],
  ["2.00 and above", 2, null],
];

export async function loadRisk(chain: Chain): Promise<RiskData> {
  const [summary, positions] = await Promise.all([
    chain.vault.riskSummary(),
    allPages((startAfter?: [string, number]) =>
      chain.vault
        // the generated client types this (owner, account) tuple as string[][] (a ts-codegen quirk)
        .positions({ kind: "liquidation", startAfter: startAfter as unknown as string[][], limit: 30 })
        .then((r) => ({ items: r.positions, next: r.next_start_after })),
    ),
  ]);
  const priced = positions.filter((p) => !p.unpriceable && p.health_factor != null);
  const bands = BANDS.map(([label, from, to]) => ({
    label,
    from,
    to,
    positions: priced
      .filter((p) => {
        const hf = Number(p.health_factor);
        return (from === null || hf >= from) && (to === null || hf < to);
      })
      .sort((a, b) => Number(a.health_factor) - Number(b.health_factor)),
  }));
  let liquidations: RiskData["liquidations"] = [];
  let badDebts: RiskData["badDebts"] = [];
  let eventsError: string | null = null;
  const opts = { vault: chain.cfg.contracts.vault, liquidation: chain.cfg.contracts.liquidation };
  try {
    const [liq, bad] = await Promise.all([
      chain.client.searchTx(`wasm-ballast_liquidate._contract_address='${chain.cfg.contracts.liquidation}'`),
      chain.client.searchTx(`wasm-ballast_bad_debt._contract_address='${chain.cfg.contracts.vault}'`),
    ]);
    liquidations = liq.flatMap((tx) =>
      findEvents(tx.events, "liquidate", opts).map((ev) => ({ height: tx.height, hash: tx.hash, ev })),
    );
    badDebts = bad.flatMap((tx) =>
      findEvents(tx.events, "bad_debt", opts).map((ev) => ({ height: tx.height, hash: tx.hash, ev })),
    );
    liquidations.sort((a, b) => b.height - a.height);
    badDebts.sort((a, b) => b.height - a.height);
  } catch (err) {
    eventsError = err instanceof Error ? err.message : String(err);
  }
  return {
    summary,
    positions,
    unpriceable: positions.filter((p) => p.unpriceable),
    bands,
    liquidations,
    badDebts,
    eventsError,
  };
}
