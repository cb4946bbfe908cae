//! The storage a VM instance sees: one contract's key-value map inside the router's shared state,
//! with every operation counted and priced by [`super::cost`], and every change journaled so a
//! failed message or submessage can be rolled back.

use std::rc::Weak;

use cosmwasm_std::{Order, Record};
use cosmwasm_vm::{BackendError, BackendResult, GasInfo, Storage};

use super::cost;
use super::{Shared, Undo};

/// One contract's storage as a backend of one VM instance.
///
/// Iterators take a snapshot of their range when created (as the VM's own mock storage does); ids
/// are per instance, starting at 1. Gas is reported to the VM as free: the SDK meters storage
/// outside the VM, which this harness models in [`cost::Usage`].
pub struct VmStorage {
    contract: String,
    shared: Weak<Shared>,
    iterators: Vec<(Vec<Record>, usize)>,
}

impl VmStorage {
    pub(crate) fn new(contract: &str, shared: Weak<Shared>) -> Self {
        VmStorage {
            contract: contract.to_string(),
            shared,
            iterators: Vec::new(),
        }
    }

    fn with_kv<T>(
        &self,
        f: impl FnOnce(&mut super::World, &str) -> Result<T, BackendError>,
    ) -> BackendResult<T> {
        let Some(shared) = self.shared.upgrade() else {
            return (
                Err(BackendError::unknown("router dropped")),
                GasInfo::free(),
            );
        };
        let mut world = shared.world.borrow_mut();
        (f(&mut world, &self.contract), GasInfo::free())
    }
}

impl Storage for VmStorage {
    fn get(&self, key: &[u8]) -> BackendResult<Option<Vec<u8>>> {
        self.with_kv(|world, contract| {
            let value = world.kv(contract)?.get(key).cloned();
            let value_len = value.as_ref().map_or(0, Vec::len);
            let usage = &mut world.usage;
            usage.reads += 1;
            usage.read_bytes += cost::CONTRACT_KEY_PREFIX_LEN + (key.len() + value_len) as u64;
            usage.storage_gas += cost::read_gas(key.len(), value_len);
            Ok(value)
        })
    }

    fn scan(
        &mut self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> BackendResult<u32> {
        let (records, gas) = self.with_kv(|world, contract| {
            let kv = world.kv(contract)?;
            let in_range = |k: &Vec<u8>| {
                start.is_none_or(|s| k.as_slice() >= s) && end.is_none_or(|e| k.as_slice() < e)
            };
            let mut records: Vec<Record> = kv
                .iter()
                .filter(|(k, _)| in_range(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if order == Order::Descending {
                records.reverse();
            }
            Ok(records)
        });
        match records {
            Ok(records) => {
                self.iterators.push((records, 0));
                (Ok(self.iterators.len() as u32), gas)
            }
            Err(err) => (Err(err), gas),
        }
    }

    fn next(&mut self, iterator_id: u32) -> BackendResult<Option<Record>> {
        let Some((records, position)) = (iterator_id as usize)
            .checked_sub(1)
            .and_then(|i| self.iterators.get_mut(i))
        else {
            return (
                Err(BackendError::iterator_does_not_exist(iterator_id)),
                GasInfo::free(),
            );
        };
        let record = records.get(*position).cloned();
        if record.is_some() {
            *position += 1;
        }
        let lens = record.as_ref().map(|(k, v)| (k.len(), v.len()));
        self.with_kv(|world, _| {
            let usage = &mut world.usage;
            usage.iter_steps += 1;
            if let Some((k, v)) = lens {
                usage.iter_bytes += cost::CONTRACT_KEY_PREFIX_LEN + (k + v) as u64;
            }
            usage.storage_gas += cost::iter_step_gas(lens);
            Ok(record)
        })
    }

    fn set(&mut self, key: &[u8], value: &[u8]) -> BackendResult<()> {
        self.with_kv(|world, contract| {
            let old = world.kv_mut(contract)?.insert(key.to_vec(), value.to_vec());
            world.journal.push(Undo::Kv {
                contract: contract.to_string(),
                key: key.to_vec(),
                old,
            });
            let usage = &mut world.usage;
            usage.writes += 1;
            usage.write_bytes += cost::CONTRACT_KEY_PREFIX_LEN + (key.len() + value.len()) as u64;
            usage.storage_gas += cost::write_gas(key.len(), value.len());
            Ok(())
        })
    }

    fn remove(&mut self, key: &[u8]) -> BackendResult<()> {
        self.with_kv(|world, contract| {
            let old = world.kv_mut(contract)?.remove(key);
            world.journal.push(Undo::Kv {
                contract: contract.to_string(),
                key: key.to_vec(),
                old,
            });
            world.usage.deletes += 1;
            world.usage.storage_gas += cost::delete_gas();
            Ok(())
        })
    }
}
