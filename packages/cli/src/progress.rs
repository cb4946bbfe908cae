//! A progress bar on stderr for long runs (indicatif): elapsed time, position and ETA; the bar
//! takes whatever width the terminal leaves and the line is cut to the terminal, so a narrow
//! terminal never wraps it. Drawn only on a terminal, silent with `-q`.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bar's layout: elapsed, a short bar, position, ETA, then the label, which takes what the
/// terminal leaves and is cut to fit (the fixed part is about 40 columns).
pub const TEMPLATE: &str = "{elapsed:>4} [{bar:12}] {pos}/{len} {prefix} ETA {eta:>3} {wide_msg}";

/// A progress bar.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar for `label` over `total` units of `unit` (`steps`, `paths`); draws nothing when
    /// `quiet` or when stderr is not a terminal.
    pub fn new(label: &str, total: u64, unit: &str, quiet: bool) -> Self {
        let target = if quiet {
            ProgressDrawTarget::hidden()
        } else {
            // Hidden by indicatif itself when stderr is not a terminal; at most 10 redraws a second.
            ProgressDrawTarget::stderr_with_hz(10)
        };
        let bar = ProgressBar::with_draw_target(Some(total), target);
        let style = ProgressStyle::with_template(TEMPLATE)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("#>.");
        bar.set_style(style);
        bar.set_message(label.to_string());
        bar.set_prefix(unit.to_string());
        bar.enable_steady_tick(Duration::from_millis(500));
        Self { bar }
    }

    /// `done` of the total.
    pub fn set(&self, done: u64) {
        self.bar.set_position(done);
    }

    /// `n` more done.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// A clone that updates the same bar (for worker threads).
    pub fn handle(&self) -> ProgressBar {
        self.bar.clone()
    }

    /// Clears the bar, leaving the terminal as it was.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use indicatif::TermLike;

    use super::*;

    /// A terminal `width` columns wide that records every line written.
    #[derive(Debug, Clone)]
    struct Narrow {
        width: u16,
        written: Arc<Mutex<Vec<String>>>,
    }

    impl TermLike for Narrow {
        fn width(&self) -> u16 {
            self.width
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.written.lock().unwrap().push(s.to_string());
            Ok(())
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.write_line(s)
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_long_label_is_cut_to_a_narrow_terminal_and_eta_is_shown() {
        let term = Narrow {
            width: 60,
            written: Arc::default(),
        };
        let bar = ProgressBar::with_draw_target(
            Some(600),
            ProgressDrawTarget::term_like(Box::new(term.clone())),
        );
        bar.set_style(ProgressStyle::with_template(TEMPLATE).unwrap());
        bar.set_message("a scenario with a very long name (and its parameter set label)");
        bar.set_prefix("steps");
        bar.set_position(300);
        bar.tick();
        let written = term.written.lock().unwrap().clone();
        let lines: Vec<&String> = written.iter().filter(|l| l.contains("300/600")).collect();
        assert!(!lines.is_empty(), "the bar was drawn: {written:?}");
        for line in lines {
            assert!(line.contains("ETA"), "{line:?}");
            assert!(line.contains("a scenario w"), "{line:?}");
            assert!(
                console_width(line) <= 60,
                "{line:?} is wider than the 60-column terminal"
            );
        }
    }

    fn console_width(s: &str) -> usize {
        s.chars().count()
    }
}
