//! The VM router's message handling on a tiny probe contract built here with `wasm-encoder`
//! (no Ballast contract uses submessages yet): bank sends from a contract, `WasmMsg::Execute` with
//! funds, replies on success and on error, rollback of a failed submessage and of a failed
//! transaction, events, reply data and the usage counts.
//!
//! The probe's `execute` looks at the third byte of its message (`{"w…`, `{"f…`, `{"s…`, `{"x…`):
//! - `{"write":{}}` stores `k = v`;
//! - `{"fail":{}}` stores `f = bad`, then fails with `boom`;
//! - `{"sub":{}}` stores `s = 1` and answers with three submessages: send 5 `ucoin` to `bank_to`
//!   (reply on success, id 1), `fail` on `other` (reply on error, id 2), `write` on `other` with
//!   2 `ucoin` (no reply, id 3), and a custom event `probe`;
//! - `{"xfail":{}}` stores `s = 1` and sends `fail` to `other` without reply: all must roll back.
//!
//! Its `reply` stores `r1 = 1` or `r2 = 1` after the reply id (the seventh byte of `{"id":N,…`)
//! and returns the data `replied`.

use ballast_tests::vm::VmApp;
use cosmwasm_std::{coin, Addr, Binary};
use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, DataSection, EntityType, ExportKind, ExportSection,
    Function, FunctionSection, GlobalSection, GlobalType, ImportSection, MemArg, MemorySection,
    MemoryType, Module, TypeSection, ValType,
};

/// Static data (JSON answers, keys, values) with a CosmWasm region for each piece.
struct Data {
    bytes: Vec<u8>,
}

const DATA_START: u32 = 1024;
const HEAP_START: i32 = 65_536;

impl Data {
    /// Appends `content` and its region `{offset, capacity, length}`; returns the region pointer.
    fn put(&mut self, content: &[u8]) -> i32 {
        let offset = DATA_START + self.bytes.len() as u32;
        self.bytes.extend_from_slice(content);
        while !self.bytes.len().is_multiple_of(4) {
            self.bytes.push(0);
        }
        let region = DATA_START + self.bytes.len() as u32;
        let len = content.len() as u32;
        for word in [offset, len, len] {
            self.bytes.extend_from_slice(&word.to_le_bytes());
        }
        region as i32
    }
}

fn mem(offset: u64, align: u32) -> MemArg {
    MemArg {
        offset,
        align,
        memory_index: 0,
    }
}

fn ok_response(messages: &str, attributes: &str, events: &str, data: &str) -> String {
    format!(
        r#"{{"ok":{{"messages":[{messages}],"attributes":[{attributes}],"events":[{events}],"data":{data}}}}}"#
    )
}

