//! A progress bar on stderr for long runs: drawn only on a terminal, at most 100 redraws a run,
//! silent with `-q`.

use std::io::{IsTerminal, Write};

/// A progress bar.
pub struct Progress {
    enabled: bool,
    label: String,
    last: u32,
}

impl Progress {
    /// A bar for `label`; draws nothing when `quiet` or when stderr is not a terminal.
    pub fn new(label: &str, quiet: bool) -> Self {
        Self {
            enabled: !quiet && std::io::stderr().is_terminal(),
            label: label.to_string(),
            last: u32::MAX,
        }
    }

    /// Step `done` of `total`.
    pub fn update(&mut self, done: u32, total: u32) {
        if !self.enabled || total == 0 {
            return;
        }
        let percent = (u64::from(done) * 100 / u64::from(total)) as u32;
        if percent == self.last {
            return;
        }
        self.last = percent;
        let width = 40usize;
        let filled = (percent as usize * width) / 100;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{} [{}{}] {done}/{total} steps {percent:3}%",
            self.label,
            "#".repeat(filled),
            ".".repeat(width - filled)
        );
        if done >= total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}
