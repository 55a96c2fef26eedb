use clap::Parser;
use yizhan_server::{
    config::{Command, Config},
    run,
};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    yizhan_server::telemetry::init(&config.log, config.log_format);
    if let Some(Command::Setup(args)) = &config.command {
        return match yizhan_server::setup::run(&config, args).await {
            Ok(done) => {
                println!("{done}");
                std::process::ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("yizhan-server: {error}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "yizhan-server stopped");
            eprintln!("yizhan-server: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
