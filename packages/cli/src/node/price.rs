//! `ballast price set DENOM PRICE`: pushes a price to the local mock Pyth feed behind a denom, so
//! staleness and breakers act on the node as on a real chain. Local networks only.

use ballast_types::oracle::PriceSource;
use serde_json::json;

use super::client::{Node, NodeError};
use super::deploy::{mock_feed_msg, unix_seconds, DeployError};
use super::deployment::Deployment;
use super::record::DeploymentRecord;
use super::signer::Signer;
use super::TxOutcome;

/// A price to push.
#[derive(Debug, Clone, PartialEq)]
pub struct PricePush {
    /// Denom whose feed is set.
    pub denom: String,
    /// Price in quote currency per whole token.
    pub price: f64,
    /// Confidence (same unit); 0.1 % of the price when omitted.
    pub conf: Option<f64>,
    /// EMA price; the price when omitted.
    pub ema: Option<f64>,
    /// Publish time offset from the latest block, seconds (negative: older).
    pub age_s: i64,
}

/// Sets the mock feed of `push.denom` on the deployment of `d`.
///
/// Errors, all before anything is sent: not a local network, no record, a denom without a
/// price source, a source that is not the recorded mock Pyth, a price that is not positive.
pub fn set_price(d: &Deployment, push: &PricePush) -> Result<TxOutcome, DeployError> {
    let refuse = |m: String| DeployError::Refused(m);
    if !d.network.local || !d.mock_pyth {
        return Err(refuse(format!(
            "{} is not a local network with the mock Pyth contract: prices there come from real feeds",
            d.chain_id()
        )));
    }
    if !(push.price.is_finite() && push.price > 0.0) {
        return Err(refuse(format!("price {} must be > 0", push.price)));
    }
    let record_path = d.record_path();
    let record = DeploymentRecord::load(&record_path)
        .map_err(DeployError::Record)?
        .ok_or_else(|| {
            refuse(format!(
                "no record at {}: run `ballast deploy` first",
                record_path.display()
            ))
        })?;
    let (Some(oracle), Some(mock)) = (record.address("oracle"), record.address("mock_pyth")) else {
        return Err(refuse(format!(
            "{} has no oracle or mock_pyth",
            record_path.display()
        )));
    };
    let node = Node::new(&d.network.rest, &d.network.rpc);
    let status = node
        .expect_chain(d.chain_id())
        .map_err(|source| DeployError::Node {
            step: "node".into(),
            source,
        })?;
    let source: Result<serde_json::Value, _> =
        node.smart_raw(oracle, &json!({"price_source": {"denom": push.denom}}));
    let source = match source {
        Ok(v) => v,
        Err(NodeError::Query { message, .. }) => {
            return Err(refuse(format!(
                "{} has no price source: {message}",
                push.denom
            )))
        }
        Err(source) => {
            return Err(DeployError::Node {
                step: "price source".into(),
                source,
            })
        }
    };
    let source: PriceSource = serde_json::from_value(source["source"].clone())
        .map_err(|e| refuse(format!("price source of {}: {e}", push.denom)))?;
    let PriceSource::Pyth {
        contract, feed_id, ..
    } = source
    else {
        return Err(refuse(format!(
            "{}'s price source is not a Pyth feed",
            push.denom
        )));
    };
    if contract != mock {
        return Err(refuse(format!(
            "{}'s Pyth contract {contract} is not the local mock {mock}",
            push.denom
        )));
    }
    let mnemonic = d.deployer_mnemonic().map_err(DeployError::Key)?;
    let signer = Signer::from_mnemonic(&mnemonic, d.prefix())
        .map_err(|e| DeployError::Key(e.to_string()))?;
    let now = unix_seconds(&status.time).unwrap_or(0) + push.age_s;
    let msg = mock_feed_msg(&feed_id, push.price, push.conf, push.ema, now);
    let exec = cosmrs::cosmwasm::MsgExecuteContract {
        sender: signer.account_id().clone(),
        contract: mock
            .parse()
            .map_err(|e| refuse(format!("mock_pyth address {mock}: {e}")))?,
        msg: msg.to_string().into_bytes(),
        funds: vec![],
    };
    let any = cosmrs::tx::Msg::to_any(&exec).map_err(|e| DeployError::Node {
        step: "price set".into(),
        source: NodeError::Build(e.to_string()),
    })?;
    node.send(
        &signer,
        &d.fees(),
        vec![any],
        &format!("ballast price set {}", push.denom),
    )
    .map_err(|source| DeployError::Node {
        step: format!("price set {}", push.denom),
        source,
    })
}
