// Deposit → borrow → repay on a Ballast deployment, with the generated client and CosmJS.
//
//   npx tsx examples/deposit-borrow-repay.ts [DEPLOYMENT_RECORD]
//
// Against the local chain of scripts/localnet.sh after `ballast deploy deployments/local.toml`:
// reads the position of a sub-account, deposits 100 ATOM, borrows 200 USDC, repays all of the
// debt (sending a small margin over it: interest accrues every block, the vault refunds the
// rest), reads the position again; decodes and prints the ballast_* events of each transaction
// and checks every result. Exits non-zero on any failure.
//
// Environment (defaults in brackets):
//   BALLAST_DEPLOYMENT   the record `ballast deploy` writes [<repo>/deployments/ballast-local.json]
//                        (the first argument wins)
//   BALLAST_RPC          CometBFT RPC URL [http://127.0.0.1:$BALLAST_RPC_PORT, port 26657]
//   BALLAST_MNEMONIC     the signer's mnemonic; else BALLAST_KEY's entry of chain/test-keys.toml
//   BALLAST_KEY          a TEST-ONLY key of chain/test-keys.toml [user3]
//   BALLAST_ACCOUNT      sub-account [0]
//   BALLAST_GAS_PRICE    [0.025stake] (the local node's minimum is 0.0025stake)

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice } from "@cosmjs/stargate";
import { parse as parseToml } from "smol-toml";

import {
  OracleQueryClient,
  VaultClient,
  type Vault,
  type RawEvent,
  amountOf,
  decodeEvents,
  findEvent,
  toBigInt,
} from "../src/index";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const COLLATERAL = { denom: "uatom", amount: 100_000_000n }; // 100 ATOM (6 decimals)
const BORROW = { denom: "uusdc", amount: 200_000_000n }; // 200 USDC, well under 65 % of 1,000 USD

class Failed extends Error {}

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Failed(what);
}

/** The deployment record of `ballast deploy` (the fields used here). */
interface DeploymentRecord {
  chain_id: string;
  contracts: Record<string, { address: string }>;
  complete: boolean;
}

function loadRecord(path: string): DeploymentRecord {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Failed(
      `no deployment record at ${path}: run \`ballast deploy deployments/local.toml\` first`,
    );
  }
  const record = JSON.parse(text) as DeploymentRecord;
  for (const name of ["vault", "oracle"]) {
    check(typeof record.contracts?.[name]?.address === "string", `${path} has no ${name} address`);
  }
  check(record.complete, `${path}: the deployment did not finish (rerun \`ballast deploy\`)`);
  return record;
}

function mnemonic(): { mnemonic: string; name: string } {
  const fromEnv = process.env.BALLAST_MNEMONIC;
  if (fromEnv) return { mnemonic: fromEnv.trim(), name: "BALLAST_MNEMONIC" };
  const name = process.env.BALLAST_KEY ?? "user3";
  const keys = parseToml(readFileSync(resolve(ROOT, "chain/test-keys.toml"), "utf8"));
  const table = keys.mnemonics as Record<string, unknown> | undefined;
  const value = table?.[name];
  check(typeof value === "string", `chain/test-keys.toml has no mnemonic ${name}`);
  return { mnemonic: value, name: `${name} (TEST-ONLY key)` };
}

const amountIn = (items: readonly { denom: string; amount: string }[], denom: string) =>
  amountOf(items, denom);

function show(label: string, p: Vault.PositionResponse): void {
  const list = (items: readonly { denom: string; amount: string }[]) =>
    items.length === 0 ? "none" : items.map((c) => `${c.amount}${c.denom}`).join(",");
  console.log(
    `${label}: collateral ${list(p.collaterals)} (value ${p.collateral_value}), debt ${list(p.debts)} ` +
      `(value ${p.debt_value}), borrow capacity ${p.borrow_capacity}, health ${p.health_factor ?? "none"}`,
  );
}

function printEvents(
  what: string,
  tx: {
    transactionHash: string;
    height: number;
    gasUsed: bigint;
    gasWanted: bigint;
    events: readonly RawEvent[];
  },
): void {
  console.log(
    `${what}: tx ${tx.transactionHash} (height ${tx.height}, gas ${tx.gasUsed} of ${tx.gasWanted})`,
  );
  for (const ev of decodeEvents(tx.events)) {
    const { action, contract: _contract, ...fields } = ev;
    console.log(`  ballast_${action} ${JSON.stringify(fields)}`);
  }
}

