//! The input format: a sequence of at most [`MAX_STEPS`] steps, each `op: u8`, `len: u16` (little
//! endian) and `len` bytes of body (cut at the end of the input). A body is read with [`Reader`],
//! which yields zeros once it runs out, so every byte string is a valid input and a mutation
//! inside one step never shifts the others.
//!
//! `op % 9` selects the step (`scripts/fuzz-corpus.py` writes seeds with the same codes):
//!
//! | op | step | body |
//! |---|---|---|
//! | 0 | [`Step::RawExec`] | text: `sender\nfunds\nJSON` (sender `@name` or any string, funds `100uatom,5uusdc`) |
//! | 1 | [`Step::RawQuery`] | the JSON |
//! | 2 | [`Step::TemplateExec`] | template, mutation count, 3 bytes per mutation, sender, coin count, 2 bytes per coin |
//! | 3 | [`Step::TemplateQuery`] | template, mutation count, 3 bytes per mutation |
//! | 4 | [`Step::Advance`] | duration, extra seconds (u16), leave Pyth stale (≠ 0) |
//! | 5 | [`Step::Pyth`] | price move, confidence, EMA, publish time, exponent |
//! | 6 | [`Step::FailFeed`] | feed |
//! | 7 | [`Step::FixedPrice`] | denom, price |
//! | 8 | [`Step::LiquidateAny`] | which position, repay amount, collateral |

/// Most steps read from one input.
pub const MAX_STEPS: usize = 16;
/// Most mutations of one template.
pub const MAX_MUTATIONS: u8 = 4;

/// Reads bytes, then zeros.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    pub fn u8(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    /// `len` bytes, fewer at the end of the data.
    pub fn bytes(&mut self, len: usize) -> &'a [u8] {
        let start = self.pos.min(self.data.len());
        let end = self.pos.saturating_add(len).min(self.data.len());
        self.pos = self.pos.saturating_add(len);
        &self.data[start..end]
    }

    pub fn rest(&mut self) -> &'a [u8] {
        self.bytes(self.data.len().saturating_sub(self.pos))
    }
}

/// One mutation of a template's JSON: which node (`path`, modulo the number of nodes), what
/// ([`crate::mutate::Kind`], modulo), and a table index (`arg`).
#[derive(Debug, Clone, Copy)]
pub struct Mutation {
    pub path: u8,
    pub kind: u8,
    pub arg: u8,
}

/// One step.
#[derive(Debug, Clone)]
pub enum Step {
    /// Execute raw JSON on the target contract. `sender` is `@name` (an actor of the set-up) or
    /// any other string (a fresh valid address made from it); `funds` is comma-separated
    /// `<amount><denom>` coins, duplicates and zeros allowed. `@name` placeholders in the JSON are
    /// replaced by the actors' addresses.
    RawExec {
        sender: Vec<u8>,
        funds: Vec<u8>,
        msg: Vec<u8>,
    },
    /// Query the target contract with raw JSON.
    RawQuery { msg: Vec<u8> },
    /// Execute a template of the target's schema after some mutations; sender 0 and no coins
    /// mean the template's own sender and funds.
    TemplateExec {
        template: u8,
        mutations: Vec<Mutation>,
        sender: u8,
        coins: Vec<(u8, u8)>,
    },
    /// Query a template after some mutations.
    TemplateQuery {
        template: u8,
        mutations: Vec<Mutation>,
    },
    /// Advance block time; the Pyth feed is republished at its price unless `stale`.
    Advance {
        duration: u8,
        extra: u16,
        stale: bool,
    },
    /// Move the Pyth feed of ATOM.
    Pyth {
        price: u8,
        conf: u8,
        ema: u8,
        publish: u8,
        expo: u8,
    },
    /// Make a Pyth feed fail.
    FailFeed { feed: u8 },
    /// Governance sets a fixed price for a denom.
    FixedPrice { denom: u8, price: u8 },
    /// A liquidator bot: picks a liquidatable position, simulates, liquidates.
    LiquidateAny {
        pick: u8,
        amount: u8,
        collateral: u8,
    },
}

fn mutations(r: &mut Reader) -> Vec<Mutation> {
    let n = r.u8() % (MAX_MUTATIONS + 1);
    (0..n)
        .map(|_| Mutation {
            path: r.u8(),
            kind: r.u8(),
            arg: r.u8(),
        })
        .collect()
}

/// Splits `data` into steps.
pub fn parse(data: &[u8]) -> Vec<Step> {
    let mut input = Reader::new(data);
    let mut steps = vec![];
    while !input.is_empty() && steps.len() < MAX_STEPS {
        let op = input.u8();
        let len = usize::from(input.u16());
        let body = input.bytes(len);
        let mut r = Reader::new(body);
        let step = match op % 9 {
            0 => {
                let mut lines = body.splitn(3, |b| *b == b'\n');
                let sender = lines.next().unwrap_or_default().to_vec();
                let funds = lines.next().unwrap_or_default().to_vec();
                let msg = lines.next().unwrap_or_default().to_vec();
                Step::RawExec { sender, funds, msg }
            }
            1 => Step::RawQuery { msg: body.to_vec() },
            2 => {
                let template = r.u8();
                let mutations = mutations(&mut r);
                let sender = r.u8();
                let n = r.u8() % 4;
                let coins = (0..n).map(|_| (r.u8(), r.u8())).collect();
                Step::TemplateExec {
                    template,
                    mutations,
                    sender,
                    coins,
                }
            }
            3 => {
                let template = r.u8();
                let mutations = mutations(&mut r);
                Step::TemplateQuery {
                    template,
                    mutations,
                }
            }
            4 => Step::Advance {
                duration: r.u8(),
                extra: r.u16(),
                stale: r.u8() != 0,
            },
            5 => Step::Pyth {
                price: r.u8(),
                conf: r.u8(),
                ema: r.u8(),
                publish: r.u8(),
                expo: r.u8(),
            },
            6 => Step::FailFeed { feed: r.u8() },
            7 => Step::FixedPrice {
                denom: r.u8(),
                price: r.u8(),
            },
            _ => Step::LiquidateAny {
                pick: r.u8(),
                amount: r.u8(),
                collateral: r.u8(),
            },
        };
        let _ = r.rest();
        steps.push(step);
    }
    steps
}
