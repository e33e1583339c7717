//! Miniature of a perry "well-known" wrapper crate (node:http). Built as a staticlib
//! without LTO, it bundles its whole dependency graph, perry_runtime's CGU included.

static STATUS_CODES: [(u16, &str); 6] = [
    (200, "OK"),
    (201, "Created"),
    (301, "Moved Permanently"),
    (404, "Not Found"),
    (500, "Internal Server Error"),
    (503, "Service Unavailable"),
];

/// Number of entries in http.STATUS_CODES; checks the runtime ABI through the runtime's
/// extern "C" symbol (a reference from this crate's member to the bundled runtime member).
#[no_mangle]
pub extern "C" fn perry_http_status_codes() -> i32 {
    if perry_runtime::js_runtime_abi_version() == 0 {
        return -1;
    }
    STATUS_CODES.len() as i32
}

#[no_mangle]
pub extern "C" fn perry_http_status_text(code: i32, len: *mut usize) -> *const u8 {
    for (c, text) in STATUS_CODES.iter() {
        if i32::from(*c) == code {
            if !len.is_null() {
                // SAFETY: caller passes a valid pointer or null.
                unsafe { *len = text.len() };
            }
            return text.as_ptr();
        }
    }
    std::ptr::null()
}
