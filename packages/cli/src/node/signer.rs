//! A signing key and the transactions it sends: simulate for gas, check the fee can be paid,
//! sign (SIGN_MODE_DIRECT), broadcast, wait for the block.

use bip32::{Language, Mnemonic};
use cosmrs::crypto::secp256k1::SigningKey;
use cosmrs::tx::{Body, Fee, SignDoc, SignerInfo};
use cosmrs::{AccountId, Any, Coin, Denom};

use super::client::{Node, NodeError, NodeResult, TxOutcome};

/// The Cosmos HD path (coin type 118), account 0, index 0.
pub const COSMOS_HD_PATH: &str = "m/44'/118'/0'/0/0";

/// ABCI code of the SDK's "incorrect account sequence" error.
const CODE_WRONG_SEQUENCE: u32 = 32;
/// ABCI code of the SDK's "out of gas" error.
const CODE_OUT_OF_GAS: u32 = 11;
/// ABCI code of the SDK's "tx already in mempool" error.
const CODE_TX_IN_MEMPOOL: u32 = 19;

/// A secp256k1 key with its bech32 address. Its `Debug` shows the address only.
pub struct Signer {
    key: SigningKey,
    address: AccountId,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("address", &self.address.to_string())
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// The key of a BIP-39 `mnemonic` (English, no passphrase) on [`COSMOS_HD_PATH`], with
    /// addresses under `prefix` (`wasm` on a plain wasmd chain).
    ///
    /// Errors: `Key` naming what is wrong, never echoing the mnemonic.
    pub fn from_mnemonic(mnemonic: &str, prefix: &str) -> NodeResult<Self> {
        let words: Vec<&str> = mnemonic.split_whitespace().collect();
        if words.len() != 24 {
            return Err(NodeError::Key(format!(
                "a mnemonic of {} words: only 24-word BIP-39 mnemonics are supported",
                words.len()
            )));
        }
        let mnemonic = Mnemonic::new(words.join(" "), Language::English).map_err(|_| {
            NodeError::Key(
                "not a valid BIP-39 English mnemonic (a word or the checksum is wrong)".into(),
            )
        })?;
        let seed = mnemonic.to_seed("");
        let path = COSMOS_HD_PATH
            .parse()
            .map_err(|e| NodeError::Key(format!("HD path: {e}")))?;
        let key = SigningKey::derive_from_path(seed, &path)
            .map_err(|e| NodeError::Key(format!("deriving the key: {e}")))?;
        let address = key
            .public_key()
            .account_id(prefix)
            .map_err(|e| NodeError::Key(format!("address prefix {prefix:?}: {e}")))?;
        Ok(Signer { key, address })
    }

    /// The key of a 32-byte secret (e.g. a test key derived from a name), with addresses under
    /// `prefix`.
    ///
    /// Errors: `Key` when the bytes are not a valid secp256k1 secret.
    pub fn from_secret(secret: &[u8; 32], prefix: &str) -> NodeResult<Self> {
        let key = SigningKey::from_slice(secret)
            .map_err(|e| NodeError::Key(format!("secret key: {e}")))?;
        let address = key
            .public_key()
            .account_id(prefix)
            .map_err(|e| NodeError::Key(format!("address prefix {prefix:?}: {e}")))?;
        Ok(Signer { key, address })
    }

    /// The bech32 address.
    pub fn address(&self) -> String {
        self.address.to_string()
    }

    /// The address as `cosmrs` takes it.
    pub fn account_id(&self) -> &AccountId {
        &self.address
    }
}

/// How transactions pay: `fee = ceil(gas_limit · gas_price)` in `fee_denom`, with
/// `gas_limit = ceil(simulated gas · gas_adjustment)`.
#[derive(Debug, Clone, PartialEq)]
pub struct FeeSettings {
    /// Chain id signed into every transaction.
    pub chain_id: String,
    /// Fee denom.
    pub fee_denom: String,
    /// Price of one unit of gas in `fee_denom` (at least the node's minimum gas price).
    pub gas_price: f64,
    /// Multiplier on the simulated gas (≥ 1).
    pub gas_adjustment: f64,
}

