//! node:http — status codes and header validation through hyper's `http` types.

#[no_mangle]
pub extern "C" fn perry_http_status_codes() -> i32 {
    if perry_runtime::js_runtime_abi_version() == 0 {
        return -1;
    }
    (100u16..600).filter(|c| hyper::StatusCode::from_u16(*c).ok().and_then(|s| s.canonical_reason()).is_some()).count() as i32
}

/// 1 when `name: value` (NUL-terminated) is a valid header, 0 when not, -1 on bad input.
#[no_mangle]
pub extern "C" fn perry_http_valid_header(name: *const u8, value: *const u8) -> i32 {
    let (Some(n), Some(v)) = (perry_runtime::json::c_str(name), perry_runtime::json::c_str(value)) else {
        return -1;
    };
    let ok = hyper::header::HeaderName::from_bytes(n.as_bytes()).is_ok()
        && hyper::header::HeaderValue::from_str(v).is_ok();
    i32::from(ok)
}
