//! Yizhan's reference backend: the REST contract of `shared/api-contract.md` over SQLite,
//! and the built app with the headers a PWA needs.

pub mod activities;
pub mod audit;
pub mod auth;
pub mod bookings;
pub mod clock;
pub mod config;
pub mod days;
pub mod db;
pub mod demo;
pub mod error;
pub mod gateway;
pub mod http;
pub mod ics;
pub mod inbox;
pub mod orders;
pub mod paging;
pub mod reach;
pub mod reference;
pub mod serve;
pub mod setup;
pub mod shifts;
pub mod stored;
pub mod telemetry;
pub mod users;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::auth::sender::{CodeSender, CommandSender, LogSender};
use crate::config::{Config, Registration};
use crate::error::StartError;

/// Everything a request handler may need.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    /// The whole reference reads, serialised, while their tables do not change.
    pub reference: reference::cache::Cache,
    /// New orders, committed several at a time.
    pub creates: orders::Creates,
    pub code_sender: Arc<dyn CodeSender>,
    pub registration: Registration,
    /// Demo mode: answers carry the sign-in code, and demo accounts accept the demo code.
    pub demo: bool,
    /// Codes sent in an hour to all phones together (`--codes-per-hour`).
    pub codes_per_hour: u32,
    /// Web Push and text messages: what rings besides the inbox.
    pub reach: reach::Reach,
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
    let addr: SocketAddr = listener.local_addr().map_err(StartError::Serve)?;
    // Behind a proxy (`--client-ip-header`), loopback is not private: the proxy brings
    // everyone who can reach it.
    let exposed = !addr.ip().is_loopback() || config.client_ip_header.is_some();
    if config.demo && exposed && !config.force_demo {
        return Err(StartError::DemoExposed(addr));
    }
    if config.clock_offset != 0 {
        if !config.demo {
            return Err(StartError::ClockOffsetOutsideDemo);
        }
        clock::set_offset(config.clock_offset);
        tracing::warn!(
            seconds = config.clock_offset,
            "the server's clock is moved (--clock-offset)"
        );
    }
    let db = db::Db::open(&config).await?;
    if config.demo && demo::is_real_community(db.pool()).await? {
        return Err(StartError::DemoOverRealData);
    }
    if config.demo {
        demo::seed(db.pool()).await?;
        tracing::warn!(
            "demo mode: sign-in codes are returned in answers; never use on a real community"
        );
    } else if demo::was_seeded(db.pool()).await? {
        return Err(StartError::DemoDatabase);
    }
    let reach = reach::Reach::new(
        reach::push::Pusher::start(
            db.pool(),
            config.push_contact.clone(),
            config.push_service.clone(),
        )
        .await?,
        reach::texts::notifier(config.notify_command.as_deref(), config.demo),
        config.request_timeout,
    );
    reach.start(db.pool().clone());
    let state = AppState {
        creates: orders::Creates::start(db.clone()),
        db,
        reference: reference::cache::Cache::default(),
        code_sender: match &config.sms_command {
            Some(program) => Arc::new(CommandSender {
                program: program.clone(),
            }),
            None => Arc::new(LogSender { demo: config.demo }),
        },
        registration: config.registration(),
        demo: config.demo,
        codes_per_hour: config.codes_per_hour,
        reach,
    };
    let router = http::router(state, &config)?;
    tracing::info!(%addr, dist = %config.dist.display(), "serving Yizhan on http://{addr}");
    if cfg!(panic = "abort") {
        tracing::warn!(
            "built with panic = \"abort\": one failing request would stop the whole server. \
             Build it with `cargo build --profile server -p yizhan-server`"
        );
    }
    serve::connections(listener, router, config.deadlines(), shutdown).await;
    Ok(())
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
