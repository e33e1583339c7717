//! node:fs — async file system calls run on the runtime's tokio.

/// 1 when the NUL-terminated path exists, 0 when not, -1 on bad input.
#[no_mangle]
pub extern "C" fn perry_fs_exists(path: *const u8) -> i32 {
    let Some(p) = perry_runtime::json::c_str(path) else {
        return -1;
    };
    let p = p.to_owned();
    i32::from(perry_runtime::rt::block_on(async move { tokio::fs::metadata(p).await.is_ok() }))
}

/// Number of entries of a directory, -1 on error.
#[no_mangle]
pub extern "C" fn perry_fs_readdir_count(path: *const u8) -> i32 {
    let Some(p) = perry_runtime::json::c_str(path) else {
        return -1;
    };
    let p = p.to_owned();
    perry_runtime::rt::block_on(async move {
        let mut n = 0;
        let Ok(mut rd) = tokio::fs::read_dir(p).await else {
            return -1;
        };
        while let Ok(Some(_)) = rd.next_entry().await {
            n += 1;
        }
        n
    })
}
