//! The wasmd cost model: what a transaction running these contracts would pay in Cosmos SDK gas.
//!
//! Every constant below is a default of wasmd (v0.50+, `x/wasm/types/gas_register.go`) or of the
//! Cosmos SDK's KV store gas config (`store/types/gas.go`, `KVGasConfig()`), and the way each is
//! applied follows the code that applies it (`store/gaskv/store.go` for storage,
//! `WasmGasRegister::EventCosts` for events, `x/wasm/types/keys.go` for the key prefix). Nothing
//! here is measured: the harness counts operations (see [`Usage`]) and this module prices them.
//!
//! Not modelled (the same for every design, so left out of the comparison): the ante handler
//! (signature verification, `TxSizeCostPerByte`), the bank module's own store reads and writes
//! when coins move, wasmd's own reads of the contract and code info for each contract entered
//! (a few thousand per entry, on top of the 60,000), and the message-data cost
//! (`DefaultContractMessageDataCost` is 0 anyway). A chain that pins the codes charges
//! `DefaultInstanceCostDiscount` (2,000) instead of 60,000 per entry; the model assumes unpinned.
//! Address-API host calls are charged by the VM's mock API rather than wasmd's `GoAPI` prices: a
//! difference of a few SDK gas per call.

/// SDK gas charged each time a contract is prepared for a call (execute, instantiate, and every
/// smart query one contract makes of another) unless its code is pinned.
/// wasmd `x/wasm/types/gas_register.go`: `DefaultInstanceCost = 60_000`, charged by
/// `SetupContractCost(discount = false, ..)`.
pub const INSTANCE_COST: u64 = 60_000;

/// SDK gas for a reply into a contract that ran earlier in the transaction (assumed cached).
/// wasmd `gas_register.go`: `DefaultInstanceCostDiscount = 2_000`; `ReplyCosts` calls
/// `SetupContractCost(discount = true, ..)` from the keeper's `reply`.
pub const INSTANCE_COST_DISCOUNT: u64 = 2_000;

/// CosmWasm (VM) gas per SDK gas. wasmd `gas_register.go`: `DefaultGasMultiplier = 140_000`
/// (reduced 1000x in the CosmWasm 2.0 upgrade); applied per call by `FromWasmVMGas`, an integer
/// division.
pub const GAS_MULTIPLIER: u64 = 140_000;

/// SDK gas per attribute. wasmd `gas_register.go`: `DefaultPerAttributeCost = 10`.
pub const PER_ATTRIBUTE_COST: u64 = 10;

/// SDK gas per custom event. wasmd `gas_register.go`: `DefaultPerCustomEventCost = 20`.
pub const PER_CUSTOM_EVENT_COST: u64 = 20;

/// SDK gas per byte of attribute data (key + value) past the free tier, and per byte of each
/// custom event's type (no free tier). wasmd `gas_register.go`: `DefaultEventAttributeDataCost = 1`.
pub const EVENT_ATTRIBUTE_DATA_COST: u64 = 1;

/// Bytes of attribute data per contract response that are not charged.
/// wasmd `gas_register.go`: `DefaultEventAttributeDataFreeTier = 100`, shared by the response's
/// plain attributes and then its custom events, in that order (`EventCosts`).
pub const EVENT_ATTRIBUTE_DATA_FREE_TIER: u64 = 100;

/// Cosmos SDK `store/types/gas.go`, `KVGasConfig()`: `ReadCostFlat: 1000`.
pub const READ_COST_FLAT: u64 = 1_000;
/// `KVGasConfig()`: `ReadCostPerByte: 3` (key and value of a read; key and value of each
/// iterator step).
pub const READ_COST_PER_BYTE: u64 = 3;
/// `KVGasConfig()`: `WriteCostFlat: 2000`.
pub const WRITE_COST_FLAT: u64 = 2_000;
/// `KVGasConfig()`: `WriteCostPerByte: 30` (key and value).
pub const WRITE_COST_PER_BYTE: u64 = 30;
/// `KVGasConfig()`: `DeleteCost: 1000` (flat, whatever the key length).
pub const DELETE_COST: u64 = 1_000;
/// `KVGasConfig()`: `IterNextCostFlat: 30`, charged by `gasIterator.consumeSeekGas` for every
/// position the iterator takes, including the final one past the end (then without bytes).
pub const ITER_NEXT_COST_FLAT: u64 = 30;

