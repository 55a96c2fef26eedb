use clap::Parser;
use yizhan_server::{config::Config, run};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    yizhan_server::telemetry::init(&config.log, config.log_format);
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "yizhan-server stopped");
            eprintln!("yizhan-server: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