async function main(): Promise<void> {
  const recordPath = resolve(
    process.argv[2] ??
      process.env.BALLAST_DEPLOYMENT ??
      resolve(ROOT, "deployments/ballast-local.json"),
  );
  const record = loadRecord(recordPath);
  const vaultAddr = record.contracts.vault!.address;
  const oracleAddr = record.contracts.oracle!.address;
  const rpc =
    process.env.BALLAST_RPC ?? `http://127.0.0.1:${process.env.BALLAST_RPC_PORT ?? "26657"}`;
  const key = mnemonic();
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(key.mnemonic, { prefix: "wasm" });
  const [signer] = await wallet.getAccounts();
  check(signer !== undefined, "the wallet has no account");
  const me = signer.address;
  const account = Number(process.env.BALLAST_ACCOUNT ?? "0");
  check(Number.isInteger(account) && account >= 0, `BALLAST_ACCOUNT must be a sub-account number`);

  let client: SigningCosmWasmClient;
  try {
    client = await SigningCosmWasmClient.connectWithSigner(rpc, wallet, {
      gasPrice: GasPrice.fromString(process.env.BALLAST_GAS_PRICE ?? "0.025stake"),
      // CosmJS polls for the transaction every 3 s by default; the local chain makes a block
      // every ~0.4 s
      broadcastPollIntervalMs: 250,
    });
  } catch (err) {
    throw new Failed(
      `cannot reach the node at ${rpc} (${err instanceof Error ? err.message : err}); is it running? (scripts/localnet.sh start)`,
    );
  }
  const chainId = await client.getChainId();
  check(
    chainId === record.chain_id,
    `the node at ${rpc} serves ${chainId}, the record is for ${record.chain_id}`,
  );
  console.log(`deployment ${recordPath}: chain ${chainId}, vault ${vaultAddr}`);
  console.log(`signer ${me} (${key.name}), sub-account ${account}`);

  // The generated clients: queries through VaultClient's query half, executes signed by `me`.
  const vault = new VaultClient(client, me, vaultAddr);
  const oracle = new OracleQueryClient(client, oracleAddr);

  // Borrowing values collateral at `Default` prices, which refuse a feed older than its bound (60 s
  // for the local mock Pyth feeds): say so plainly instead of failing at the borrow.
  try {
    const price = await oracle.price({ denom: COLLATERAL.denom, kind: "default" });
    console.log(`price of ${COLLATERAL.denom} (default): ${price.price}`);
  } catch (err) {
    throw new Failed(
      `no usable price for ${COLLATERAL.denom}: ${err instanceof Error ? err.message : err}\n` +
        `  on the local chain the mock feed goes stale 60 s after it was set: \`ballast price set ${COLLATERAL.denom} 10\``,
    );
  }

  // A sub-account exists from its first deposit on; `position` refuses one that does not.
  const { accounts } = await vault.accounts({ owner: me });
  const before = accounts.includes(account) ? await vault.position({ owner: me, account }) : null;
  if (before === null) console.log(`position before: sub-account ${account} does not exist yet`);
  else show("position before", before);
  const collateralBefore = before === null ? 0n : amountIn(before.collaterals, COLLATERAL.denom);
  const capacityBefore = before === null ? 0n : toBigInt(before.borrow_capacity);
  const debtBefore = before === null ? 0n : amountIn(before.debts, BORROW.denom);
  check(
    debtBefore === 0n,
    `sub-account ${account} already owes ${debtBefore}${BORROW.denom}; use another (BALLAST_ACCOUNT)`,
  );

  // 1. deposit
  const deposited = await vault.deposit({ account }, "auto", "ballast example: deposit", [
    { denom: COLLATERAL.denom, amount: COLLATERAL.amount.toString() },
  ]);
  printEvents("deposit", deposited);
  const dep = findEvent(deposited.events, "deposit");
  check(
    dep.owner === me && dep.sender === me && dep.account === account,
    `deposit event: ${JSON.stringify(dep)}`,
  );
  check(dep.contract === vaultAddr, `deposit event from ${dep.contract}, not the vault`);
  check(
    amountOf(dep.amount, COLLATERAL.denom) === COLLATERAL.amount && dep.amount.length === 1,
    `deposit event amount: ${JSON.stringify(dep.amount)}`,
  );
  const afterDeposit = await vault.position({ owner: me, account });
  show("position after deposit", afterDeposit);
  check(
    amountIn(afterDeposit.collaterals, COLLATERAL.denom) === collateralBefore + COLLATERAL.amount,
    `collateral ${collateralBefore} + ${COLLATERAL.amount} expected`,
  );
  check(toBigInt(afterDeposit.borrow_capacity) > capacityBefore, "borrow capacity did not grow");

  // 2. borrow
  const usdcBefore = toBigInt((await client.getBalance(me, BORROW.denom)).amount);
  const borrowed = await vault.borrow(
    { account, denom: BORROW.denom, amount: BORROW.amount.toString() },
    "auto",
    "ballast example: borrow",
  );
  printEvents("borrow", borrowed);
  const bor = findEvent(borrowed.events, "borrow");
  check(
    bor.owner === me &&
      bor.recipient === me &&
      bor.account === account &&
      bor.denom === BORROW.denom,
    `borrow event: ${JSON.stringify(bor)}`,
  );
  check(
    toBigInt(bor.amount) === BORROW.amount && toBigInt(bor.shares) > 0n,
    `borrow event amounts: ${bor.amount}, ${bor.shares} shares`,
  );
  const usdcAfterBorrow = toBigInt((await client.getBalance(me, BORROW.denom)).amount);
  check(
    usdcAfterBorrow === usdcBefore + BORROW.amount,
    `balance ${usdcBefore} → ${usdcAfterBorrow}, expected +${BORROW.amount}`,
  );
  const afterBorrow = await vault.position({ owner: me, account });
  show("position after borrow", afterBorrow);
  const owed = amountIn(afterBorrow.debts, BORROW.denom);
  check(owed >= BORROW.amount, `debt ${owed} is less than the ${BORROW.amount} borrowed`);
  check(
    afterBorrow.health_factor != null && !afterBorrow.liquidatable,
    "the position should be healthy",
  );

  // 3. repay all: the debt grows every block until the repay lands, so send a margin over it
  // (0.1 % + 1 unit); the vault takes what is owed and refunds the rest in the same transaction.
  const margin = owed / 1000n + 1n;
  const sent = owed + margin;
  const repaid = await vault.repay({ account }, "auto", "ballast example: repay", [
    { denom: BORROW.denom, amount: sent.toString() },
  ]);
  printEvents("repay", repaid);
  const rep = findEvent(repaid.events, "repay");
  const repaidAmount = amountOf(rep.repaid, BORROW.denom);
  const refunded = amountOf(rep.refunded, BORROW.denom);
  check(
    rep.owner === me && rep.sender === me && rep.account === account,
    `repay event: ${JSON.stringify(rep)}`,
  );
  check(repaidAmount >= owed, `repaid ${repaidAmount} < the ${owed} owed before`);
  check(
    repaidAmount + refunded === sent,
    `repaid ${repaidAmount} + refunded ${refunded} ≠ sent ${sent}`,
  );
  const usdcAfterRepay = toBigInt((await client.getBalance(me, BORROW.denom)).amount);
  check(
    usdcAfterRepay === usdcAfterBorrow - repaidAmount,
    `balance ${usdcAfterBorrow} → ${usdcAfterRepay}, expected −${repaidAmount}`,
  );

  const after = await vault.position({ owner: me, account });
  show("position after repay", after);
  check(
    amountIn(after.debts, BORROW.denom) === 0n && after.debts.length === 0,
    `debt left: ${JSON.stringify(after.debts)}`,
  );
  check(toBigInt(after.debt_value) === 0n, `debt value ${after.debt_value}`);
  check(
    amountIn(after.collaterals, COLLATERAL.denom) === collateralBefore + COLLATERAL.amount,
    "the collateral should be untouched by borrow and repay",
  );
  console.log(
    `ok: deposited ${COLLATERAL.amount}${COLLATERAL.denom}, borrowed ${BORROW.amount}${BORROW.denom}, ` +
      `repaid ${repaidAmount}${BORROW.denom} (interest ${repaidAmount - BORROW.amount}, refunded ${refunded}); debt is 0`,
  );
  client.disconnect();
}

main().catch((err: unknown) => {
  if (err instanceof Failed) {
    console.error(`example failed: ${err.message}`);
  } else {
    console.error("example failed:", err);
  }
  process.exit(1);
});
