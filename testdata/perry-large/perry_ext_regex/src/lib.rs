//! RegExp on the regex crate.

/// 1 when `pattern` matches `text` (both NUL-terminated), 0 when not, -1 on a bad pattern.
#[no_mangle]
pub extern "C" fn perry_regex_is_match(pattern: *const u8, text: *const u8) -> i32 {
    let (Some(p), Some(t)) = (perry_runtime::json::c_str(pattern), perry_runtime::json::c_str(text)) else {
        return -1;
    };
    match regex::Regex::new(p) {
        Ok(re) => i32::from(re.is_match(t)),
        Err(_) => {
            perry_runtime::js_exception_set(2);
            -1
        }
    }
}
