//! Miniature of perry's runtime crate: process-global mutable state (an event-pump
//! wait-driver slot, a condvar fallback, a microtask queue, an exception slot) behind
//! `#[no_mangle] extern "C"` entry points.
//!
//! The small plain `pub fn`s below touch the private statics on purpose and carry no
//! `#[inline(never)]`: ThinLTO in perry_stdlib imports them into stdlib's own module,
//! which forces the statics (and the functions it does not import) to be promoted to
//! hidden `….llvm.<digits>` names that only stdlib's bundled runtime copy defines.

pub mod event_pump {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    /// What the embedder's event loop calls to drive pending async work.
    pub type Driver = extern "C" fn() -> i32;

    /// Address of the registered wait driver; 0 = none registered.
    static WAIT_DRIVER: AtomicUsize = AtomicUsize::new(0);
    /// Milliseconds the condvar fallback parks for.
    static WAIT_DRIVER_SLEEP: AtomicUsize = AtomicUsize::new(20);
    static NOTIFIED: AtomicBool = AtomicBool::new(false);
    static PARK: Mutex<()> = Mutex::new(());
    static PARK_CV: Condvar = Condvar::new();

    pub fn register_wait_driver(driver: Driver) {
        WAIT_DRIVER.store(driver as usize, Ordering::SeqCst);
    }

    pub fn wait_driver() -> Option<Driver> {
        match WAIT_DRIVER.load(Ordering::SeqCst) {
            0 => None,
            // SAFETY: only register_wait_driver stores non-zero values, all of them `Driver`s.
            p => Some(unsafe { std::mem::transmute::<usize, Driver>(p) }),
        }
    }

    pub fn set_fallback_sleep_ms(ms: usize) {
        WAIT_DRIVER_SLEEP.store(ms, Ordering::SeqCst);
    }

    pub fn notify() {
        NOTIFIED.store(true, Ordering::SeqCst);
        PARK_CV.notify_all();
    }

    /// The branch taken when no wait driver is registered: park on the condvar.
    pub fn park_fallback() -> bool {
        let ms = WAIT_DRIVER_SLEEP.load(Ordering::SeqCst) as u64;
        let guard = PARK.lock().unwrap_or_else(|e| e.into_inner());
        let _ = PARK_CV
            .wait_timeout_while(guard, Duration::from_millis(ms), |_| !NOTIFIED.load(Ordering::SeqCst))
            .unwrap_or_else(|e| e.into_inner());
        NOTIFIED.swap(false, Ordering::SeqCst)
    }
}

pub mod promise {
    pub mod microtasks {
        //! A small lock-free ring of (task, arg) pairs. Kept tiny on purpose so that
        //! ThinLTO imports `enqueue` into its callers in other crates.
        use std::sync::atomic::{AtomicUsize, Ordering};

        pub type Task = extern "C" fn(usize);

        const CAP: usize = 64;
        static TASKS: [AtomicUsize; CAP] = [const { AtomicUsize::new(0) }; CAP];
        static ARGS: [AtomicUsize; CAP] = [const { AtomicUsize::new(0) }; CAP];
        static HEAD: AtomicUsize = AtomicUsize::new(0);
        static TAIL: AtomicUsize = AtomicUsize::new(0);

        pub fn enqueue(task: Task, arg: usize) {
            let i = TAIL.fetch_add(1, Ordering::SeqCst) % CAP;
            ARGS[i].store(arg, Ordering::SeqCst);
            TASKS[i].store(task as usize, Ordering::SeqCst);
        }

        pub fn pending() -> usize {
            TAIL.load(Ordering::SeqCst) - HEAD.load(Ordering::SeqCst)
        }

        pub fn run_microtasks() -> usize {
            let mut ran = 0;
            while HEAD.load(Ordering::SeqCst) < TAIL.load(Ordering::SeqCst) {
                let i = HEAD.fetch_add(1, Ordering::SeqCst) % CAP;
                let task = TASKS[i].swap(0, Ordering::SeqCst);
                if task != 0 {
                    // SAFETY: only `enqueue` stores non-zero values, all of them `Task`s.
                    let task = unsafe { std::mem::transmute::<usize, Task>(task) };
                    task(ARGS[i].load(Ordering::SeqCst));
                    ran += 1;
                }
            }
            ran
        }
    }
}

pub mod exception {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static EXCEPTION_STATE: AtomicUsize = AtomicUsize::new(0);

    pub fn set(code: usize) {
        EXCEPTION_STATE.store(code, Ordering::SeqCst);
    }

    pub fn take() -> usize {
        EXCEPTION_STATE.swap(0, Ordering::SeqCst)
    }
}

/// Bumped by the "foreign" feature so that variant is visibly a different build.
#[cfg(not(feature = "foreign"))]
const ABI: u32 = 1;
#[cfg(feature = "foreign")]
const ABI: u32 = 2;

#[no_mangle]
pub extern "C" fn js_runtime_abi_version() -> u32 {
    ABI
}

#[no_mangle]
pub extern "C" fn js_register_wait_driver(driver: event_pump::Driver) {
    event_pump::register_wait_driver(driver);
}

#[no_mangle]
pub extern "C" fn js_notify() {
    event_pump::notify();
}

#[no_mangle]
pub extern "C" fn js_queue_microtask(task: promise::microtasks::Task, arg: usize) {
    promise::microtasks::enqueue(task, arg);
    event_pump::notify();
}

#[no_mangle]
pub extern "C" fn js_promise_run_microtasks() -> usize {
    promise::microtasks::run_microtasks()
}

/// One turn of the event loop: drive the registered wait driver, or (none registered)
/// park on the condvar fallback and run whatever microtasks this copy has queued.
#[no_mangle]
pub extern "C" fn js_wait_for_event() -> i32 {
    match event_pump::wait_driver() {
        Some(driver) => driver(),
        None => {
            event_pump::park_fallback();
            js_promise_run_microtasks() as i32
        }
    }
}

#[no_mangle]
pub extern "C" fn js_atomics_exchange(cell: *mut i64, value: i64) -> i64 {
    if cell.is_null() {
        exception::set(1);
        return 0;
    }
    // SAFETY: the caller passes a valid, aligned cell.
    unsafe { std::ptr::replace(cell, value) }
}

#[no_mangle]
pub extern "C" fn js_exception_take() -> usize {
    exception::take()
}
