// The write side: a signer (Keplr's offline signer, or on the local chain a published TEST-ONLY
// key) and a SigningCosmWasmClient over it.
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { DirectSecp256k1HdWallet, type OfflineSigner } from "@cosmjs/proto-signing";
import { GasPrice } from "@cosmjs/stargate";

import { VaultClient } from "@ballast/client";

import { absolute, LOCAL_CHAIN_ID, type AppConfig } from "./config";

export interface Wallet {
  kind: "keplr" | "test-key";
  /** Keplr's key name, or the test key's name in chain/test-keys.toml. */
  label: string;
  address: string;
  client: SigningCosmWasmClient;
  vault: VaultClient;
}

interface KeplrLike {
  enable(chainId: string): Promise<void>;
  getOfflineSigner(chainId: string): OfflineSigner;
  getKey?(chainId: string): Promise<{ name: string; bech32Address: string }>;
  experimentalSuggestChain?(info: unknown): Promise<void>;
}

export function keplr(): KeplrLike | undefined {
  return (window as unknown as { keplr?: KeplrLike }).keplr;
}

async function signingClient(cfg: AppConfig, signer: OfflineSigner): Promise<SigningCosmWasmClient> {
  return SigningCosmWasmClient.connectWithSigner(absolute(cfg.rpc), signer, {
    gasPrice: GasPrice.fromString(`${cfg.gas_price}${cfg.fee_denom}`),
    // blocks come every ~0.4 s on the local chain (CosmJS polls every 3 s by default)
    broadcastPollIntervalMs: cfg.local ? 300 : 1500,
  });
}

async function finish(
  cfg: AppConfig,
  kind: Wallet["kind"],
  label: string,
  signer: OfflineSigner,
): Promise<Wallet> {
  const [account] = await signer.getAccounts();
  if (!account) throw new Error("the signer has no account");
  const client = await signingClient(cfg, signer);
  return {
    kind,
    label,
    address: account.address,
    client,
    vault: new VaultClient(client, account.address, cfg.contracts.vault),
  };
}

/** Keplr (or any wallet that puts the same interface on `window.keplr`). */
export async function connectKeplr(cfg: AppConfig): Promise<Wallet> {
  const k = keplr();
  if (!k) throw new Error("no Keplr wallet in this browser");
  try {
    await k.enable(cfg.chain_id);
  } catch (err) {
    if (!k.experimentalSuggestChain) throw err;
    // a chain Keplr does not know yet (a local or test network): describe it, then retry
    await k.experimentalSuggestChain({
      chainId: cfg.chain_id,
      chainName: cfg.chain_id,
      rpc: absolute(cfg.rpc),
      rest: absolute(cfg.rest),
      bip44: { coinType: 118 },
      bech32Config: {
        bech32PrefixAccAddr: cfg.prefix,
        bech32PrefixAccPub: `${cfg.prefix}pub`,
        bech32PrefixValAddr: `${cfg.prefix}valoper`,
        bech32PrefixValPub: `${cfg.prefix}valoperpub`,
        bech32PrefixConsAddr: `${cfg.prefix}valcons`,
        bech32PrefixConsPub: `${cfg.prefix}valconspub`,
      },
      currencies: [{ coinDenom: cfg.fee_denom, coinMinimalDenom: cfg.fee_denom, coinDecimals: 0 }],
      feeCurrencies: [
        {
          coinDenom: cfg.fee_denom,
          coinMinimalDenom: cfg.fee_denom,
          coinDecimals: 0,
          gasPriceStep: { low: cfg.gas_price, average: cfg.gas_price, high: cfg.gas_price * 2 },
        },
      ],
      stakeCurrency: { coinDenom: cfg.fee_denom, coinMinimalDenom: cfg.fee_denom, coinDecimals: 0 },
    });
    await k.enable(cfg.chain_id);
  }
  const key = k.getKey ? await k.getKey(cfg.chain_id) : null;
  return finish(cfg, "keplr", key?.name ?? "Keplr", k.getOfflineSigner(cfg.chain_id));
}

/** A published TEST-ONLY key: only on the local chain. */
export async function connectTestKey(cfg: AppConfig, name: string): Promise<Wallet> {
  if (!(cfg.local && cfg.chain_id === LOCAL_CHAIN_ID)) {
    throw new Error(`TEST-KEY mode is for the local chain ${LOCAL_CHAIN_ID} only`);
  }
  const key = cfg.test_keys.find((k) => k.name === name);
  if (!key) throw new Error(`no test key ${name}`);
  const signer = await DirectSecp256k1HdWallet.fromMnemonic(key.mnemonic, { prefix: cfg.prefix });
  return finish(cfg, "test-key", key.name, signer);
}