/// Length of the prefix wasmd puts before every key a contract stores: `GetContractStorePrefix`
/// (`x/wasm/types/keys.go`) is `ContractStorePrefix` (`0x03`, one byte) followed by the contract
/// address, 32 bytes for contracts (`ContractAddrLen = 32`). The SDK's gas store sits below
/// wasmd's prefix store, so the prefix is part of every key that is charged.
pub const CONTRACT_KEY_PREFIX_LEN: u64 = 1 + 32;

/// SDK gas of one storage read (`gaskv.Store.Get`): flat, then per byte of the prefixed key and of
/// the value. A miss pays for the key only.
pub fn read_gas(key_len: usize, value_len: usize) -> u64 {
    READ_COST_FLAT
        + READ_COST_PER_BYTE * (CONTRACT_KEY_PREFIX_LEN + key_len as u64 + value_len as u64)
}

/// SDK gas of one storage write (`gaskv.Store.Set`): flat, then per byte of prefixed key and value.
pub fn write_gas(key_len: usize, value_len: usize) -> u64 {
    WRITE_COST_FLAT
        + WRITE_COST_PER_BYTE * (CONTRACT_KEY_PREFIX_LEN + key_len as u64 + value_len as u64)
}

/// SDK gas of one delete (`gaskv.Store.Delete`).
pub fn delete_gas() -> u64 {
    DELETE_COST
}

/// SDK gas of one iterator position (`consumeSeekGas`): `Some((key_len, value_len))` for an
/// element (the key as the contract sees it, the prefix added here), `None` for the end.
pub fn iter_step_gas(element: Option<(usize, usize)>) -> u64 {
    match element {
        Some((key_len, value_len)) => {
            ITER_NEXT_COST_FLAT
                + READ_COST_PER_BYTE * (CONTRACT_KEY_PREFIX_LEN + key_len as u64 + value_len as u64)
        }
        None => ITER_NEXT_COST_FLAT,
    }
}

/// SDK gas for a VM call that used `vm_gas` CosmWasm gas (`FromWasmVMGas`, rounded down per call).
pub fn vm_to_sdk(vm_gas: u64) -> u64 {
    vm_gas / GAS_MULTIPLIER
}

/// One attribute as the contract returned it: key and value lengths.
pub type AttrLen = (usize, usize);

/// SDK gas for the events of one contract response (`EventCosts(attrs, events)`): `attributes`
/// are the response's plain attributes (the `wasm` event), `events` each custom event's type
/// length and attributes. The free tier is shared, plain attributes first.
pub fn event_gas(attributes: &[AttrLen], events: &[(usize, Vec<AttrLen>)]) -> u64 {
    let mut free = EVENT_ATTRIBUTE_DATA_FREE_TIER;
    let mut gas = attribute_gas(attributes, &mut free);
    for (type_len, attrs) in events {
        gas += PER_CUSTOM_EVENT_COST + EVENT_ATTRIBUTE_DATA_COST * *type_len as u64;
        gas += attribute_gas(attrs, &mut free);
    }
    gas
}

fn attribute_gas(attrs: &[AttrLen], free: &mut u64) -> u64 {
    if attrs.is_empty() {
        return 0;
    }
    let bytes: u64 = attrs.iter().map(|(k, v)| (k + v) as u64).sum();
    let charged = bytes.saturating_sub(*free);
    *free = free.saturating_sub(bytes);
    EVENT_ATTRIBUTE_DATA_COST * charged + PER_ATTRIBUTE_COST * attrs.len() as u64
}