impl FeeSettings {
    /// `(gas_limit, fee)` for a simulated `gas_used`.
    pub fn fee_for(&self, gas_used: u64) -> (u64, u128) {
        let limit = (gas_used as f64 * self.gas_adjustment).ceil() as u64;
        let fee = (limit as f64 * self.gas_price).ceil() as u128;
        (limit, fee)
    }
}

/// A transaction simulated and not sent: what it would cost and emit.
#[derive(Debug, Clone, PartialEq)]
pub struct DryRun {
    /// Gas the node used simulating it.
    pub gas_used: u64,
    /// Gas limit it would be sent with.
    pub gas_limit: u64,
    /// Fee it would pay, in the fee denom.
    pub fee: u128,
    /// Events it would emit.
    pub events: Vec<cosmwasm_std::Event>,
}

impl Node {
    /// Simulates `msgs` as one transaction from `signer` without sending it: gas, the fee
    /// [`Node::send`] would pay, and the events.
    ///
    /// Errors: `NoAccount`, `Simulation` (the transaction would fail), transport errors.
    pub fn dry_run(
        &self,
        signer: &Signer,
        fees: &FeeSettings,
        msgs: Vec<Any>,
        memo: &str,
    ) -> NodeResult<DryRun> {
        let address = signer.address();
        let (number, sequence) = self
            .account(&address)?
            .ok_or_else(|| NodeError::NoAccount {
                address,
                chain_id: fees.chain_id.clone(),
            })?;
        let body = Body::new(msgs, memo, 0u32);
        let probe = sign(signer, fees, &body, number, sequence, 0, 1)?;
        let (gas_used, events) = self.simulate_with_events(&probe)?;
        let (gas_limit, fee) = fees.fee_for(gas_used);
        Ok(DryRun {
            gas_used,
            gas_limit,
            fee,
            events,
        })
    }

