//! Typed handles: a contract's address plus the queries and messages it answers, so no contract
//! builds another's JSON by hand.

mod oracle;

pub use self::oracle::OracleHandle;
