//! A real HTTP server on 127.0.0.1 for the integration tests: records every request and answers with a reply
//! chosen by the test from the request and its sequence number.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tencentcloud_core::sign::{self, VerifyRequest};

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub path: String,
    pub query: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Checks the request's signature the way the sandbox does, accepting only `secret_id` with `secret_key`.
    pub fn verify(&self, secret_id: &str, secret_key: &str) -> Result<sign::Verified, sign::VerifyError> {
        sign::verify(
            &VerifyRequest {
                method: self.method.as_str(),
                query: &self.query,
                authorization: self.header("authorization").unwrap_or(""),
                timestamp: self.header("x-tc-timestamp").unwrap_or(""),
                payload: &self.body,
                now: unix_now(),
                header: |name: &str| self.header(name),
            },
            |id: &str| (id == secret_id).then_some(secret_key),
        )
    }
}

/// The civil date of a day count, independently of the library (a plain walk from 1970).
pub fn civil(mut days: i64) -> (i64, i64, i64) {
    let mut year = 1970;
    loop {
        let len = if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 { 366 } else { 365 };
        if days < len {
            break;
        }
        days -= len;
        year += 1;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let months = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut month = 0;
    while days >= months[month] {
        days -= months[month];
        month += 1;
    }
    (year, month as i64 + 1, days + 1)
}

/// An HTTP `Date` header value (IMF-fixdate) for a Unix time.
pub fn http_date(unix: i64) -> String {
    let (y, m, d) = civil(unix.div_euclid(86_400));
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][unix.div_euclid(86_400).rem_euclid(7) as usize];
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m as usize - 1];
    let secs = unix.rem_euclid(86_400);
    format!("{weekday}, {d:02} {month} {y} {:02}:{:02}:{:02} GMT", secs / 3600, secs / 60 % 60, secs % 60)
}

pub fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// Two actions of a `ccc` stand-in: a paced, region-bound read and a write.
pub mod actions {
    use serde::{Deserialize, Serialize};
    use tencentcloud_core::{Action, ActionInfo, ServiceInfo};

    static CCC: ServiceInfo = ServiceInfo { name: "ccc", version: "2020-02-10", domain: "ccc.tencentcloudapi.com" };
    static DESCRIBE_INFO: ActionInfo = ActionInfo {
        service: &CCC,
        name: "DescribeAutoCalloutTask",
        rate_limit_per_second: Some(20),
        region_required: true,
        read_only: true,
    };
    static CREATE_INFO: ActionInfo = ActionInfo {
        service: &CCC,
        name: "CreateAutoCalloutTask",
        rate_limit_per_second: None,
        region_required: false,
        read_only: false,
    };

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Describe {
        pub sdk_app_id: u64,
        pub task_id: u64,
    }

