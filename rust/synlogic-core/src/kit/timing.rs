//! The CPU clock for the ignored report tests that print per-item costs.
//!
//! Wall-clock time is meaningless on a shared two-core machine, so reports read this thread's
//! own CPU time from `/proc/thread-self/schedstat` (0 where that file does not exist).

/// CPU time consumed by the calling thread, in seconds.
pub fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// CPU seconds per item of `rounds` calls of `f`, each of which handles `items` items.
pub fn cpu_seconds_per_item(rounds: u64, items: u64, mut f: impl FnMut()) -> f64 {
    let started = thread_cpu_seconds();
    for _ in 0..rounds {
        f();
    }
    (thread_cpu_seconds() - started) / (rounds * items).max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_does_not_run_backwards() {
        let a = thread_cpu_seconds();
        let per = cpu_seconds_per_item(3, 10, || {
            std::hint::black_box((0..10_000u64).sum::<u64>());
        });
        assert!(thread_cpu_seconds() >= a);
        assert!(per >= 0.0);
    }
}
