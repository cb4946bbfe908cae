// The position after an action, as the vault computes it (`SimulatePosition`): never estimated
// here. Borrower actions only (deposit, withdraw, borrow, repay); a vault without the query gives
// no preview, and the page says so.
import type { Vault } from "@ballast/client";

import type { Planned } from "./actions";
import { contractReason, type Chain } from "./chain";

export type PositionPreview =
  | { position: Vault.PositionResponse; refused: string | null }
  | { unavailable: string }
  | { failed: string };

export async function simulatePosition(
  chain: Chain,
  owner: string,
  p: Planned,
): Promise<PositionPreview> {
  if (p.action === "supply" || p.action === "redeem") {
    return { unavailable: "not applicable: lending does not change the borrowing position" };
  }
  const action = { [p.action]: { denom: p.denom, amount: p.amount.toString() } };
  try {
    const res = (await chain.client.queryContractSmart(chain.cfg.contracts.vault, {
      simulate_position: { owner, account: p.account, actions: [action] },
    })) as { position: Vault.PositionResponse; actions: { accepted: boolean; error?: string | null }[] };
    const outcome = res.actions[0];
    return { position: res.position, refused: outcome && !outcome.accepted ? (outcome.error ?? "refused") : null };
  } catch (err) {
    const reason = contractReason(err);
    if (/unknown variant `simulate_position`/.test(reason)) {
      return { unavailable: "not available: this vault has no SimulatePosition query" };
    }
    return { failed: reason };
  }
}
