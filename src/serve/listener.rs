//! Accepting connections on the open internet: a cap on open connections in all and per
//! peer address (trusted proxies may use the whole cap), a deadline for each request's
//! head (hyper's; it also bounds how long a kept-alive connection waits for its next
//! request), a deadline for each answer to be read ([`super::deadline_io`]: a client that
//! pipelines requests and never reads is closed), and a graceful stop. Over the caps a connection is closed at once, counted,
//! and logged once a minute per address. Body and handler deadlines are layers
//! ([`body_deadline`], [`handler_deadline`]).

use super::metrics::Metrics;
use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// The limits `[serve]` sets.
#[derive(Clone, Debug)]
pub struct Limits {
    pub head: Duration,
    /// How long an answer may wait for the client to read it.
    pub write: Duration,
    pub max: usize,
    pub per_peer: usize,
    /// Addresses allowed `max` connections (trusted proxies carry everyone's).
    pub trusted: Vec<IpAddr>,
}

impl Limits {
    pub fn from_config(c: &crate::config::ServeConfig) -> Limits {
        Limits {
            head: Duration::from_secs(c.head_timeout),
            write: Duration::from_secs(c.write_timeout),
            max: c.max_connections,
            per_peer: c.max_connections_per_peer,
            trusted: c
                .trusted_proxies
                .iter()
                .filter_map(|p| p.parse().ok())
                .collect(),
        }
    }
}

/// Open connections, in all and by address.
#[derive(Default)]
struct Open {
    total: AtomicUsize,
    by_peer: Mutex<HashMap<IpAddr, usize>>,
    /// When a refusal was last logged, by address.
    logged: Mutex<HashMap<IpAddr, Instant>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// One open connection; let go when dropped.
struct Slot {
    open: Arc<Open>,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.open.total.fetch_sub(1, Ordering::SeqCst);
        let mut m = lock(&self.open.by_peer);
        if let Some(n) = m.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                m.remove(&self.ip);
            }
        }
    }
}

impl Open {
    /// A slot for a connection from `ip`, or why there is none.
    fn take(self: &Arc<Self>, ip: IpAddr, limits: &Limits) -> Result<Slot, &'static str> {
        if self.total.load(Ordering::SeqCst) >= limits.max {
            return Err("max_connections");
        }
        let cap = if limits.trusted.contains(&ip) {
            limits.max
        } else {
            limits.per_peer
        };
        let mut m = lock(&self.by_peer);
        let n = m.entry(ip).or_insert(0);
        if *n >= cap {
            return Err("max_connections_per_peer");
        }
        *n += 1;
        self.total.fetch_add(1, Ordering::SeqCst);
        Ok(Slot {
            open: self.clone(),
            ip,
        })
    }

    /// Logs a refusal, at most once a minute per address.
    pub fn log_refusal(&self, ip: IpAddr, reason: &str, limits: &Limits) {
        let now = Instant::now();
        let mut logged = lock(&self.logged);
        if logged
            .get(&ip)
            .is_some_and(|t| now.duration_since(*t) < Duration::from_secs(60))
        {
            return;
        }
        logged.insert(ip, now);
        if logged.len() > 10_000 {
            logged.retain(|_, t| now.duration_since(*t) < Duration::from_secs(60));
        }
        let open = lock(&self.by_peer).get(&ip).copied().unwrap_or(0);
        tracing::warn!(
            "refusing connections from {ip}: {reason} ({open} open from it, {} in all; serve.max_connections_per_peer = {}, serve.max_connections = {}); logged once a minute",
            self.total.load(Ordering::SeqCst),
            limits.per_peer,
            limits.max
        );
    }
}

/// The kernel's send buffer for each connection.
const SEND_BUFFER: usize = 256 * 1024;

/// Serves `router` on `listener` until `shutdown` completes, then lets requests in flight
/// finish (at most 20 s).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: Limits,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let open = Arc::new(Open::default());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut accept_errors_logged: Option<Instant> = None;
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            _ = &mut shutdown => break,
            a = listener.accept() => a,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of file descriptors, most likely: back off instead of spinning.
                metrics.refused("accept_error");
                if accept_errors_logged.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
                    tracing::error!(
                        "cannot accept connections: {e} (raise the file limit, or lower serve.max_connections)"
                    );
                    accept_errors_logged = Some(Instant::now());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let slot = match open.take(peer.ip(), &limits) {
            Ok(s) => s,
            Err(reason) => {
                metrics.refused(reason);
                open.log_refusal(peer.ip(), reason, &limits);
                drop(stream);
                continue;
            }
        };
        let router = router.clone();
        let (head, write) = (limits.head, limits.write);
        let mut stop = stop_rx.clone();
        let (open, metrics, limits) = (open.clone(), metrics.clone(), limits.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let _ = stream.set_nodelay(true);
            // Answers are small (recordings are the largest): a bounded kernel buffer means a
            // client that stops reading meets the write deadline within it, not after
            // megabytes.
            let _ = socket2::SockRef::from(&stream).set_send_buffer_size(SEND_BUFFER);
            let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                router.clone().oneshot(req.map(axum::body::Body::new))
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(head)
                // At most this much of pipelined requests is read ahead of the answers.
                .max_buf_size(64 * 1024)
                .serve_connection(
                    TokioIo::new(super::deadline_io::DeadlineIo::new(stream, write)),
                    service,
                );
            tokio::pin!(conn);
            tokio::select! {
                r = conn.as_mut() => {
                    match r {
                        Err(e) if e.is_timeout() => {
                            metrics.refused("head_timeout");
                            open.log_refusal(peer.ip(), "a request head not sent in time (serve.head_timeout)", &limits);
                        }
                        Err(e) if is_write_timeout(&e) => {
                            metrics.refused("write_timeout");
                            open.log_refusal(peer.ip(), "answers not read in time (serve.write_timeout)", &limits);
                        }
                        Err(e) => tracing::debug!("connection from {peer} ended: {e}"),
                        Ok(()) => {}
                    }
                }
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    let _ = stop_tx.send(true);
    let deadline = Instant::now() + Duration::from_secs(20);
    while open.total.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Whether a connection ended because its client did not read an answer in time.
fn is_write_timeout(e: &hyper::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::TimedOut;
        }
        source = s.source();
    }
    false
}
