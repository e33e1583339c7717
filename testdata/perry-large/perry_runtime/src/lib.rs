//! perry's runtime at real scale: process-global state (an event-pump wait-driver slot, a
//! condvar fallback, a lock-free microtask ring, an exception slot, the tokio runtime, a JSON
//! parse counter) behind `#[no_mangle] extern "C"` entry points, on tokio and serde_json.
//!
//! As in testdata/perry: the small plain `pub fn`s that touch the private statics carry no
//! `#[inline(never)]`, so ThinLTO in perry_stdlib imports them and promotes the statics to
//! hidden `….llvm.<digits>` names that only stdlib's bundled copy defines.

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
        //! A small lock-free ring of (task, arg) pairs, small enough for ThinLTO to import
        //! `enqueue` and `run_microtasks` into their callers in other crates.
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

/// The process's tokio runtime: one per runtime copy, created on first use.
pub mod rt {
    use std::future::Future;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::OnceLock;

    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    static SPAWNED: AtomicUsize = AtomicUsize::new(0);

    pub fn runtime() -> &'static tokio::runtime::Runtime {
        RUNTIME.get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("perry-rt")
                .enable_all()
                .build()
                .expect("perry runtime: cannot start tokio")
        })
    }

    /// Runs `fut` on the runtime's worker: fire and forget.
    pub fn spawn<F>(fut: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        SPAWNED.fetch_add(1, Ordering::SeqCst);
        drop(runtime().spawn(fut));
    }

    /// Runs `fut` to completion on the calling thread (not from inside the runtime).
    pub fn block_on<F: Future>(fut: F) -> F::Output {
        runtime().block_on(fut)
    }

    pub fn spawned() -> usize {
        SPAWNED.load(Ordering::SeqCst)
    }
}

/// JSON values crossing the FFI boundary: parse, count, remember how many were parsed.
pub mod json {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static PARSED: AtomicUsize = AtomicUsize::new(0);

    pub fn parse(text: &str) -> Option<serde_json::Value> {
        let v = serde_json::from_str(text).ok()?;
        PARSED.fetch_add(1, Ordering::SeqCst);
        Some(v)
    }

    pub fn parsed() -> usize {
        PARSED.load(Ordering::SeqCst)
    }

    static STRINGIFIED: AtomicUsize = AtomicUsize::new(0);

    /// Compact JSON text of `v`. Nothing in the runtime or in perry_stdlib calls this: stdlib's
    /// ThinLTO copy of the runtime drops it, so a wrapper calling it (perry_ext_json with
    /// feature `lto-gap`) needs a runtime copy that stdlib does not provide.
    pub fn stringify(v: &serde_json::Value) -> Option<String> {
        let s = serde_json::to_string(v).ok()?;
        STRINGIFIED.fetch_add(1, Ordering::SeqCst);
        Some(s)
    }

    /// `ptr` points at a NUL-terminated UTF-8 string (or is null). `#[inline]`: the wrappers
    /// inline it rather than call into the runtime for it.
    #[inline]
    pub fn c_str<'a>(ptr: *const u8) -> Option<&'a str> {
        if ptr.is_null() {
            return None;
        }
        // SAFETY: the caller passes a NUL-terminated string.
        unsafe { std::ffi::CStr::from_ptr(ptr.cast()) }.to_str().ok()
    }
}

const ABI: u32 = 1;

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

#[no_mangle]
pub extern "C" fn js_exception_set(code: usize) {
    exception::set(code);
}

/// Parses a NUL-terminated JSON text; the number of members of a top-level object or array,
/// 0 for a scalar, -1 when it does not parse.
#[no_mangle]
pub extern "C" fn js_json_parse_len(text: *const u8) -> i32 {
    match json::c_str(text).and_then(json::parse) {
        Some(serde_json::Value::Object(m)) => m.len() as i32,
        Some(serde_json::Value::Array(a)) => a.len() as i32,
        Some(_) => 0,
        None => -1,
    }
}

/// JSON texts this copy has parsed so far.
#[no_mangle]
pub extern "C" fn js_json_parsed() -> usize {
    json::parsed()
}

/// Tasks spawned on this copy's tokio runtime so far.
#[no_mangle]
pub extern "C" fn js_runtime_spawned() -> usize {
    rt::spawned()
}
