//! node:timers — sleeps on the runtime's tokio timer.

use std::time::{Duration, Instant};

/// Sleeps `ms` milliseconds on the runtime; the milliseconds that actually passed.
#[no_mangle]
pub extern "C" fn perry_timers_sleep(ms: u32) -> u64 {
    let start = Instant::now();
    // The timer is created inside the runtime's context (block_on), not before it.
    perry_runtime::rt::block_on(async move { tokio::time::sleep(Duration::from_millis(u64::from(ms))).await });
    start.elapsed().as_millis() as u64
}

/// Spawns a timer task on the runtime that notifies the event loop when it fires.
#[no_mangle]
pub extern "C" fn perry_timers_set_timeout(ms: u32) {
    perry_runtime::rt::spawn(async move {
        tokio::time::sleep(Duration::from_millis(u64::from(ms))).await;
        perry_runtime::event_pump::notify();
    });
}
