//! A Rust program that links perry's staticlibs: its own std against the std they bundle.
use std::sync::atomic::{AtomicI32, Ordering};

extern "C" {
    fn perry_fetch_spawn(callback: extern "C" fn(i32));
    fn perry_http_status_codes() -> i32;
    fn js_wait_for_event() -> i32;
}

static STATUS: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_fetch(status: i32) {
    STATUS.store(status, Ordering::SeqCst);
}

fn main() {
    let keys = unsafe { perry_http_status_codes() };
    println!("http keys: {keys}");
    unsafe { perry_fetch_spawn(on_fetch) };
    for tick in 1..=5 {
        if STATUS.load(Ordering::SeqCst) != 0 {
            break;
        }
        unsafe { js_wait_for_event() };
        println!("tick {tick}");
    }
    let status = STATUS.load(Ordering::SeqCst);
    if status != 0 {
        println!("FETCH DONE {status}\nPASS");
    } else {
        println!("FAIL: fetch starved");
        std::process::exit(1);
    }
}
