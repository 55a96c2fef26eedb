//! Load: many clients sending one kind of request back to back, counted.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What `clients` clients managed in one stretch of time.
pub struct Run {
    pub ok: u64,
    pub failed: u64,
    pub elapsed: Duration,
}

impl Run {
    pub fn per_second(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }
}

/// `clients` tasks each sending `request` back to back for `seconds`; a request counts
/// as done when it answers `true`.
pub async fn hammer<F, Fut>(clients: usize, seconds: u64, request: F) -> Run
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = bool> + Send,
{
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (ok, failed, request) = (ok.clone(), failed.clone(), request.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let counter = if request().await { &ok } else { &failed };
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("client task");
    }
    Run {
        ok: ok.load(Ordering::Relaxed),
        failed: failed.load(Ordering::Relaxed),
        elapsed: start.elapsed(),
    }
}

/// A GET of `url` that counts when it answers `expect` and its whole body arrives.
pub fn get(
    client: &reqwest::Client,
    url: String,
    headers: Vec<(&'static str, String)>,
    expect: u16,
) -> impl Fn() -> std::pin::Pin<Box<dyn Future<Output = bool> + Send>> + Clone + Send + 'static {
    let client = client.clone();
    move || {
        let mut request = client.get(&url);
        for (name, value) in &headers {
            request = request.header(*name, value);
        }
        Box::pin(async move {
            match request.send().await {
                Ok(response) if response.status() == expect => response.bytes().await.is_ok(),
                _ => false,
            }
        })
    }
}
