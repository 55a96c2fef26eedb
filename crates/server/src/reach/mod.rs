//! Reaching people beyond the inbox (issue 18): a loop that rings each inbox item on the
//! person's devices (Web Push) or by text message, as their settings say, and writes what
//! becomes news by the clock: shift reminders, notices whose day came, overdue orders.

pub mod push;
pub mod ring;
pub mod settings;
pub mod texts;

use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;

use crate::clock;

/// How often the loop looks for what is due: a new order rings a dispatcher's phone, and
/// an open app waiting on `GET /inbox?wait=` hears of it, within this; each look is one
/// index range.
const TICK: Duration = Duration::from_secs(1);
/// How often what becomes news by the clock is looked for.
const REMINDER_TICK: Duration = Duration::from_secs(60);

/// What becomes news by the clock rather than by an act: shift and booking reminders, notices whose
/// first day came, orders past their promised time.
async fn look_for_news(pool: &SqlitePool) {
    if let Err(e) = crate::shifts::reminders::remind(pool, clock::now()).await {
        tracing::warn!("shift reminders: {e}");
    }
    if let Err(e) = crate::bookings::reminders::remind(pool, clock::now()).await {
        tracing::warn!("booking reminders: {e}");
    }
    if let Err(e) = crate::reference::notices_admin::announce_due(pool, clock::today()).await {
        tracing::warn!("new notices: {e}");
    }
    if let Err(e) = crate::orders::overdue::tell_overdue(pool, clock::now_ms()).await {
        tracing::warn!("overdue orders: {e}");
    }
}

/// The server's means of reaching people.
#[derive(Clone)]
pub struct Reach {
    pub pusher: push::Pusher,
    pub notifier: Arc<dyn texts::Notifier>,
    /// The inbox's latest change number, as the loop last saw it: an app waiting for news
    /// (`GET /inbox?wait=`) wakes when it moves.
    pub latest: tokio::sync::watch::Receiver<i64>,
    latest_sender: Arc<tokio::sync::watch::Sender<i64>>,
    /// The longest such a wait is held: under the server's request timeout.
    pub wait_max: u64,
}

/// The longest an app's wait for news is held, whatever the request timeout allows.
const WAIT_CEILING: u64 = 25;

impl Reach {
    /// `request_timeout`: seconds the server gives a request (`--request-timeout`); a wait
    /// for news ends two before it.
    pub fn new(
        pusher: push::Pusher,
        notifier: Arc<dyn texts::Notifier>,
        request_timeout: u64,
    ) -> Reach {
        let (sender, latest) = tokio::sync::watch::channel(0);
        Reach {
            pusher,
            notifier,
            latest,
            latest_sender: Arc::new(sender),
            wait_max: request_timeout.saturating_sub(2).clamp(1, WAIT_CEILING),
        }
    }

    /// Runs the loop until the process ends.
    pub fn start(&self, pool: SqlitePool) {
        let reach = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(TICK);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut last_reminders: Option<tokio::time::Instant> = None;
            loop {
                ticks.tick().await;
                if last_reminders.is_none_or(|at| at.elapsed() >= REMINDER_TICK) {
                    last_reminders = Some(tokio::time::Instant::now());
                    look_for_news(&pool).await;
                }
                if let Err(e) =
                    ring::pass(&pool, &reach.pusher, &reach.notifier, clock::now_ms()).await
                {
                    tracing::warn!("ringing the inbox: {e}");
                }
                match crate::inbox::latest(&pool).await {
                    Ok(seq) => {
                        reach.latest_sender.send_if_modified(|latest| {
                            let moved = *latest != seq;
                            *latest = seq;
                            moved
                        });
                    }
                    Err(e) => tracing::warn!("the inbox's latest change: {e}"),
                }
            }
        });
    }
}
