//! The connection loop: every connection gets a deadline for its request head, and a
//! shutdown waits for requests in flight only as long as the grace period.
//!
//! `axum::serve` sets no timer, so hyper's header read timeout never fires there: a
//! client that sends half a request head holds its connection (and a graceful shutdown)
//! for ever. This loop is the same as axum's, with the timer and the deadline.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long a connection may take over one request's head (its request line and
/// headers), and how long a shutdown lets requests in flight finish.
#[derive(Clone, Copy, Debug)]
pub struct Deadlines {
    pub request_head: Duration,
    pub shutdown_grace: Duration,
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets the requests in
/// flight finish for at most `deadlines.shutdown_grace`.
pub async fn connections(
    listener: TcpListener,
    router: Router,
    deadlines: Deadlines,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(deadlines.request_head);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(deadlines.request_head));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (socket, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment, never stop serving.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = hyper::service::service_fn(with_peer(router.clone(), remote));
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(socket), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(deadlines.shutdown_grace) => {
            tracing::warn!(
                grace = ?deadlines.shutdown_grace,
                "requests still in flight after the grace period: stopping without them"
            );
        }
    }
}

/// What the router's answer to one request is, as hyper awaits it.
type Answer =
    std::pin::Pin<Box<dyn Future<Output = Result<axum::response::Response, Infallible>> + Send>>;

/// The router as hyper calls it, with the client's address where `ConnectInfo` finds it.
fn with_peer(
    router: Router,
    remote: SocketAddr,
) -> impl Fn(hyper::Request<Incoming>) -> Answer + Clone {
    move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(remote));
        let router = router.clone();
        Box::pin(async move { router.oneshot(request.map(axum::body::Body::new)).await })
    }
}
