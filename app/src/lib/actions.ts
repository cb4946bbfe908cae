// The six user actions of the vault as messages, their simulation on the node (the contract runs
// the transaction and either accepts it, with its gas, or refuses it with its own error), and
// signing and sending them.
import type { ExecuteResult } from "@cosmjs/cosmwasm-stargate";
import { calculateFee, GasPrice } from "@cosmjs/stargate";

import type { Vault } from "@ballast/client";

import type { AppConfig } from "./config";
import type { Wallet } from "./wallet";

export type Action = "deposit" | "withdraw" | "borrow" | "repay" | "supply" | "redeem";

export const ACTIONS: { id: Action; label: string; side: "borrower" | "lender"; help: string }[] = [
  { id: "deposit", label: "Deposit", side: "borrower", help: "Add collateral to the sub-account" },
  { id: "withdraw", label: "Withdraw", side: "borrower", help: "Take collateral back" },
  { id: "borrow", label: "Borrow", side: "borrower", help: "Borrow against the collateral" },
  { id: "repay", label: "Repay", side: "borrower", help: "Pay debt back (any excess is refunded)" },
  { id: "supply", label: "Supply", side: "lender", help: "Lend to a pool and earn its supply APR" },
  { id: "redeem", label: "Redeem", side: "lender", help: "Take supplied assets back" },
];

/** Which assets an action takes: collateral for deposit and withdraw, lending pools otherwise. */
export function takes(action: Action, asset: Vault.Asset): boolean {
  return action === "deposit" || action === "withdraw" ? !!asset.collateral : !!asset.lending;
}

export interface Planned {
  action: Action;
  account: number;
  denom: string;
  amount: bigint;
  msg: Vault.ExecuteMsg;
  funds: { denom: string; amount: string }[];
}

export function plan(action: Action, account: number, denom: string, amount: bigint): Planned {
  const a = amount.toString();
  const coin = [{ denom, amount: a }];
  switch (action) {
    case "deposit":
      return { action, account, denom, amount, msg: { deposit: { account } }, funds: coin };
    case "withdraw":
      return { action, account, denom, amount, msg: { withdraw: { account, denom, amount: a } }, funds: [] };
    case "borrow":
      return { action, account, denom, amount, msg: { borrow: { account, denom, amount: a } }, funds: [] };
    case "repay":
      return { action, account, denom, amount, msg: { repay: { account } }, funds: coin };
    case "supply":
      return { action, account, denom, amount, msg: { supply: {} }, funds: coin };
    case "redeem":
      return { action, account, denom, amount, msg: { redeem: { denom, amount: a } }, funds: [] };
  }
}

function encodeObject(cfg: AppConfig, sender: string, p: Planned) {
  return {
    typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract",
    value: {
      sender,
      contract: cfg.contracts.vault,
      msg: new TextEncoder().encode(JSON.stringify(p.msg)),
      funds: p.funds,
    },
  };
}

/** Runs the transaction on the node without sending it: its gas, or the contract's refusal. */
export async function simulate(cfg: AppConfig, wallet: Wallet, p: Planned): Promise<number> {
  return wallet.client.simulate(wallet.address, [encodeObject(cfg, wallet.address, p)], undefined);
}

/** Signs and sends, with the gas the simulation gave (times the network's adjustment). */
export async function send(
  cfg: AppConfig,
  wallet: Wallet,
  p: Planned,
  gas: number,
): Promise<ExecuteResult> {
  const fee = calculateFee(
    Math.ceil(gas * cfg.gas_adjustment),
    GasPrice.fromString(`${cfg.gas_price}${cfg.fee_denom}`),
  );
  return wallet.client.execute(
    wallet.address,
    cfg.contracts.vault,
    p.msg,
    fee,
    `ballast app: ${p.action}`,
    p.funds,
  );
}
