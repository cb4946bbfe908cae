// What the My position page reads for one owner and sub-account.
import type { Vault } from "@ballast/client";

import { allPages, type Chain } from "./chain";

export interface PositionData {
  accounts: number[];
  account: number;
  /** Whether the sub-account exists (a deposit opens it). */
  exists: boolean;
  /** At `Default` prices: what borrowing and withdrawing are checked against. */
  position: Vault.PositionResponse | null;
  /** At `Liquidation` prices: what a liquidator is checked against. */
  atLiquidation: Vault.PositionResponse | null;
  maxBorrow: Map<string, string | { error: string }>;
  maxWithdraw: Map<string, string | { error: string }>;
  supplies: Vault.SupplyResponse[];
  balances: Map<string, string>;
}

async function settle<T>(p: Promise<T>): Promise<T | { error: string }> {
  try {
    return await p;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

export async function loadPosition(
  chain: Chain,
  owner: string,
  wanted: number | null,
): Promise<PositionData> {
  const accounts = await allPages((startAfter?: number) =>
    chain.vault.accounts({ owner, startAfter, limit: 30 }).then((r) => ({ items: r.accounts, next: r.next_start_after })),
  );
  const account = wanted ?? accounts[0] ?? 0;
  const exists = accounts.includes(account);
  const lendable = chain.assets.filter((a) => a.asset.lending);
  const collateral = chain.assets.filter((a) => a.asset.collateral);
  const [position, atLiquidation, borrows, withdraws, supplies, balances] = await Promise.all([
    exists ? chain.vault.position({ owner, account, kind: "default" }) : null,
    exists ? chain.vault.position({ owner, account, kind: "liquidation" }) : null,
    Promise.all(
      lendable.map((a) =>
        exists ? settle(chain.vault.maxBorrow({ owner, account, denom: a.denom })) : null,
      ),
    ),
    Promise.all(
      collateral.map((a) =>
        exists ? settle(chain.vault.maxWithdraw({ owner, account, denom: a.denom })) : null,
      ),
    ),
    allPages((startAfter?: string) =>
      chain.vault.supplies({ lender: owner, startAfter, limit: 30 }).then((r) => ({ items: r.supplies, next: r.next_start_after })),
    ),
    Promise.all(chain.assets.map((a) => chain.client.getBalance(owner, a.denom))),
  ]);
  const amounts = (
    list: typeof chain.assets,
    res: (Vault.MaxAmountResponse | { error: string } | null)[],
  ) => {
    const m = new Map<string, string | { error: string }>();
    list.forEach((a, i) => {
      const r = res[i];
      if (r) m.set(a.denom, "error" in r ? { error: r.error } : r.amount);
    });
    return m;
  };
  return {
    accounts,
    account,
    exists,
    position,
    atLiquidation,
    maxBorrow: amounts(lendable, borrows),
    maxWithdraw: amounts(collateral, withdraws),
    supplies,
    balances: new Map(balances.map((b) => [b.denom, b.amount])),
  };
}

/** Health factor class for colour (text always says it too). */
export function hfClass(hf: string | null | undefined): string {
  if (hf == null) return "hf-ok";
  const v = Number(hf);
  return v < 1 ? "hf-bad" : v < 1.2 ? "hf-warn" : "hf-ok";
}
