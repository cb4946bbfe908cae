//! The VM validator used by `scripts/build-wasm.sh` must refuse what a chain refuses.

use std::process::Command;

fn checker() -> Command {
    Command::new(env!("CARGO_BIN_EXE_check-wasm"))
}

#[test]
fn no_arguments_is_a_usage_error() {
    let out = checker().output().expect("run check-wasm");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn garbage_is_rejected() {
    let dir = std::env::temp_dir().join(format!("ballast-garbage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("garbage.wasm");
    std::fs::write(&path, b"\0asm-but-not-really").unwrap();
    let out = checker().arg(&path).output().expect("run check-wasm");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("FAIL"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A well-formed contract-shaped module (exports `memory`, `interface_version_8`, `allocate`,
/// `deallocate`) whose first function uses one bulk-memory instruction, `memory.fill`: the VM must
/// reject it, as it rejects Rust 1.87+ output that was not lowered.
#[test]
fn unlowered_bulk_memory_is_rejected() {
    #[rustfmt::skip]
    let module: &[u8] = &[
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                   // magic, version 1
        0x01, 0x0d, 0x03,                                                 // types (3):
        0x60, 0x00, 0x00,                                                 //   () -> ()
        0x60, 0x01, 0x7f, 0x01, 0x7f,                                     //   (i32) -> i32
        0x60, 0x01, 0x7f, 0x00,                                           //   (i32) -> ()
        0x03, 0x04, 0x03, 0x00, 0x01, 0x02,                               // functions of types 0,1,2
        0x05, 0x03, 0x01, 0x00, 0x01,                                     // memory: 1 page
        0x07, 0x38, 0x04,                                                 // exports (4):
        0x06, b'm', b'e', b'm', b'o', b'r', b'y', 0x02, 0x00,             //   memory 0
        0x13, b'i', b'n', b't', b'e', b'r', b'f', b'a', b'c', b'e', b'_',
        b'v', b'e', b'r', b's', b'i', b'o', b'n', b'_', b'8', 0x00, 0x00, //   func 0
        0x08, b'a', b'l', b'l', b'o', b'c', b'a', b't', b'e', 0x00, 0x01, //   func 1
        0x0a, b'd', b'e', b'a', b'l', b'l', b'o', b'c', b'a', b't', b'e',
        0x00, 0x02,                                                       //   func 2
        0x0a, 0x15, 0x03,                                                 // code (3 bodies):
        0x0b, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x00, //   memory.fill 0
        0x0b,
        0x04, 0x00, 0x41, 0x00, 0x0b,                                     //   i32.const 0
        0x02, 0x00, 0x0b,                                                 //   (empty)
    ];
    let dir = std::env::temp_dir().join(format!("ballast-bulk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bulk.wasm");
    std::fs::write(&path, module).unwrap();
    let out = checker().arg(&path).output().expect("run check-wasm");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bulk memory"),
        "unexpected reason: {stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_built_artifact_is_accepted() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../artifacts/ballast_oracle.wasm"
    );
    assert!(
        std::path::Path::new(path).exists(),
        "{path} is missing: build the Wasm artifacts first with scripts/build-wasm.sh"
    );
    let out = checker().arg(path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("ok "), "{stdout}");
    assert!(stdout.contains("instantiate"), "{stdout}");
}