/// What one transaction (or one step of a script) did, as counted by the harness, with the SDK gas
/// of each part priced as it happened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Contracts prepared for a call at full price: executes, instantiates, smart queries.
    pub contracts_entered: u64,
    /// Replies (discounted instance cost).
    pub replies: u64,
    /// CosmWasm gas used inside the VM (Wasm execution and host calls), summed over calls.
    pub vm_gas: u64,
    /// SDK gas of the VM work: each call's VM gas divided by [`GAS_MULTIPLIER`], then summed.
    pub vm_sdk_gas: u64,
    /// Storage reads (hits and misses).
    pub reads: u64,
    /// Bytes of key (with the wasmd prefix) and value read.
    pub read_bytes: u64,
    /// Storage writes.
    pub writes: u64,
    /// Bytes of key (with the wasmd prefix) and value written.
    pub write_bytes: u64,
    /// Storage deletes.
    pub deletes: u64,
    /// Iterator positions taken (elements and ends).
    pub iter_steps: u64,
    /// Bytes of key (with prefix) and value of the elements iterated.
    pub iter_bytes: u64,
    /// SDK gas of all storage operations.
    pub storage_gas: u64,
    /// Custom events emitted.
    pub events: u64,
    /// Attributes emitted (plain and in custom events).
    pub attributes: u64,
    /// SDK gas of the events.
    pub event_gas: u64,
    /// Bank transfers (funds sent with a call, `BankMsg::Send`); not priced, see module docs.
    pub bank_sends: u64,
}

impl Usage {
    /// Modelled SDK gas of everything counted.
    pub fn sdk_gas(&self) -> u64 {
        self.instance_gas() + self.vm_sdk_gas + self.storage_gas + self.event_gas
    }

    /// SDK gas spent on preparing contracts (full price and replies).
    pub fn instance_gas(&self) -> u64 {
        INSTANCE_COST * self.contracts_entered + INSTANCE_COST_DISCOUNT * self.replies
    }

    /// Adds another usage to this one.
    pub fn add(&mut self, other: &Usage) {
        self.contracts_entered += other.contracts_entered;
        self.replies += other.replies;
        self.vm_gas += other.vm_gas;
        self.vm_sdk_gas += other.vm_sdk_gas;
        self.reads += other.reads;
        self.read_bytes += other.read_bytes;
        self.writes += other.writes;
        self.write_bytes += other.write_bytes;
        self.deletes += other.deletes;
        self.iter_steps += other.iter_steps;
        self.iter_bytes += other.iter_bytes;
        self.storage_gas += other.storage_gas;
        self.events += other.events;
        self.attributes += other.attributes;
        self.event_gas += other.event_gas;
        self.bank_sends += other.bank_sends;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_prices_include_the_contract_prefix() {
        // a 10-byte key holding 20 bytes: 33 + 10 + 20 = 63 bytes
        assert_eq!(read_gas(10, 20), 1_000 + 3 * 63);
        assert_eq!(read_gas(10, 0), 1_000 + 3 * 43);
        assert_eq!(write_gas(10, 20), 2_000 + 30 * 63);
        assert_eq!(delete_gas(), 1_000);
        assert_eq!(iter_step_gas(Some((10, 20))), 30 + 3 * 63);
        assert_eq!(iter_step_gas(None), 30);
    }

    #[test]
    fn vm_gas_rounds_down_per_call() {
        assert_eq!(vm_to_sdk(139_999), 0);
        assert_eq!(vm_to_sdk(280_000), 2);
    }

    #[test]
    fn events_share_one_free_tier() {
        // 60 bytes of plain attributes: free; custom event "ballast_x" (9 bytes) with 2 attributes
        // of 30 bytes each: 40 bytes of tier left, 20 charged.
        let gas = event_gas(&[(30, 30)], &[(9, vec![(10, 20), (10, 20)])]);
        assert_eq!(gas, 10 + 20 + 9 + 20 + 2 * 10);
        // nothing emitted costs nothing
        assert_eq!(event_gas(&[], &[]), 0);
        // a custom event without attributes still pays for itself and its type
        assert_eq!(event_gas(&[], &[(5, vec![])]), 25);
    }

    #[test]
    fn sdk_gas_sums_the_parts() {
        let usage = Usage {
            contracts_entered: 2,
            replies: 1,
            vm_sdk_gas: 7,
            storage_gas: 100,
            event_gas: 3,
            ..Usage::default()
        };
        assert_eq!(usage.sdk_gas(), 120_000 + 2_000 + 7 + 100 + 3);
    }
}
