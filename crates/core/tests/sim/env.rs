use std::cell::Cell;

use yizhan_core::sync::Env;

/// A clock the test moves, a seeded random source, and counted ids.
pub struct SimEnv {
    pub now: Cell<i64>,
    seed: Cell<u64>,
    ids: Cell<u64>,
}

impl SimEnv {
    pub fn new(seed: u64) -> SimEnv {
        SimEnv {
            now: Cell::new(1_790_000_000_000),
            seed: Cell::new(seed | 1),
            ids: Cell::new(0),
        }
    }

    pub fn advance(&self, ms: i64) {
        self.now.set(self.now.get() + ms);
    }
}

impl Env for &SimEnv {
    fn now_ms(&self) -> i64 {
        self.now.get()
    }

    fn random_unit(&self) -> f64 {
        // xorshift64: enough spread for jitter, reproducible per case.
        let mut x = self.seed.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.seed.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    fn new_id(&self) -> String {
        let n = self.ids.get() + 1;
        self.ids.set(n);
        format!("00000000-0000-7000-8000-{n:012x}")
    }
}
