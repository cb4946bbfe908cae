//! The message templates of each contract, generated from `schema/` by
//! `scripts/fuzz-corpus.py` and embedded at build time.

use std::sync::OnceLock;

use serde_json::Value;

use crate::Target;

/// One message of a contract's schema, as `scripts/fuzz-corpus.py` generated it.
pub struct Template {
    pub execute: bool,
    pub name: String,
    pub sender: String,
    pub funds: String,
    pub msg: Value,
}

/// A contract's templates and every field name of its schema.
pub struct Templates {
    pub fields: Vec<String>,
    pub list: Vec<Template>,
}

fn parse_templates(text: &str) -> Templates {
    let v: Value = serde_json::from_str(text).expect("fuzz/templates: valid JSON");
    let fields = v["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let list = v["templates"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| Template {
                    execute: t["kind"] == "execute",
                    name: t["name"].as_str().unwrap_or_default().to_string(),
                    sender: t["sender"].as_str().unwrap_or_default().to_string(),
                    funds: t["funds"].as_str().unwrap_or_default().to_string(),
                    msg: t["msg"].clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    Templates { fields, list }
}

/// The templates of `target` (embedded at build time).
pub fn templates(target: Target) -> &'static Templates {
    static VAULT: OnceLock<Templates> = OnceLock::new();
    static ORACLE: OnceLock<Templates> = OnceLock::new();
    static LIQUIDATION: OnceLock<Templates> = OnceLock::new();
    match target {
        Target::Vault => {
            VAULT.get_or_init(|| parse_templates(include_str!("../templates/vault.json")))
        }
        Target::Oracle => {
            ORACLE.get_or_init(|| parse_templates(include_str!("../templates/oracle.json")))
        }
        Target::Liquidation => LIQUIDATION
            .get_or_init(|| parse_templates(include_str!("../templates/liquidation.json"))),
    }
}
