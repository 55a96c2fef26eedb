use std::str::FromStr;
use std::sync::Arc;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection, SqlitePool};

use crate::config::Config;
use crate::error::StartError;

/// Prepared statements kept per connection (sqlx's default is 100). The server has about
/// 90 statements, and the orders list adds one per page length for its timelines; with
/// room for all of them the hot ones are never evicted and prepared again.
const STATEMENT_CACHE: usize = 400;

/// The database behind the API.
#[derive(Clone)]
pub struct Db {
    pool: SqlitePool,
    /// What the pool's connections are opened with, for a connection of its own. Shared:
    /// the state is cloned for every request, and these hold a map of pragmas.
    options: Arc<SqliteConnectOptions>,
}

impl Db {
    pub async fn open(config: &Config) -> Result<Db, StartError> {
        let url = config.database_url();
        if config.database_url.is_none() {
            std::fs::create_dir_all(&config.data_dir).map_err(|source| StartError::DataDir {
                path: config.data_dir.clone(),
                source,
            })?;
        }
        // WAL lets readers go on while a write commits; the busy timeout makes concurrent
        // writers wait their turn instead of failing. `synchronous = FULL` (SQLite's
        // default, said here so that no later default changes it): a commit returns once
        // the WAL is fsynced, so a 201 means the order is on disk.
        let options = SqliteConnectOptions::from_str(&url).map_err(StartError::Database)?;
        let file = options.get_filename().to_path_buf();
        private_file(&file).map_err(|source| StartError::DataDir {
            path: file.clone(),
            source,
        })?;
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(std::time::Duration::from_secs(5))
            .statement_cache_capacity(STATEMENT_CACHE);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // sqlx pings a connection before lending it, a round trip to the connection's
            // worker thread on every query; a SQLite file does not hang up, and a broken
            // connection fails its query and is dropped when it comes back (sqlx pings on
            // return too).
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await
            .map_err(StartError::Database)?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        // The journal files hold the same data as the database.
        for suffix in ["-wal", "-shm"] {
            let mut name = file.clone().into_os_string();
            name.push(suffix);
            let _ = restrict(std::path::Path::new(&name));
        }
        Ok(Db {
            pool,
            options: Arc::new(options),
        })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A connection outside the pool, opened as the pool's are: for a task that writes
    /// all the time ([`crate::orders::group_commit`]), which would otherwise wait in
    /// line with every request for a connection of the pool.
    pub async fn connect(&self) -> Result<SqliteConnection, sqlx::Error> {
        SqliteConnection::connect_with(&self.options).await
    }

    /// A transaction that reads and then writes: see [`write`].
    pub async fn write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        write(&self.pool).await
    }

    /// The engine's name as `/health` reports it.
    pub fn kind(&self) -> &'static str {
        "sqlite"
    }

    /// A round trip to the database.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }
}

/// A transaction that holds SQLite's write lock from its first statement (`BEGIN
/// IMMEDIATE`), for everything that reads, decides and then writes: a check and its act
/// see the same rows, and what it stamps (the change sequence, a counter) is taken in
/// commit order. A plain `BEGIN` would read a snapshot that another writer can overtake
/// before this one writes.
pub async fn write(
    pool: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    pool.begin_with(BEGIN_WRITE).await
}

/// [`write()`] on a connection of its own ([`Db::connect`]).
pub async fn write_on(
    conn: &mut SqliteConnection,
) -> Result<sqlx::Transaction<'_, sqlx::Sqlite>, sqlx::Error> {
    conn.begin_with(BEGIN_WRITE).await
}

const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// The database holds residents' phones and addresses: readable by the server's own user
/// only. Made so before SQLite first writes to it, and kept so on every start (a file
/// copied in with looser permissions is tightened).
fn private_file(path: &std::path::Path) -> std::io::Result<()> {
    if path.as_os_str().is_empty() || path.as_os_str() == ":memory:" {
        return Ok(());
    }
    if !path.exists() {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    restrict(path)
}

fn restrict(path: &std::path::Path) -> std::io::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}
