//! Yizhan's reference backend: the REST contract of `shared/api-contract.md` over SQLite,
//! and the built app with the headers a PWA needs.

pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod http;
pub mod orders;
pub mod telemetry;
pub mod users;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::auth::sender::{CodeSender, LogSender};
use crate::config::{Config, Registration};
use crate::error::StartError;

/// Everything a request handler may need.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    pub code_sender: Arc<dyn CodeSender>,
    pub registration: Registration,
    /// Demo mode: answers carry the sign-in code, and demo accounts accept the demo code.
    pub demo: bool,
}

/// Opens the database, binds the address and serves until Ctrl-C or SIGTERM, letting
/// requests in flight finish.
pub async fn run(config: Config) -> Result<(), StartError> {
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.listen,
            source,
        })?;
    serve(config, listener, shutdown_signal()).await
}

/// Serves on an already bound listener until `shutdown` resolves. Tests bind port 0.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let db = db::Db::open(&config).await?;
    if config.demo {
        demo::seed(db.pool()).await?;
        tracing::warn!(
            "demo mode: sign-in codes are returned in answers; never use on a real community"
        );
    }
    let state = AppState {
        db,
        code_sender: Arc::new(LogSender),
        registration: config.registration(),
        demo: config.demo,
    };
    let router = http::router(state, &config)?;
    let addr: SocketAddr = listener.local_addr().map_err(StartError::Serve)?;
    tracing::info!(%addr, dist = %config.dist.display(), "serving Yizhan on http://{addr}");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(StartError::Serve)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
