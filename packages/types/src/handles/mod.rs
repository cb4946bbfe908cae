//! Typed handles: a contract's address plus the queries and messages it answers, so no contract
//! builds another's JSON by hand.

mod liquidation;
mod oracle;
mod vault;

pub use self::liquidation::LiquidationHandle;
pub use self::oracle::OracleHandle;
pub use self::vault::{Settlement, VaultHandle};
