//! node:events — an emitter whose listeners run as the runtime's microtasks.

use std::sync::atomic::{AtomicUsize, Ordering};

static EMITTED: AtomicUsize = AtomicUsize::new(0);

extern "C" fn listener(n: usize) {
    EMITTED.fetch_add(n, Ordering::SeqCst);
}

/// Queues `n` listener calls on the runtime's microtask queue and runs the queue; how many
/// listener calls have run so far.
#[no_mangle]
pub extern "C" fn perry_events_emit(n: usize) -> usize {
    perry_runtime::js_queue_microtask(listener, n);
    perry_runtime::js_promise_run_microtasks();
    EMITTED.load(Ordering::SeqCst)
}
