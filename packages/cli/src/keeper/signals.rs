//! SIGINT and SIGTERM ask the keeper to stop (after the transaction in flight); SIGUSR1 asks it
//! to print its counters. The handlers only set flags (an atomic store is async-signal-safe);
//! the keeper's loop and its chain read them.

use std::sync::atomic::{AtomicBool, Ordering};

static STOP: AtomicBool = AtomicBool::new(false);
static REPORT: AtomicBool = AtomicBool::new(false);

extern "C" fn on_stop(_signal: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

extern "C" fn on_report(_signal: libc::c_int) {
    REPORT.store(true, Ordering::SeqCst);
}

/// Installs the handlers of SIGINT, SIGTERM and SIGUSR1.
pub fn install() {
    let stop = on_stop as extern "C" fn(libc::c_int) as libc::sighandler_t;
    let report = on_report as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: `signal` with handlers that only store to atomics.
    unsafe {
        libc::signal(libc::SIGINT, stop);
        libc::signal(libc::SIGTERM, stop);
        libc::signal(libc::SIGUSR1, report);
    }
}

/// Whether a stop was asked for.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Whether counters were asked for since the last call.
pub fn take_report() -> bool {
    REPORT.swap(false, Ordering::SeqCst)
}