    /// Signs and sends `msgs` as one transaction from `signer`, and waits for its block:
    /// simulates first (a failing message is an error before anything is sent), checks the fee
    /// can be paid, and on a sequence mismatch (another transaction of the same key got in
    /// first) reads the account again and retries, as it does once with more gas when the block
    /// ran out of what was simulated; 3 attempts in all.
    ///
    /// Errors: `NoAccount`, `Simulation`, `InsufficientFees`, `Tx` (refused or failed in the
    /// block), `TxTimeout`, transport errors.
    pub fn send(
        &self,
        signer: &Signer,
        fees: &FeeSettings,
        msgs: Vec<Any>,
        memo: &str,
    ) -> NodeResult<TxOutcome> {
        let address = signer.address();
        let mut attempt = 0;
        let mut gas_floor: Option<u64> = None;
        loop {
            attempt += 1;
            let (number, sequence) =
                self.account(&address)?
                    .ok_or_else(|| NodeError::NoAccount {
                        address: address.clone(),
                        chain_id: fees.chain_id.clone(),
                    })?;
            let body = Body::new(msgs.clone(), memo, 0u32);
            // simulate with a fee of one unit: the node skips the minimum-gas-price check when
            // simulating, but charges the fee transfer only when there is a fee, and that is gas
            // the real transaction uses
            let probe = sign(signer, fees, &body, number, sequence, 0, 1)?;
            let gas_used = self.simulate(&probe)?;
            let (mut gas_limit, mut fee) = fees.fee_for(gas_used);
            if let Some(floor) = gas_floor {
                if floor > gas_limit {
                    gas_limit = floor;
                    fee = (floor as f64 * fees.gas_price).ceil() as u128;
                }
            }
            let have = self.balance(&address, &fees.fee_denom)?;
            if have < fee {
                return Err(NodeError::InsufficientFees {
                    address,
                    needed: fee,
                    have,
                    denom: fees.fee_denom.clone(),
                });
            }
            let tx = sign(signer, fees, &body, number, sequence, gas_limit, fee)?;
            match self.broadcast(&tx) {
                Ok(hash) => {
                    let outcome = self.wait_tx(&hash)?;
                    // out of gas although simulated (state moved between simulation and block):
                    // once more with half as much again
                    if outcome.code == CODE_OUT_OF_GAS && attempt < 3 {
                        gas_floor = Some(outcome.gas_used.max(gas_limit) * 3 / 2);
                        continue;
                    }
                    return included(outcome);
                }
                // the very same bytes are already in the mempool (sent again after a timeout, or
                // by another client with the same key and message): that transaction is ours
                Err(NodeError::Tx { code, .. }) if code == CODE_TX_IN_MEMPOOL => {
                    let hash = super::deploy::sha256_hex(&tx).to_ascii_uppercase();
                    let outcome = self.wait_tx(&hash)?;
                    return included(outcome);
                }
                Err(NodeError::Tx { code, .. }) if code == CODE_WRONG_SEQUENCE && attempt < 3 => {
                    std::thread::sleep(std::time::Duration::from_millis(500));
                    continue;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// An included transaction, or its failure as an error.
fn included(outcome: TxOutcome) -> NodeResult<TxOutcome> {
    if outcome.code != 0 {
        return Err(NodeError::Tx {
            hash: Some(outcome.hash),
            code: outcome.code,
            codespace: None,
            log: outcome.log,
        });
    }
    Ok(outcome)
}

fn sign(
    signer: &Signer,
    fees: &FeeSettings,
    body: &Body,
    account_number: u64,
    sequence: u64,
    gas_limit: u64,
    fee: u128,
) -> NodeResult<Vec<u8>> {
    let build = |e: cosmrs::ErrorReport| NodeError::Build(e.to_string());
    let denom: Denom = fees
        .fee_denom
        .parse()
        .map_err(|e: cosmrs::ErrorReport| NodeError::Build(format!("fee denom: {e}")))?;
    let fee = Fee::from_amount_and_gas(Coin { denom, amount: fee }, gas_limit);
    let auth_info =
        SignerInfo::single_direct(Some(signer.key.public_key()), sequence).auth_info(fee);
    let chain_id: cosmrs::tendermint::chain::Id = fees
        .chain_id
        .parse()
        .map_err(|e| NodeError::Build(format!("chain id: {e}")))?;
    let doc = SignDoc::new(body, &auth_info, &chain_id, account_number).map_err(build)?;
    let raw = doc.sign(&signer.key).map_err(build)?;
    raw.to_bytes().map_err(build)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// BIP-39's all-zero test vector, 12 words: a published, worthless key.
    const VECTOR_12: &str = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    #[test]
    fn only_24_word_mnemonics_and_addresses_under_the_prefix() {
        let err = Signer::from_mnemonic(VECTOR_12, "wasm").unwrap_err();
        assert!(err.to_string().contains("12 words"), "{err}");
        let zero_24 = format!("{} art", ["abandon"; 23].join(" "));
        let wasm = Signer::from_mnemonic(&format!("  {zero_24}\n"), "wasm").unwrap();
        let cosmos = Signer::from_mnemonic(&zero_24, "cosmos").unwrap();
        assert!(wasm.address().starts_with("wasm1"));
        assert!(cosmos.address().starts_with("cosmos1"));
        assert_ne!(wasm.address(), cosmos.address());
        assert!(!format!("{wasm:?}").contains("abandon"));
    }

    /// The local chain's keys, derived here, give the addresses wasmd derived for them.
    #[test]
    fn the_test_keys_give_the_addresses_wasmd_gives() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../chain/test-keys.toml");
        let keys: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let (mnemonics, addresses) = (&keys["mnemonics"], &keys["addresses"]);
        let names = mnemonics.as_table().unwrap().keys();
        assert!(names.len() >= 5);
        for name in names {
            let signer = Signer::from_mnemonic(mnemonics[name].as_str().unwrap(), "wasm").unwrap();
            assert_eq!(
                signer.address(),
                addresses[name].as_str().unwrap(),
                "{name}"
            );
        }
    }

    #[test]
    fn a_bad_mnemonic_is_named_without_echoing_it() {
        let secret = format!("{} secret", ["abandon"; 23].join(" "));
        let err = Signer::from_mnemonic(&secret, "wasm").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("not a valid BIP-39"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn fees_round_up() {
        let fees = FeeSettings {
            chain_id: "c".into(),
            fee_denom: "stake".into(),
            gas_price: 0.025,
            gas_adjustment: 1.3,
        };
        // 100_001 · 1.3 = 130_001.3 -> 130_002; · 0.025 = 3_250.05 -> 3_251
        assert_eq!(fees.fee_for(100_001), (130_002, 3_251));
    }
}
