//! The differential test: the protocol script on cw-multi-test with the native contracts and on
//! the CosmWasm VM with the Wasm artifacts. Every balance, account, position, market and supply
//! must be equal after every step, and every step must succeed or fail on both alike.

use ballast_testing::{contract_liquidation, contract_oracle, contract_vault};
use ballast_tests::script::{apply, deploy, snapshot, steps, user, Chain, Kind, VmChain};
use ballast_tests::vm::Usage;
use cosmwasm_std::{
    to_json_vec, Addr, Binary, Coin, ContractResult, Empty, QueryRequest, SystemResult, Timestamp,
    WasmMsg, WasmQuery,
};
use cw_multi_test::{App, Executor};

/// The native contracts on cw-multi-test.
struct NativeChain {
    app: App,
    codes: Vec<(Kind, u64)>,
}

impl NativeChain {
    fn new() -> Self {
        let mut app = App::default();
        app.update_block(|block| {
            block.time = Timestamp::from_seconds(1_700_000_000);
            block.height = 12_345;
        });
        NativeChain {
            app,
            codes: Vec::new(),
        }
    }
}

impl Chain for NativeChain {
    fn instantiate(&mut self, kind: Kind, sender: &Addr, msg: Binary) -> Result<Addr, String> {
        let code_id = match self.codes.iter().find(|(k, _)| *k == kind) {
            Some((_, id)) => *id,
            None => {
                let id = match kind {
                    Kind::Oracle => self.app.store_code(contract_oracle()),
                    Kind::Vault => self.app.store_code(contract_vault()),
                    Kind::Liquidation => self.app.store_code(contract_liquidation()),
                };
                self.codes.push((kind, id));
                id
            }
        };
        let msg = WasmMsg::Instantiate {
            admin: None,
            code_id,
            msg,
            funds: vec![],
            label: kind.artifact().to_string(),
        };
        let res = self
            .app
            .execute(sender.clone(), msg.into())
            .map_err(|e| e.to_string())?;
        let addr = res
            .events
            .iter()
            .find(|e| e.ty == "instantiate")
            .and_then(|e| e.attributes.iter().find(|a| a.key == "_contract_address"))
            .map(|a| Addr::unchecked(&a.value))
            .ok_or("no contract address")?;
        Ok(addr)
    }

    fn execute(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        msg: Binary,
        funds: &[Coin],
    ) -> Result<Option<Usage>, String> {
        let msg = WasmMsg::Execute {
            contract_addr: contract.to_string(),
            msg,
            funds: funds.to_vec(),
        };
        self.app
            .execute(sender.clone(), msg.into())
            .map(|_| None)
            .map_err(|e| format!("{e:?}"))
    }

    fn query(&self, contract: &Addr, msg: Binary) -> Result<Binary, String> {
        let request: QueryRequest<Empty> = QueryRequest::Wasm(WasmQuery::Smart {
            contract_addr: contract.to_string(),
            msg,
        });
        let bytes = to_json_vec(&request).map_err(|e| e.to_string())?;
        match self.app.wrap().raw_query(&bytes) {
            SystemResult::Ok(ContractResult::Ok(answer)) => Ok(answer),
            SystemResult::Ok(ContractResult::Err(err)) => Err(err),
            SystemResult::Err(err) => Err(err.to_string()),
        }
    }

    fn balance(&self, addr: &Addr, denom: &str) -> u128 {
        let amount = self.app.wrap().query_balance(addr, denom).unwrap().amount;
        cosmwasm_std::Uint128::try_from(amount).unwrap().u128()
    }

    fn mint(&mut self, addr: &Addr, coins: &[Coin]) {
        self.app
            .init_modules(|router, _, storage| {
                router.bank.init_balance(storage, addr, coins.to_vec())
            })
            .unwrap();
    }

    fn advance(&mut self, seconds: u64) {
        self.app.update_block(|block| {
            block.time = block.time.plus_seconds(seconds);
            block.height += (seconds / 5).max(1);
        });
    }
}

fn assert_same(step: &str, native: &[(String, String)], vm: &[(String, String)]) {
    assert_eq!(native.len(), vm.len(), "{step}: snapshot lengths");
    for (n, v) in native.iter().zip(vm) {
        assert_eq!(
            n, v,
            "after \"{step}\": native (left) and VM (right) differ"
        );
    }
}

#[test]
fn native_and_wasm_agree_at_every_step() {
    let mut native = NativeChain::new();
    let mut vm = VmChain::new();
    // same users on both
    assert_eq!(native.app.api().addr_make("alice"), user("alice"));

    let native_deployment = deploy(&mut native);
    let vm_deployment = deploy(&mut vm);
    assert_same(
        "deployment",
        &snapshot(&native, &native_deployment),
        &snapshot(&vm, &vm_deployment),
    );

    let mut checked = 0;
    for step in steps() {
        let on_native = apply(&mut native, &native_deployment, &step);
        let on_vm = apply(&mut vm, &vm_deployment, &step);
        assert_eq!(
            on_native.is_ok(),
            step.expect_ok,
            "native, {}: {on_native:?}",
            step.label
        );
        assert_eq!(
            on_vm.is_ok(),
            step.expect_ok,
            "VM, {}: {on_vm:?}",
            step.label
        );
        let native_state = snapshot(&native, &native_deployment);
        assert_same(step.label, &native_state, &snapshot(&vm, &vm_deployment));
        // the snapshot really holds figures (not only errors)
        assert!(native_state.iter().any(|(_, v)| v.contains("total_debt")));
        checked += 1;
    }
    assert_eq!(checked, steps().len());
}
