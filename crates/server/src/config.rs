use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Who may sign in with a number the community does not know yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Registration {
    /// The first sign-in creates a resident of the community's first grid.
    Open,
    /// Only numbers an administrator entered can sign in.
    Closed,
}

/// Yizhan's reference backend. Every flag can also be set by the environment variable
/// named in brackets.
#[derive(Clone, Debug, Parser)]
#[command(name = "yizhan-server", version, about)]
pub struct Config {
    /// Without a command: serve.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address and port to listen on.
    #[arg(long, env = "YIZHAN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Database URL. Default: a SQLite file `yizhan.sqlite3` in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory for the SQLite database and other state.
    #[arg(long, env = "YIZHAN_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// The built app (Trunk's `dist/`), served at `/`.
    #[arg(long, env = "YIZHAN_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Origins allowed to call the API from another site, comma separated
    /// (default: none, same origin only).
    #[arg(long, env = "YIZHAN_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Seed a demo community and accept the demo sign-in code. Never on a real deployment:
    /// refused on an address other than loopback unless `--force-demo` says so.
    #[arg(long, env = "YIZHAN_DEMO")]
    pub demo: bool,

    /// Allow `--demo` on an address other than loopback (a training room's network).
    /// Everyone who can reach the server can then sign in as the demo admin.
    #[arg(long, env = "YIZHAN_FORCE_DEMO")]
    pub force_demo: bool,

    /// Registration of unknown numbers: `open` or `closed` (default: open in demo mode,
    /// closed otherwise).
    #[arg(long, env = "YIZHAN_REGISTRATION", value_enum)]
    pub registration: Option<Registration>,

    /// Requests a minute each client address may make to the API, sustained; bursts up
    /// to as many. 0 turns the limit off.
    #[arg(long, env = "YIZHAN_RATE_LIMIT", default_value_t = 1200)]
    pub rate_limit: u32,

    /// Behind a reverse proxy: the header carrying the client's address
    /// (`x-forwarded-for`, `x-real-ip`). It is read only on requests that come from a
    /// trusted proxy (`--trusted-proxies`); `X-Forwarded-For` is read from the right,
    /// the client being the first address that is not a trusted proxy.
    #[arg(long, env = "YIZHAN_CLIENT_IP_HEADER")]
    pub client_ip_header: Option<axum::http::HeaderName>,

    /// The reverse proxies whose `--client-ip-header` is believed: addresses or networks
    /// (`10.0.0.0/8`), comma separated. Default: loopback (a proxy on the same machine).
    #[arg(
        long,
        env = "YIZHAN_TRUSTED_PROXIES",
        value_delimiter = ',',
        default_value = "127.0.0.0/8,::1/128",
        value_parser = network
    )]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Seconds a client has to send a request's head, and its body, and the server to
    /// answer it (a slow client or a stuck request is cut off, never held open).
    #[arg(long, env = "YIZHAN_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,

    /// Seconds a shutdown (Ctrl-C, SIGTERM) lets requests in flight finish.
    #[arg(long, env = "YIZHAN_SHUTDOWN_GRACE", default_value_t = 10)]
    pub shutdown_grace: u64,

    /// The program that sends a sign-in code by text message: run with the phone number
    /// as its argument and the code on its standard input; exit 0 when sent. Without it
    /// (and outside demo mode) codes cannot be sent (README, "Sending codes").
    #[arg(long, env = "YIZHAN_SMS_COMMAND")]
    pub sms_command: Option<PathBuf>,

    /// Sign-in codes the server sends in an hour, to all phones together: an SMS
    /// gateway costs money, and this caps what a flood of requests can spend.
    #[arg(long, env = "YIZHAN_CODES_PER_HOUR", default_value_t = 1000)]
    pub codes_per_hour: u32,

    /// The program that sends other text messages (what people are told, to those without
    /// the app): run with the phone number as its argument and one line of JSON on its
    /// standard input (`{"template":…,"params":{…},"text":…}`); exit 0 when sent
    /// (README, "Telling people by text"). Without it, demo mode writes them to the log.
    #[arg(long, env = "YIZHAN_NOTIFY_COMMAND")]
    pub notify_command: Option<PathBuf>,

    /// Who runs this server, for the push services (the VAPID `sub`): a `mailto:` or
    /// `https:` address they may write to about its messages.
    #[arg(
        long,
        env = "YIZHAN_PUSH_CONTACT",
        default_value = "mailto:admin@localhost"
    )]
    pub push_contact: String,

    /// Origins besides the browsers' push services that subscriptions may point to, comma
    /// separated (`http://127.0.0.1:9300`: the test tree's local push service). Default:
    /// none; the browsers' services over HTTPS only.
    #[arg(long, env = "YIZHAN_PUSH_SERVICE", value_delimiter = ',')]
    pub push_service: Vec<String>,

    /// Demo mode only: run the server's clock this many seconds ahead (negative: behind),
    /// for a drill or a test to see tomorrow's reminders now.
    #[arg(
        long,
        env = "YIZHAN_CLOCK_OFFSET",
        default_value_t = 0,
        allow_hyphen_values = true
    )]
    pub clock_offset: i64,

    /// Log filter, in `tracing` env-filter syntax (`info`, `yizhan_server=debug,info`).
    #[arg(long = "log", env = "YIZHAN_LOG", default_value = "info")]
    pub log: String,

    /// Log lines as `text` or `json` (one object a line, for a log shipper).
    #[arg(long, env = "YIZHAN_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: crate::telemetry::LogFormat,
}

/// What else the binary does besides serving.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Name a new community and make its first admin (a real deployment's first step;
    /// everything else is done in the app's workbench). Safe to run again.
    Setup(crate::setup::SetupArgs),
}

impl Config {
    /// The timeouts of the connection loop.
    pub fn deadlines(&self) -> crate::serve::Deadlines {
        crate::serve::Deadlines {
            request_head: std::time::Duration::from_secs(self.request_timeout.max(1)),
            shutdown_grace: std::time::Duration::from_secs(self.shutdown_grace),
        }
    }

    pub fn registration(&self) -> Registration {
        self.registration.unwrap_or(if self.demo {
            Registration::Open
        } else {
            Registration::Closed
        })
    }

    /// The database to open: the explicit URL, or the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("yizhan.sqlite3").display()
            ),
        }
    }
}

/// A network (`10.0.0.0/8`) or one address (`10.0.0.2`, taken as `/32` or `/128`).
fn network(text: &str) -> Result<ipnet::IpNet, String> {
    let text = text.trim();
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("`{text}` is neither an address nor a network such as 10.0.0.0/8"))
}
