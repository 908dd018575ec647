//! The accept loop (SECURITY D3, D5): each connection's request header must arrive within a
//! deadline, at most so many connections are open at once, and a stop finishes what is under
//! way. `axum::serve` has neither limit: a client that opens connections and sends half a
//! header holds each one for as long as it likes.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The connection limits (`--max-connections`, `--header-read-timeout-secs`).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections served at once. Past it, new ones wait in the kernel's accept queue
    /// until one closes (their client sees a slow start, not a refusal).
    pub max_connections: usize,
    /// From a connection's start, or the end of its last answer, to the end of the next
    /// request's header. Also ends an idle kept-alive connection.
    pub header_read_timeout: Duration,
    /// How long a stop waits for the requests under way before it closes their connections.
    pub shutdown_deadline: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 1024,
            header_read_timeout: Duration::from_secs(10),
            // The longest a request may take anyway (the router's 30-second timeout).
            shutdown_deadline: Duration::from_secs(30),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes; then accepts nothing more, lets
/// the requests under way finish (each connection closes after its current answer) for up to
/// `limits.shutdown_deadline`, and returns.
///
/// Each request carries its connection's peer address as `ConnectInfo<SocketAddr>`, as
/// `into_make_service_with_connect_info` gave it (the login throttle reads it, SECURITY S2).
pub async fn serve_on(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = auto::Builder::new(TokioExecutor::new()).http1_only();
    // HTTP/1 only: browsers speak HTTP/2 only over TLS, which a reverse proxy ends in front;
    // and the automatic choice between the two reads the first bytes with no deadline at all.
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    loop {
        // A slot first, then the connection: while all are taken, nothing is accepted.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (mut stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!(error = %err, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        crate::router::send_at_once(&mut stream);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: http::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(req)
        });
        let builder = builder.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            if let Err(err) = watcher.watch(conn).await {
                // A client that went away or sent garbage; nothing the operator can act on.
                tracing::debug!(error = %err, %peer, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tracing::info!("no new connections; finishing the requests under way");
    if tokio::time::timeout(limits.shutdown_deadline, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "requests still under way after {:?}; stopping anyway",
            limits.shutdown_deadline
        );
    }
}