fn sub(id: u64, msg: &str, reply_on: &str) -> String {
    format!(r#"{{"id":{id},"payload":"","msg":{msg},"gas_limit":null,"reply_on":"{reply_on}"}}"#)
}

fn wasm_execute(contract: &str, msg: &str, funds: &str) -> String {
    let msg = Binary::from(msg.as_bytes()).to_base64();
    format!(
        r#"{{"wasm":{{"execute":{{"contract_addr":"{contract}","msg":"{msg}","funds":[{funds}]}}}}}}"#
    )
}

/// The probe's Wasm, with the addresses it sends to.
fn probe(other: &str, bank_to: &str) -> Vec<u8> {
    let mut d = Data { bytes: Vec::new() };
    let ok = d.put(ok_response("", r#"{"key":"action","value":"write"}"#, "", "null").as_bytes());
    let err = d.put(br#"{"error":"boom"}"#);
    let send = format!(
        r#"{{"bank":{{"send":{{"to_address":"{bank_to}","amount":[{{"denom":"ucoin","amount":"5"}}]}}}}}}"#
    );
    let subs = [
        sub(1, &send, "success"),
        sub(2, &wasm_execute(other, r#"{"fail":{}}"#, ""), "error"),
        sub(
            3,
            &wasm_execute(
                other,
                r#"{"write":{}}"#,
                r#"{"denom":"ucoin","amount":"2"}"#,
            ),
            "never",
        ),
    ]
    .join(",");
    let event = r#"{"type":"probe","attributes":[{"key":"step","value":"sub"}]}"#;
    let with_subs = d.put(ok_response(&subs, "", event, "null").as_bytes());
    let never = sub(4, &wasm_execute(other, r#"{"fail":{}}"#, ""), "never");
    let failing_sub = d.put(ok_response(&never, "", "", "null").as_bytes());
    let replied = d.put(
        ok_response(
            "",
            r#"{"key":"replied","value":"yes"}"#,
            "",
            &format!("\"{}\"", Binary::from(b"replied").to_base64()),
        )
        .as_bytes(),
    );
    let query =
        d.put(format!(r#"{{"ok":"{}"}}"#, Binary::from(br#"{"x":1}"#).to_base64()).as_bytes());
    let (k, v, f, bad, s, one, r1, r2) = (
        d.put(b"k"),
        d.put(b"v"),
        d.put(b"f"),
        d.put(b"bad"),
        d.put(b"s"),
        d.put(b"1"),
        d.put(b"r1"),
        d.put(b"r2"),
    );

    let mut types = TypeSection::new();
    types.ty().function([ValType::I32, ValType::I32], []); // 0: db_write
    types.ty().function([], []); // 1: interface_version_8
    types.ty().function([ValType::I32], [ValType::I32]); // 2: allocate
    types.ty().function([ValType::I32], []); // 3: deallocate
    types
        .ty()
        .function([ValType::I32, ValType::I32, ValType::I32], [ValType::I32]); // 4: instantiate/execute
    types
        .ty()
        .function([ValType::I32, ValType::I32], [ValType::I32]); // 5: reply/query
    let mut imports = ImportSection::new();
    imports.import("env", "db_write", EntityType::Function(0));
    // function indices: 0 db_write (import), then 1.. below
    let exports_list = [
        ("interface_version_8", 1),
        ("allocate", 2),
        ("deallocate", 3),
        ("instantiate", 4),
        ("execute", 4),
        ("reply", 5),
        ("query", 5),
    ];
    let mut functions = FunctionSection::new();
    for (_, ty) in exports_list {
        functions.function(ty);
    }
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 4,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut globals = GlobalSection::new();
    globals.global(
        GlobalType {
            val_type: ValType::I32,
            mutable: true,
            shared: false,
        },
        &ConstExpr::i32_const(HEAP_START),
    );
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    for (i, (name, _)) in exports_list.iter().enumerate() {
        exports.export(name, ExportKind::Func, i as u32 + 1);
    }

    let mut code = CodeSection::new();
    // interface_version_8
    let mut f0 = Function::new([]);
    f0.instructions().end();
    code.function(&f0);
    // allocate(size): a bump allocator; the region sits right before its data
    let mut alloc = Function::new([(1, ValType::I32)]);
    alloc
        .instructions()
        .global_get(0)
        .local_set(1)
        .local_get(1)
        .local_get(1)
        .i32_const(12)
        .i32_add()
        .i32_store(mem(0, 2))
        .local_get(1)
        .local_get(0)
        .i32_store(mem(4, 2))
        .local_get(1)
        .i32_const(0)
        .i32_store(mem(8, 2))
        .local_get(1)
        .i32_const(12)
        .i32_add()
        .local_get(0)
        .i32_add()
        .global_set(0)
        .local_get(1)
        .end();
    code.function(&alloc);
    // deallocate: nothing
    let mut dealloc = Function::new([]);
    dealloc.instructions().end();
    code.function(&dealloc);
    // instantiate / execute (same body: instantiate gets an empty `{}`-like message → ok)
    let mut exec = Function::new([(1, ValType::I32)]);
    {
        let mut i = exec.instructions();
        i.local_get(2)
            .i32_load(mem(0, 2))
            .i32_load8_u(mem(2, 0))
            .local_set(3);
        // (first letter of the message, the write it makes, the answer)
        let cases: [(u8, (i32, i32), i32); 4] = [
            (b'w', (k, v), ok),
            (b'f', (f, bad), err),
            (b's', (s, one), with_subs),
            (b'x', (s, one), failing_sub),
        ];
        for (byte, (key, value), answer) in cases {
            i.local_get(3)
                .i32_const(byte as i32)
                .i32_eq()
                .if_(BlockType::Empty);
            i.i32_const(key).i32_const(value).call(0);
            i.i32_const(answer).return_().end();
        }
        i.i32_const(ok).end();
    }
    code.function(&exec);
    code.function(&exec);
    // reply(env, msg): r1 or r2 after the id's digit
    let mut reply = Function::new([]);
    reply
        .instructions()
        .local_get(1)
        .i32_load(mem(0, 2))
        .i32_load8_u(mem(6, 0))
        .i32_const(b'1' as i32)
        .i32_eq()
        .if_(BlockType::Empty)
        .i32_const(r1)
        .i32_const(one)
        .call(0)
        .else_()
        .i32_const(r2)
        .i32_const(one)
        .call(0)
        .end()
        .i32_const(replied)
        .end();
    code.function(&reply);
    let mut q = Function::new([]);
    q.instructions().i32_const(query).end();
    code.function(&q);

    let mut data = DataSection::new();
    data.active(0, &ConstExpr::i32_const(DATA_START as i32), d.bytes.clone());

    let mut module = Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&functions)
        .section(&memories)
        .section(&globals)
        .section(&exports)
        .section(&code)
        .section(&data);
    module.finish()
}

fn get(app: &VmApp, contract: &Addr, key: &str) -> Option<Vec<u8>> {
    app.storage_entries(contract)
        .into_iter()
        .find(|(k, _)| k == key.as_bytes())
        .map(|(_, v)| v)
}

struct Setup {
    app: VmApp,
    user: Addr,
    first: Addr,
    other: Addr,
    bank_to: Addr,
}

fn setup() -> Setup {
    let app = VmApp::new();
    let user = app.addr_make("user");
    let bank_to = app.addr_make("bank_to");
    // contracts are made as `contract1`, `contract2`, … in order
    let first_addr = app.addr_make("contract1");
    let other_addr = app.addr_make("contract2");
    let code_id = app.store_code(&probe(other_addr.as_str(), bank_to.as_str()));
    let first = app
        .instantiate(code_id, &user, &"init", &[], "first")
        .unwrap();
    let other = app
        .instantiate(code_id, &user, &"init", &[], "other")
        .unwrap();
    assert_eq!((&first, &other), (&first_addr, &other_addr));
    app.mint(&user, &coin(100, "ucoin"));
    Setup {
        app,
        user,
        first,
        other,
        bank_to,
    }
}

#[test]
fn submessages_replies_and_partial_rollback() {
    let s = setup();
    let res = s
        .app
        .execute_raw(&s.user, &s.first, br#"{"sub":{}}"#, &[coin(10, "ucoin")])
        .unwrap();

    // funds: 10 in, 5 sent by bank, 2 sent along to `other`
    assert_eq!(s.app.balance(&s.user, "ucoin"), 90);
    assert_eq!(s.app.balance(&s.first, "ucoin"), 3);
    assert_eq!(s.app.balance(&s.bank_to, "ucoin"), 5);
    assert_eq!(s.app.balance(&s.other, "ucoin"), 2);

    // the caller's own write and both replies are kept
    assert_eq!(get(&s.app, &s.first, "s"), Some(b"1".to_vec()));
    assert_eq!(
        get(&s.app, &s.first, "r1"),
        Some(b"1".to_vec()),
        "reply on success"
    );
    assert_eq!(
        get(&s.app, &s.first, "r2"),
        Some(b"1".to_vec()),
        "reply on error"
    );
    // the failed submessage's write is rolled back, the later one is kept
    assert_eq!(get(&s.app, &s.other, "f"), None);
    assert_eq!(get(&s.app, &s.other, "k"), Some(b"v".to_vec()));

    // the last reply's data is the transaction's data
    assert_eq!(res.data, Some(Binary::from(b"replied")));
    let types: Vec<&str> = res.events.iter().map(|e| e.ty.as_str()).collect();
    assert!(types.contains(&"wasm-probe"), "{types:?}");
    assert!(types.contains(&"transfer"), "{types:?}");
    assert_eq!(
        types.iter().filter(|t| **t == "reply").count(),
        2,
        "{types:?}"
    );

    // entered: the caller, the failing and the writing call into `other`; two replies
    let u = &res.usage;
    assert_eq!(u.contracts_entered, 3, "{u:?}");
    assert_eq!(u.replies, 2, "{u:?}");
    // writes: s, f (rolled back, still paid), k, r1, r2
    assert_eq!(u.writes, 5, "{u:?}");
    assert_eq!(u.events, 1);
    assert_eq!(
        u.bank_sends, 3,
        "funds in, bank send, funds to other: {u:?}"
    );
    assert_eq!(
        u.sdk_gas(),
        3 * 60_000 + 2 * 2_000 + u.vm_sdk_gas + u.storage_gas + u.event_gas
    );
}

#[test]
fn a_failing_submessage_without_reply_rolls_back_the_transaction() {
    let s = setup();
    let err = s
        .app
        .execute_raw(&s.user, &s.first, br#"{"xfail":{}}"#, &[coin(10, "ucoin")])
        .unwrap_err();
    assert!(err.contains("boom"), "{err}");
    assert_eq!(s.app.balance(&s.user, "ucoin"), 100);
    assert_eq!(s.app.balance(&s.first, "ucoin"), 0);
    assert_eq!(get(&s.app, &s.first, "s"), None);
    assert_eq!(get(&s.app, &s.other, "f"), None);
}

#[test]
fn a_plain_execute_and_a_query() {
    let s = setup();
    let res = s
        .app
        .execute_raw(&s.user, &s.other, br#"{"write":{}}"#, &[])
        .unwrap();
    assert_eq!(get(&s.app, &s.other, "k"), Some(b"v".to_vec()));
    assert_eq!(res.usage.contracts_entered, 1);
    assert_eq!(res.usage.writes, 1);
    let answer = s.app.query_raw(&s.other, b"{}").unwrap();
    assert_eq!(answer.as_slice(), br#"{"x":1}"#);
}
