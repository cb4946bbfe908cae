// The position after an action, as the vault computes it (`SimulatePosition`): never estimated
// here. A vault without that query gives no preview, and the page says so.
import type { Vault } from "@ballast/client";

import type { Planned } from "./actions";
import { contractReason, type Chain } from "./chain";

export async function simulatePosition(
  chain: Chain,
  owner: string,
  p: Planned,
): Promise<Vault.PositionResponse | { unavailable: string } | { refused: string }> {
  const vault = chain.vault as unknown as Record<string, unknown>;
  if (typeof vault.simulatePosition !== "function") {
    return { unavailable: "not available: this vault has no SimulatePosition query yet" };
  }
  try {
    return await (vault.simulatePosition as (args: unknown) => Promise<Vault.PositionResponse>)({
      owner,
      account: p.account,
      action: p.action,
    });
  } catch (err) {
    return { refused: contractReason(err) };
  }
}
