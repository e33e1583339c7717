//! `#![no_core]` miniature of perry_runtime: the lang items, a static, extern "C" entry points.
#![feature(no_core, lang_items, auto_traits)]
#![allow(internal_features)]
#![no_core]

#[lang = "pointee_sized"]
pub trait PointeeSized {}
#[lang = "meta_sized"]
pub trait MetaSized: PointeeSized {}
#[lang = "sized"]
pub trait Sized: MetaSized {}
#[lang = "copy"]
pub trait Copy {}
#[lang = "sync"]
pub unsafe trait Sync {}
#[lang = "freeze"]
pub unsafe auto trait Freeze {}
#[lang = "drop_glue"]
pub unsafe fn drop_in_place<T: PointeeSized>(_: *mut T) {}

impl Copy for u32 {}
unsafe impl Sync for u32 {}

#[no_mangle]
pub static PERRY_RUNTIME_ABI: u32 = 1;

#[no_mangle]
pub extern "C" fn js_wait_for_event() -> u32 {
    PERRY_RUNTIME_ABI
}

#[no_mangle]
pub extern "C" fn js_promise_run_microtasks(n: u32) -> u32 {
    n
}
