//! Each stage's wall time, CPU time and peak memory, and the `-v` report of them.

use std::time::{Duration, Instant};

use super::Outcome;

/// How long one stage took.
#[derive(Debug, Clone)]
pub struct Phase {
    pub name: &'static str,
    pub took: Duration,
    /// Peak memory of the process so far (resident, in bytes), where the system tells it.
    pub peak_memory: Option<u64>,
    /// CPU time of all threads during the phase (user and system), where the system tells
    /// it: against `took`, how many cores the phase kept busy.
    pub cpu: Option<Duration>,
}

/// Laps of the build's stages.
pub(crate) struct Timer {
    pub(crate) phases: Vec<Phase>,
    last: Instant,
    last_cpu: Option<Duration>,
}

impl Timer {
    pub(crate) fn new() -> Self {
        Timer {
            phases: Vec::new(),
            last: Instant::now(),
            last_cpu: cpu_time(),
        }
    }

    pub(crate) fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        let cpu = cpu_time();
        self.phases.push(Phase {
            name,
            took: now - self.last,
            peak_memory: peak_memory(),
            cpu: cpu
                .zip(self.last_cpu)
                .map(|(now, then)| now.saturating_sub(then)),
        });
        self.last = now;
        self.last_cpu = cpu;
    }
}

/// User and system time of the whole process so far (`/proc/self/stat` on Linux, in
/// clock ticks of 10 ms).
fn cpu_time() -> Option<Duration> {
    cpu_ticks(&std::fs::read_to_string("/proc/self/stat").ok()?)
        .map(|t| Duration::from_millis(t * 10))
}

/// utime + stime of a `/proc/PID/stat` line, in clock ticks.
fn cpu_ticks(stat: &str) -> Option<u64> {
    // The fields after the command name, which is in parentheses and may hold spaces and
    // parentheses itself.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split(' ').collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 here.
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// The high-water mark of resident memory (`VmHWM` on Linux).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// One line per stage with its time, for `-v`.
pub fn phase_report(out: &Outcome) -> String {
    let mut report: String = out
        .phases
        .iter()
        .map(|p| {
            let cpu = p
                .cpu
                .map(|c| format!("CPU {:.0} ms, ", c.as_secs_f64() * 1000.0))
                .unwrap_or_default();
            let memory = p
                .peak_memory
                .map(|b| format!("  ({cpu}peak memory {} MB)", b / 1_000_000))
                .unwrap_or_default();
            format!(
                "  {:<9} {:>8.1} ms{memory}\n",
                p.name,
                p.took.as_secs_f64() * 1000.0
            )
        })
        .collect();
    if let Some(t) = out.search_time {
        report.push_str(&format!(
            "  {:<9} {:>8.1} ms (the search index once the runbooks were rendered: the other pages, the shards; each runbook is counted as it renders)\n",
            "search",
            t.as_secs_f64() * 1000.0
        ));
    }
    report.push_str(&out.schedule_report);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_ticks_are_read_after_the_command_name() {
        let line =
            "4242 (pipe book) (x)) R 1 4242 4242 0 -1 4194560 1480 0 0 0 37 5 0 0 20 0 3 0 99 1 2";
        assert_eq!(cpu_ticks(line), Some(42));
        assert_eq!(cpu_ticks("4242 (no fields)"), None);
        #[cfg(target_os = "linux")]
        {
            // The process's own time goes up as it works.
            let start = cpu_time().expect("/proc/self/stat");
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut x = 0u64;
            while cpu_time().expect("/proc/self/stat") == start && Instant::now() < deadline {
                for i in 0..100_000u64 {
                    x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
                }
            }
            assert!(cpu_time().expect("/proc/self/stat") > start, "{x}");
        }
    }
}
