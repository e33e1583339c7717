//! JSON.stringify / JSON.parse helpers on serde_json, counting parses in the runtime.
//!
//! Feature `lto-gap` (turned on by build.sh's `foreign` variant): the wrapper serializes through
//! the runtime's Rust function `perry_runtime::json::stringify`, which perry_stdlib's ThinLTO copy
//! of the runtime does not define (stdlib never calls it, LTO drops it). Rule 2 must then keep
//! this wrapper's runtime copy.

/// Re-serializes a NUL-terminated JSON text compactly; its length, or -1 when it does not parse.
#[no_mangle]
pub extern "C" fn perry_json_stringify_len(text: *const u8) -> i32 {
    if perry_runtime::js_json_parse_len(text) < 0 {
        return -1;
    }
    let Some(s) = perry_runtime::json::c_str(text) else {
        return -1;
    };
    let v = serde_json::from_str::<serde_json::Value>(s).ok();
    #[cfg(feature = "lto-gap")]
    let out = v.and_then(|v| perry_runtime::json::stringify(&v));
    #[cfg(not(feature = "lto-gap"))]
    let out = v.and_then(|v| serde_json::to_string(&v).ok());
    out.map(|s| s.len() as i32).unwrap_or(-1)
}

/// Number of JSON texts the runtime has parsed so far.
#[no_mangle]
pub extern "C" fn perry_json_parsed() -> usize {
    perry_runtime::js_json_parsed()
}
