// Everything the Markets page shows, in one load: markets, both price kinds, price sources, the
// totals of RiskSummary (collateral deposited, for deposit caps) and the liquidation bonus curve.
import type { Liquidation, Oracle, Vault } from "@ballast/client";

import { allPages, type AssetInfo, type Chain } from "./chain";

export interface MarketRow {
  info: AssetInfo;
  market: Vault.MarketResponse | null;
  price: Oracle.TryPriceResponse | null;
  liquidationPrice: Oracle.TryPriceResponse | null;
  source: Oracle.PriceSource | null;
  risk: Vault.RiskAsset | null;
  bonus: Liquidation.BonusCurve;
}

export async function loadMarkets(chain: Chain): Promise<MarketRow[]> {
  const denoms = chain.assets.map((a) => a.denom);
  const [markets, dflt, liq, sources, risk, policy] = await Promise.all([
    allPages((startAfter?: string) =>
      chain.vault.markets({ startAfter, limit: 30 }).then((r) => ({ items: r.markets, next: r.next_start_after })),
    ),
    chain.oracle.tryPrices({ denoms, kind: "default" }),
    chain.oracle.tryPrices({ denoms, kind: "liquidation" }),
    allPages((startAfter?: string) =>
      chain.oracle.priceSources({ startAfter, limit: 30 }).then((r) => ({ items: r.sources, next: r.next_start_after })),
    ),
    chain.vault.riskSummary(),
    chain.liquidation.policy(),
  ]);
  return chain.assets.map((info) => ({
    info,
    market: markets.find((m) => m.denom === info.denom) ?? null,
    price: dflt.find((p) => p.denom === info.denom) ?? null,
    liquidationPrice: liq.find((p) => p.denom === info.denom) ?? null,
    source: sources.find((s) => s.denom === info.denom)?.source ?? null,
    risk: risk.assets.find((a) => a.denom === info.denom) ?? null,
    bonus: policy.bonus_overrides.find(([d]) => d === info.denom)?.[1] ?? policy.default_bonus,
  }));
}

/** "Pyth feed b00b…2819 (stale after 60 s, 3600 s for liquidations)", "Fixed", "Median of 3". */
export function describeSource(s: Oracle.PriceSource | null): string {
  if (!s) return "no source";
  if ("fixed" in s) return "Fixed (set by governance)";
  if ("pyth" in s) {
    const p = s.pyth;
    const liq = p.liquidation_max_staleness_s ?? p.max_staleness_s;
    return `Pyth feed ${p.feed_id.slice(0, 6)}…${p.feed_id.slice(-4)}; stale after ${p.max_staleness_s} s (${liq} s for liquidations)`;
  }
  return `Median of ${s.median.sources.length} sources (at least ${s.median.min_sources})`;
}
