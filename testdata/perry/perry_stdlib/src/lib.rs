//! Miniature of perry_stdlib: its "async bridge" spawns work by registering a wait
//! driver and queueing a microtask through perry_runtime's plain Rust functions (not its
//! extern "C" symbols). Under ThinLTO those calls are imported and end up naming the
//! runtime's internals by their promoted `.llvm.` names.

use perry_runtime::event_pump;
use perry_runtime::promise::microtasks;

/// The wait driver stdlib registers: runs the runtime's microtasks, parks briefly when idle.
extern "C" fn pump() -> i32 {
    let ran = microtasks::run_microtasks();
    if ran == 0 {
        event_pump::park_fallback();
    }
    ran as i32
}

fn ensure_pump_registered() {
    event_pump::register_wait_driver(pump);
}

/// The spawned "fetch": completes with status 200 by calling back into the embedder.
extern "C" fn fetch_task(callback: usize) {
    // SAFETY: perry_fetch_spawn stores an `extern "C" fn(i32)` here.
    let cb = unsafe { std::mem::transmute::<usize, extern "C" fn(i32)>(callback) };
    cb(200);
}

/// Fire-and-forget fetch: the callback runs only when the event loop drives the pump.
#[no_mangle]
pub extern "C" fn perry_fetch_spawn(callback: extern "C" fn(i32)) {
    ensure_pump_registered();
    microtasks::enqueue(fetch_task, callback as usize);
    event_pump::notify();
}

#[no_mangle]
pub extern "C" fn perry_stdlib_pending_tasks() -> usize {
    microtasks::pending()
}
