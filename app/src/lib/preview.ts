// The position after an action, as the vault computes it (`SimulatePosition`): never estimated
// here. Borrower actions only (deposit, withdraw, borrow, repay): lending is not part of a
// sub-account's position.
import type { Vault } from "@ballast/client";

import type { Planned } from "./actions";
import { contractReason, type Chain } from "./chain";

export type PositionPreview =
  /** The position after the action (unchanged if refused) and the contract's error if refused. */
  | { position: Vault.PositionResponse; refused: string | null }
  | { unavailable: string }
  | { failed: string };

function positionAction(p: Planned): Vault.PositionAction | null {
  const coin = { denom: p.denom, amount: p.amount.toString() };
  switch (p.action) {
    case "deposit":
      return { deposit: coin };
    case "withdraw":
      return { withdraw: coin };
    case "borrow":
      return { borrow: coin };
    case "repay":
      return { repay: coin };
    default:
      return null;
  }
}

export async function simulatePosition(
  chain: Chain,
  owner: string,
  p: Planned,
): Promise<PositionPreview> {
  const action = positionAction(p);
  if (!action) {
    return { unavailable: "not applicable: lending does not change a sub-account's position" };
  }
  try {
    const res = await chain.vault.simulatePosition({ owner, account: p.account, actions: [action] });
    const outcome = res.actions[0];
    const refused = outcome && !outcome.accepted ? (outcome.error ?? "refused") : null;
    return { position: res.position, refused };
  } catch (err) {
    return { failed: contractReason(err) };
  }
}
