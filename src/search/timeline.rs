//! The index's steps on a clock, with each thread's CPU time between them: where the
//! index keeps both cores busy and where one waits (issue 17.7 counts the index's wall
//! time, the build with it less the build without). Off unless the environment sets
//! [`VAR`]; then each step is one line on standard error:
//!
//! ```text
//! index +  1234.5 ms (+  56.7)  cut  cores 1.93  threads' ms: 55.1 54.2
//! ```
//!
//! the time since the index was made, since the step before, the step just done, the CPU
//! time of all threads over the wall time since the step before (2.0 on two busy cores;
//! other processes on the machine lower it), and each thread's CPU time in that span
//! (`/proc/self/task/*/schedstat`, Linux only; nothing elsewhere).

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// The variable that turns the timeline on.
pub const VAR: &str = "PIPEBOOK_INDEX_TIMELINE";

/// When the clock started and, per thread, its CPU time (ns) at the step before; `None`
/// when the timeline is off.
struct Clock {
    start: Instant,
    last: Mutex<(Instant, BTreeMap<u64, u64>)>,
}

static CLOCK: OnceLock<Option<Clock>> = OnceLock::new();

/// Marks `step` done. The first mark starts the clock ([`super::Index::new`]).
pub(super) fn mark(step: &str) {
    let clock = CLOCK.get_or_init(|| {
        std::env::var_os(VAR).map(|_| {
            let now = Instant::now();
            Clock {
                start: now,
                last: Mutex::new((now, thread_times())),
            }
        })
    });
    let Some(clock) = clock else {
        return;
    };
    let now = Instant::now();
    let times = thread_times();
    let mut last = clock.last.lock().unwrap_or_else(|p| p.into_inner());
    let line = line(
        step,
        (now - clock.start).as_secs_f64() * 1e3,
        (now - last.0).as_secs_f64() * 1e3,
        &last.1,
        &times,
    );
    *last = (now, times);
    eprintln!("{line}");
}

/// One step's line (see the module's doc): `since` and `span` in milliseconds, the
/// threads' CPU times (ns) at the step before and now.
fn line(
    step: &str,
    since: f64,
    span: f64,
    before: &BTreeMap<u64, u64>,
    now: &BTreeMap<u64, u64>,
) -> String {
    // A thread that started since the step before counts from 0.
    let spent: Vec<f64> = now
        .iter()
        .map(|(tid, ns)| ns.saturating_sub(before.get(tid).copied().unwrap_or(0)) as f64 / 1e6)
        .filter(|&ms| ms >= 0.05)
        .collect();
    let cores = spent.iter().sum::<f64>() / span.max(1e-3);
    let threads: String = spent.iter().map(|ms| format!(" {ms:.1}")).collect();
    format!("index +{since:8.1} ms (+{span:6.1})  {step}  cores {cores:.2}  threads' ms:{threads}")
}

/// Each thread's CPU time so far, in nanoseconds, by thread id.
fn thread_times() -> BTreeMap<u64, u64> {
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return BTreeMap::new();
    };
    dir.flatten()
        .filter_map(|entry| {
            let tid = entry.file_name().to_str()?.parse().ok()?;
            let schedstat = std::fs::read_to_string(entry.path().join("schedstat")).ok()?;
            Some((tid, on_cpu(&schedstat)?))
        })
        .collect()
}

/// The time on a CPU in a `schedstat` line: its first field, in nanoseconds.
fn on_cpu(schedstat: &str) -> Option<u64> {
    schedstat.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_gives_each_threads_cpu_in_the_span_and_the_cores_kept_busy() {
        assert_eq!(on_cpu("123456789 2000 17\n"), Some(123_456_789));
        assert_eq!(on_cpu(""), None);
        let before = BTreeMap::from([(1, 1_000_000), (2, 5_000_000)]);
        // Thread 2 idle, thread 3 new.
        let now = BTreeMap::from([(1, 21_000_000), (2, 5_000_000), (3, 10_000_000)]);
        let line = line("cut", 100.0, 20.0, &before, &now);
        assert_eq!(
            line,
            "index +   100.0 ms (+  20.0)  cut  cores 1.50  threads' ms: 20.0 10.0"
        );
    }

    #[test]
    fn this_thread_is_listed_with_its_cpu_time_on_linux() {
        if cfg!(target_os = "linux") {
            let spin = (0..200_000u64).fold(0u64, |a, b| a.wrapping_mul(31).wrapping_add(b));
            assert!(spin != 1, "keeps the loop");
            assert!(thread_times().values().any(|&ns| ns > 0));
        }
    }
}
