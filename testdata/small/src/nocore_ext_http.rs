//! `#![no_core]` miniature of a perry wrapper staticlib: bundles perry_runtime's object.
#![feature(no_core)]
#![no_core]

extern crate perry_runtime;

#[no_mangle]
pub extern "C" fn perry_http_status_codes() -> u32 {
    perry_runtime::js_wait_for_event()
}
