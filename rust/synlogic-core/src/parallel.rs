//! The process-owned rayon pool: sized by `SYNLOGIC_NUM_THREADS`, rebuilt after `fork`.
//!
//! rayon's global pool deadlocks in a forked child (its worker threads do not survive the
//! fork). This pool remembers the pid that built it and is rebuilt when the pid changes;
//! the parent's stale pool is leaked in the child rather than joined.

use std::sync::{Arc, Mutex};

use rayon::{ThreadPool, ThreadPoolBuilder};

/// The environment variable that sets the pool size.
pub const THREADS_ENV: &str = "SYNLOGIC_NUM_THREADS";

struct PoolState {
    pid: u32,
    threads: usize,
    pool: Arc<ThreadPool>,
}

static POOL: Mutex<Option<PoolState>> = Mutex::new(None);

/// The thread count: `SYNLOGIC_NUM_THREADS` if set to a positive integer, else the cores.
pub fn configured_threads() -> usize {
    std::env::var(THREADS_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        })
}

/// The pool for this process, (re)built if the pid or the configured size changed.
pub fn pool() -> Arc<ThreadPool> {
    let pid = std::process::id();
    let threads = configured_threads();
    let mut state = POOL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(current) = state.as_ref() {
        if current.pid == pid && current.threads == threads {
            return Arc::clone(&current.pool);
        }
    }
    let pool = Arc::new(
        ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("synlogic-{i}"))
            .build()
            .expect("failed to start the synlogic thread pool"),
    );
    if let Some(stale) = state.take() {
        if stale.pid != pid {
            // Threads of a parent process: never join them from the child.
            std::mem::forget(stale.pool);
        }
    }
    *state = Some(PoolState {
        pid,
        threads,
        pool: Arc::clone(&pool),
    });
    pool
}

/// Runs `f` inside the synlogic pool.
pub fn install<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    pool().install(f)
}
