//! Group commit of new orders. With `synchronous = FULL` a commit waits for an fsync of
//! the WAL, and SQLite has one writer at a time: one create per transaction made every
//! create wait its turn for the write lock (SQLite's busy handler sleeps a millisecond
//! and more between tries) and then for its own fsync. Here one task, on a connection of
//! its own, writes the new orders: it takes every create waiting, runs them one after
//! another in one `BEGIN IMMEDIATE` transaction, commits once, and only then answers
//! each.
//!
//! Each order keeps what it had alone: its own checks and change number (taken in the
//! transaction, in turn), and its own answer. One that is refused wrote nothing; one
//! whose write fails is rolled back to its savepoint ([`super::insert`]); the others go
//! on. A 201 still means on disk: nothing is answered before the commit returns, and
//! if the transaction is lost or its commit fails, every order of the batch is answered
//! with the error (a 500; a resend of the same request is safe).

use sqlx::SqliteConnection;
use tokio::sync::{mpsc, oneshot};
use yizhan_core::model::NewOrder;

use super::create::{create_in, Created};
use super::Viewer;
use crate::db::{self, Db};
use crate::error::ApiError;
use crate::users::User;

/// The most creates one transaction takes; more wait for the next.
const BATCH: usize = 64;
/// Creates waiting beyond the batch being written; a request beyond waits to queue.
const QUEUE: usize = 1024;

/// One create, and where its answer goes.
struct Job {
    user: User,
    id: String,
    fingerprint: String,
    order: NewOrder,
    answer: Answer,
}

type Answer = oneshot::Sender<Result<Created, ApiError>>;

/// The way in to the writer. Cheap to clone: the clones share it; the writer ends when
/// the last is dropped and the queue is empty.
#[derive(Clone)]
pub struct Creates {
    queue: mpsc::Sender<Job>,
}

impl Creates {
    /// Starts the writer (on the current tokio runtime).
    pub fn start(db: Db) -> Creates {
        let (queue, waiting) = mpsc::channel(QUEUE);
        tokio::spawn(write(db, waiting));
        Creates { queue }
    }

    /// [`create_in`] for `user`, committed with whatever other creates are waiting;
    /// answered once the commit is done.
    pub async fn create(
        &self,
        user: &User,
        id: &str,
        fingerprint: &str,
        order: NewOrder,
    ) -> Result<Created, ApiError> {
        let (answer, answered) = oneshot::channel();
        let job = Job {
            user: user.clone(),
            id: id.to_string(),
            fingerprint: fingerprint.to_string(),
            order,
            answer,
        };
        self.queue
            .send(job)
            .await
            .map_err(|_| ApiError::Unavailable("the server is shutting down".into()))?;
        // Dropped unanswered: its batch panicked (a bug) and was not committed.
        answered.await.map_err(|_| ApiError::Panicked)?
    }
}

/// The writer: one batch at a time, each of everything waiting when the last ended.
async fn write(db: Db, mut waiting: mpsc::Receiver<Job>) {
    let mut conn: Option<SqliteConnection> = None;
    let mut jobs = Vec::with_capacity(BATCH);
    while waiting.recv_many(&mut jobs, BATCH).await > 0 {
        let batch = std::mem::replace(&mut jobs, Vec::with_capacity(BATCH));
        let mut connection = match conn.take() {
            Some(connection) => connection,
            None => match db.connect().await {
                Ok(connection) => connection,
                Err(error) => {
                    refuse(batch.into_iter().map(|job| job.answer), &error.to_string());
                    continue;
                }
            },
        };
        // A batch is a task of its own: should one panic, its orders are answered 500
        // (their senders dropped) and the writer goes on, on a new connection.
        let written = tokio::spawn(async move {
            let kept = commit(&mut connection, batch).await;
            (connection, kept)
        });
        if let Ok((connection, Kept::Yes)) = written.await {
            conn = Some(connection);
        }
    }
}

/// Whether the writer keeps its connection: not after a transaction failed, in case the
/// connection is why.
enum Kept {
    Yes,
    No,
}

/// One transaction for `jobs`, then every answer.
async fn commit(conn: &mut SqliteConnection, jobs: Vec<Job>) -> Kept {
    let mut tx = match db::write_on(conn).await {
        Ok(tx) => tx,
        Err(error) => {
            refuse(jobs.into_iter().map(|job| job.answer), &error.to_string());
            return Kept::No;
        }
    };
    let mut pending = jobs.into_iter();
    let mut done = Vec::with_capacity(pending.len());
    while let Some(job) = pending.next() {
        let Job {
            user,
            id,
            fingerprint,
            order,
            answer,
        } = job;
        let viewer = Viewer { user: &user };
        match create_in(&mut tx, &viewer, &id, &fingerprint, order).await {
            Err(ApiError::NotCommitted(lost)) => {
                // None of the batch is taken, whatever the others were told so far.
                let all = done.into_iter().map(|(answer, _)| answer);
                refuse(
                    all.chain([answer]).chain(pending.map(|job| job.answer)),
                    &lost,
                );
                return Kept::No;
            }
            result => done.push((answer, result)),
        }
    }
    match tx.commit().await {
        Ok(()) => {
            for (answer, result) in done {
                // A client that left gets no answer; its order stands, and a resend
                // gets it.
                let _ = answer.send(result);
            }
            Kept::Yes
        }
        // Refusals too: a 409 may rest on an order of this batch that is now not taken.
        Err(error) => {
            refuse(
                done.into_iter().map(|(answer, _)| answer),
                &error.to_string(),
            );
            Kept::No
        }
    }
}

/// Every order of a batch that was not committed is answered so, to be sent again.
fn refuse(answers: impl IntoIterator<Item = Answer>, why: &str) {
    for answer in answers {
        let _ = answer.send(Err(ApiError::NotCommitted(why.to_string())));
    }
}