    /// Every member defaults, so any `{"RequestId": ...}` response decodes.
    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(rename_all = "PascalCase", default)]
    pub struct Output {
        pub name: String,
        pub request_id: String,
    }

    impl Action for Describe {
        type Output = Output;
        const INFO: &'static ActionInfo = &DESCRIBE_INFO;
    }

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Create {
        pub name: String,
    }

    impl Action for Create {
        type Output = Output;
        const INFO: &'static ActionInfo = &CREATE_INFO;
    }

    static CII: ServiceInfo = ServiceInfo { name: "cii", version: "2021-04-08", domain: "cii.tencentcloudapi.com" };
    /// cii's UploadMedicalFile, an action the official SDKs send as multipart/form-data.
    pub static UPLOAD_MEDICAL_FILE: ActionInfo = ActionInfo {
        service: &CII,
        name: "UploadMedicalFile",
        rate_limit_per_second: None,
        region_required: false,
        read_only: false,
    };

    /// An UploadMedicalFile request of any members, in the order given (or any JSON at all).
    #[derive(Serialize)]
    #[serde(transparent)]
    pub struct Upload(pub serde_json::Value);

    impl Action for Upload {
        type Output = serde_json::Value;
        const INFO: &'static ActionInfo = &UPLOAD_MEDICAL_FILE;
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub enum Reply {
    Json(u16, String),
    Raw {
        status: u16,
        content_type: &'static str,
        body: String,
    },
    /// A JSON body with extra response headers.
    JsonWithHeaders(u16, Vec<(&'static str, String)>, String),
    /// Never answers, to exercise timeouts.
    Hang,
}

impl Reply {
    /// `{"Response": <inner>}` with HTTP 200.
    pub fn response(inner: serde_json::Value) -> Reply {
        Reply::Json(200, serde_json::json!({ "Response": inner }).to_string())
    }

    pub fn service_error(code: &str, message: &str, request_id: &str) -> Reply {
        Reply::response(serde_json::json!({
            "Error": { "Code": code, "Message": message },
            "RequestId": request_id,
        }))
    }
}

type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

pub struct TestServer {
    pub url: String,
    requests: Arc<Mutex<Vec<Seen>>>,
}

impl TestServer {
    /// Starts a server whose answer to the `n`th request (from 0) is `handler(request, n)`.
    pub async fn start(handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> TestServer {
        let requests: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let seen_by_server = requests.clone();
        let app = axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let (requests, handler) = (seen_by_server.clone(), handler.clone());
            async move {
                let seen = Seen {
                    method,
                    path: uri.path().to_owned(),
                    query: uri.query().unwrap_or_default().to_owned(),
                    headers,
                    body: body.to_vec(),
                };
                let n = {
                    let mut all = requests.lock().unwrap();
                    all.push(seen.clone());
                    all.len() - 1
                };
                match handler(&seen, n) {
                    Reply::Json(status, body) => respond(status, "application/json", body),
                    Reply::Raw { status, content_type, body } => respond(status, content_type, body),
                    Reply::JsonWithHeaders(status, headers, body) => {
                        let mut response = respond(status, "application/json", body);
                        for (name, value) in headers {
                            response.headers_mut().insert(name, value.parse().unwrap());
                        }
                        response
                    }
                    Reply::Hang => std::future::pending().await,
                }
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestServer { url, requests }
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.requests.lock().unwrap().clone()
    }
}

fn respond(status: u16, content_type: &'static str, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap();
    (status, [("content-type", content_type)], body).into_response()
}

/// Reads one HTTP/1.1 request (head and a Content-Length body) from `socket`; false if it closed first.
async fn read_request(socket: &mut tokio::net::TcpStream) -> bool {
    use tokio::io::AsyncReadExt;
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let Ok(n) = socket.read(&mut buf).await else { return false };
        if n == 0 {
            return false;
        }
        seen.extend_from_slice(&buf[..n]);
        let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        if seen.len() >= end + 4 + length {
            return true;
        }
    }
}

/// A listener on another loopback address (127.0.0.2) standing in for the host a redirect points to. It counts
/// the connections it accepts and answers each request with `reply` (a JSON body) and closes.
pub struct Trap {
    pub addr: std::net::SocketAddr,
    connections: Arc<std::sync::atomic::AtomicUsize>,
}

impl Trap {
    pub async fn start(reply: &'static str) -> Trap {
        use tokio::io::AsyncWriteExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.2:0").await.expect("127.0.0.2 is loopback on Linux");
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = connections.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                tokio::spawn(async move {
                    if read_request(&mut socket).await {
                        let response = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}",
                            reply.len()
                        );
                        let _ = socket.write_all(response.as_bytes()).await;
                    }
                });
            }
        });
        Trap { addr, connections }
    }

    pub fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A server on 127.0.0.1 that answers every request with HTTP 200 and a chunked JSON-looking body that never ends,
/// until the client drops the connection, which it records.
pub struct Endless {
    pub url: String,
    requests: Arc<std::sync::atomic::AtomicUsize>,
    dropped: Arc<tokio::sync::Notify>,
}

impl Endless {
    pub async fn start() -> Endless {
        use tokio::io::AsyncWriteExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let dropped = Arc::new(tokio::sync::Notify::new());
        let (counted, notify) = (requests.clone(), dropped.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (counted, notify) = (counted.clone(), notify.clone());
                tokio::spawn(async move {
                    if !read_request(&mut socket).await {
                        return;
                    }
                    counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let head =
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                    let mut out = head.as_bytes().to_vec();
                    out.extend_from_slice(b"1b\r\n{\"Response\":{\"Name\":\"aaaaaa\r\n");
                    // 1 MiB chunks: a cap of 64 MiB is reached in 64 writes, well inside the 5 s a metadata
                    // client has, even unoptimised on a loaded machine.
                    let chunk = format!("100000\r\n{}\r\n", "a".repeat(0x10_0000));
                    loop {
                        if socket.write_all(&out).await.is_err() {
                            notify.notify_one();
                            return;
                        }
                        out = chunk.clone().into_bytes();
                    }
                });
            }
        });
        Endless { url, requests, dropped }
    }

    pub fn requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Waits until the client has dropped a connection mid-body.
    pub async fn dropped(&self) {
        self.dropped.notified().await
    }
}

/// A listener whose accept queue is full and never drained: the kernel drops further SYNs, so connecting hangs.
/// Keep the returned sockets alive for as long as the address should stay unanswered.
pub fn listener_that_never_answers() -> ((tokio::net::TcpListener, Vec<std::net::TcpStream>), String) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = socket.local_addr().unwrap();
    let listener = socket.listen(1).unwrap();
    let mut fillers = Vec::new();
    // Connect until one attempt hangs: from then on the queue is full. A hang is confirmed by a second, longer
    // attempt, so a connect that was merely slow on a loaded machine does not end the filling early.
    let connect = |millis| std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_millis(millis));
    while let Ok(stream) = connect(200).or_else(|_| connect(1000)) {
        fillers.push(stream);
        assert!(fillers.len() < 64, "the accept queue never filled");
    }
    ((listener, fillers), format!("http://{addr}"))
}

/// Collects what a tracing fmt subscriber writes, for tests that grep the log.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    pub fn bytes(&self) -> Vec<u8> {
        self.0.lock().unwrap().clone()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
