//! perry_stdlib at real scale: `perry_fetch_spawn` registers stdlib's pump as the runtime's
//! wait driver and spawns, on the runtime's tokio, a real HTTP/1.1 exchange between a hyper
//! client and a hyper server over an in-memory duplex pipe (no sockets); the response is
//! checked with regex and serde_json, and completion is queued as a microtask through the
//! runtime's plain Rust functions. Under ThinLTO those calls are imported and name the
//! runtime's statics by their promoted `.llvm.` names.

use std::convert::Infallible;
use std::sync::atomic::{AtomicI32, Ordering};

use hyper::service::service_fn;
use hyper::{Body, Request, Response};
use perry_runtime::event_pump;
use perry_runtime::promise::microtasks;
use perry_runtime::rt;

static FETCH_STATUS: AtomicI32 = AtomicI32::new(0);

/// The wait driver stdlib registers: runs the runtime's microtasks, parks briefly when idle.
extern "C" fn pump() -> i32 {
    let ran = microtasks::run_microtasks();
    if ran == 0 {
        event_pump::park_fallback();
    }
    ran as i32
}

fn ensure_pump_registered() {
    event_pump::register_wait_driver(pump);
}

/// Completes the fetch by calling back into the embedder (runs from the microtask queue).
extern "C" fn fetch_task(callback: usize) {
    // SAFETY: perry_fetch_spawn stores an `extern "C" fn(i32)` here.
    let cb = unsafe { std::mem::transmute::<usize, extern "C" fn(i32)>(callback) };
    cb(FETCH_STATUS.load(Ordering::SeqCst));
}

type Error = Box<dyn std::error::Error + Send + Sync>;

async fn serve(req: Request<Body>) -> Result<Response<Body>, Infallible> {
    let body = format!("{{\"path\":\"{}\",\"status\":200,\"items\":[1,2,3]}}", req.uri().path());
    Ok(Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("static response"))
}

/// One HTTP/1.1 request/response between hyper's client and server over `tokio::io::duplex`.
async fn fetch_once(path: &str) -> Result<i32, Error> {
    let (client_io, server_io) = tokio::io::duplex(64 * 1024);
    tokio::spawn(async move {
        let _ = hyper::server::conn::Http::new()
            .http1_only(true)
            .serve_connection(server_io, service_fn(serve))
            .await;
    });
    let (mut sender, conn) = hyper::client::conn::handshake(client_io).await?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let req = Request::get(format!("http://perry.invalid{path}")).body(Body::empty())?;
    let resp = sender.send_request(req).await?;
    let status = i32::from(resp.status().as_u16());
    let bytes = hyper::body::to_bytes(resp.into_body()).await?;
    let text = std::str::from_utf8(&bytes)?;
    let re = regex::Regex::new(r#""status":(\d+)"#)?;
    let in_body: i32 = re.captures(text).and_then(|c| c[1].parse().ok()).unwrap_or(-1);
    let v: serde_json::Value = serde_json::from_str(text)?;
    let items = v["items"].as_array().map(Vec::len).unwrap_or(0);
    if in_body != status || items != 3 || v["path"] != path {
        return Ok(-2);
    }
    Ok(status)
}

/// Fire-and-forget fetch: the callback runs only when the event loop drives the pump.
#[no_mangle]
pub extern "C" fn perry_fetch_spawn(callback: extern "C" fn(i32)) {
    ensure_pump_registered();
    rt::spawn(async move {
        let status = fetch_once("/fetch").await.unwrap_or(-1);
        FETCH_STATUS.store(status, Ordering::SeqCst);
        microtasks::enqueue(fetch_task, callback as usize);
        event_pump::notify();
    });
}

#[no_mangle]
pub extern "C" fn perry_stdlib_pending_tasks() -> usize {
    microtasks::pending()
}
