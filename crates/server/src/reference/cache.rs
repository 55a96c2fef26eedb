//! The whole reference reads (the community, the catalogue, the grids, the stations)
//! kept in memory as the bytes they answer with and their tag, so that a read costs one
//! indexed read instead of every row, their JSON and a hash, and a revalidation (304) no
//! body at all. Every device reads them at every sync; admins change them rarely.
//!
//! A kept answer is used only while the version it was read at is still the table's
//! (`reference_versions`, moved by triggers in the very transaction of every write to
//! what it shows, migration 0007): after any write, by an admin through the API or by
//! anyone beside the server, the next read reads the rows again. The answer and its
//! version are read in one transaction, so a kept answer is never older than its version.
//! Nor is one kept past the community's day it was read on: which notices show depends on
//! the date.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};

use crate::auth::digest_bytes;
use crate::clock;
use crate::error::ApiError;

/// A reference read that answers with a whole table of the community.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Whole {
    Community,
    Services,
    Grids,
    Stations,
    /// The notices showing today (`/notices`).
    Notices,
}

impl Whole {
    /// Its row in `reference_versions`.
    fn key(self) -> &'static str {
        match self {
            Whole::Community => "community",
            Whole::Services => "services",
            Whole::Grids => "grids",
            Whole::Stations => "stations",
            Whole::Notices => "notices",
        }
    }
}

/// An answer as it goes out: the JSON body and its strong ETag, a hash of exactly these
/// bytes, so the tag changes exactly when the body does.
pub struct Published {
    body: Arc<[u8]>,
    tag: String,
}

impl Published {
    /// `value` serialised, and tagged.
    pub fn of<T: Serialize>(value: &T) -> Result<Published, ApiError> {
        let body =
            serde_json::to_vec(value).map_err(|error| ApiError::Stored(error.to_string()))?;
        let tag = format!("\"{}\"", &digest_bytes(&body)[..32]);
        Ok(Published {
            body: body.into(),
            tag,
        })
    }

    /// The JSON body, shared rather than copied.
    pub fn body(&self) -> Arc<[u8]> {
        self.body.clone()
    }

    /// The ETag, quoted.
    pub fn tag(&self) -> &str {
        &self.tag
    }
}

/// How a whole read is made from the database: the answer for a community, read on the
/// connection given (inside the transaction that also reads its version).
pub type Load = for<'c> fn(&'c mut SqliteConnection, &'c str) -> Loading<'c>;

/// What a [`Load`] returns.
pub type Loading<'c> = Pin<Box<dyn Future<Output = Result<Published, ApiError>> + Send + 'c>>;

/// An answer, the version of its table it was read at, and the community's day it was
/// read on: what shows of the notices (and so the community's announcement) changes at
/// midnight with no write at all.
struct Kept {
    version: i64,
    day: time::Date,
    answer: Arc<Published>,
}

/// What is kept, by read and community. Cheap to clone: the clones share it.
#[derive(Clone, Default)]
pub struct Cache {
    kept: Arc<Mutex<HashMap<Whole, HashMap<String, Kept>>>>,
}

impl Cache {
    /// What `what` answers for `community_id` now: kept, if its table has not been
    /// written since, else read by `load` and kept.
    pub async fn get_or_load(
        &self,
        pool: &SqlitePool,
        what: Whole,
        community_id: &str,
        load: Load,
    ) -> Result<Arc<Published>, ApiError> {
        let now = version(&mut *pool.acquire().await?, what).await?;
        let today = clock::today();
        let kept = self.lock().get(&what).and_then(|by| {
            by.get(community_id)
                .filter(|kept| Some(kept.version) == now && kept.day == today)
                .map(|kept| kept.answer.clone())
        });
        if let Some(answer) = kept {
            return Ok(answer);
        }
        let mut tx = pool.begin().await?;
        let version = version(&mut tx, what).await?;
        let answer = Arc::new(load(&mut tx, community_id).await?);
        tx.commit().await?;
        let Some(version) = version else {
            // No version to check a kept answer by (its row deleted by hand): every read
            // reads the rows, as before there was a cache.
            return Ok(answer);
        };
        // Whichever of two reads at different versions lands last is kept; the version
        // check above answers from it only while it is current.
        let kept = Kept {
            version,
            day: today,
            answer: answer.clone(),
        };
        self.lock()
            .entry(what)
            .or_default()
            .insert(community_id.to_string(), kept);
        Ok(answer)
    }

    /// Nothing panics while holding the lock, and what it guards stays whole if
    /// something did: a poisoned lock is used as it is.
    fn lock(&self) -> MutexGuard<'_, HashMap<Whole, HashMap<String, Kept>>> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The version of the table `what` answers with; none if its row is gone.
async fn version(conn: &mut SqliteConnection, what: Whole) -> Result<Option<i64>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT version FROM reference_versions WHERE whole = ?")
            .bind(what.key())
            .fetch_optional(conn)
            .await?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_is_the_hash_of_the_body() {
        let tag = |text: &str| Published::of(&text).map(|p| p.tag().to_string()).ok();
        assert_eq!(tag("one"), tag("one"));
        assert_ne!(tag("one"), tag("two"));
        assert!(tag("one").is_some_and(|t| t.len() == 34 && t.starts_with('"') && t.ends_with('"')));
    }
}
