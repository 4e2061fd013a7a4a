//! This process's CPU time and peak resident memory, read from /proc/self (Linux), so the benchmark can report
//! them per call the same way the Python and Node load generators do with getrusage / process.resourceUsage.

/// Clock ticks per second of the utime/stime fields in /proc/<pid>/stat. The kernel exports USER_HZ, which is
/// 100 on every architecture Linux supports for userspace ABI purposes.
const USER_HZ: f64 = 100.0;

/// User + system CPU seconds used by every thread of this process so far.
pub fn cpu_seconds() -> Result<f64, String> {
    let stat = std::fs::read_to_string("/proc/self/stat").map_err(|e| format!("cannot read /proc/self/stat: {e}"))?;
    cpu_seconds_from_stat(&stat)
}

/// Peak resident set size (VmHWM) in KiB.
pub fn peak_rss_kib() -> Result<u64, String> {
    let status =
        std::fs::read_to_string("/proc/self/status").map_err(|e| format!("cannot read /proc/self/status: {e}"))?;
    peak_rss_kib_from_status(&status)
}

fn cpu_seconds_from_stat(stat: &str) -> Result<f64, String> {
    // The command name (field 2) is in parentheses and may itself hold spaces or parentheses, so fields are
    // counted from the last ')'. After it come field 3 (state) onwards; utime and stime are fields 14 and 15.
    let after_comm = stat
        .rfind(')')
        .map(|i| &stat[i + 1..])
        .ok_or_else(|| "/proc/self/stat: no ')' closing the command name".to_string())?;
    let fields: Vec<&str> = after_comm.split_whitespace().collect();
    let tick_field = |index: usize, name: &str| -> Result<f64, String> {
        fields
            .get(index)
            .and_then(|v| v.parse::<u64>().ok())
            .map(|ticks| ticks as f64 / USER_HZ)
            .ok_or_else(|| format!("/proc/self/stat: field {name} is missing or not a number"))
    };
    Ok(tick_field(11, "utime (14)")? + tick_field(12, "stime (15)")?)
}

fn peak_rss_kib_from_status(status: &str) -> Result<u64, String> {
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .ok_or_else(|| "/proc/self/status: no VmHWM line".to_string())?;
    let kib = line.trim().strip_suffix("kB").map(str::trim).unwrap_or(line.trim());
    kib.parse().map_err(|_| format!("/proc/self/status: VmHWM {line:?} is not a number of kB"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utime_and_stime_after_a_command_name_with_spaces() {
        let stat = "1234 (tokio (rt) x) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 4 0 100 200 300";
        assert_eq!(cpu_seconds_from_stat(stat), Ok(3.0));
    }

    #[test]
    fn reads_vmhwm_in_kib() {
        let status = "Name:\tbench\nVmPeak:\t  900 kB\nVmHWM:\t   12345 kB\nVmRSS:\t  100 kB\n";
        assert_eq!(peak_rss_kib_from_status(status), Ok(12345));
        assert!(peak_rss_kib_from_status("Name:\tbench\n").is_err());
    }

    #[test]
    fn this_process_reports_plausible_numbers() {
        assert!(cpu_seconds().unwrap() >= 0.0);
        assert!(peak_rss_kib().unwrap() > 100);
    }
}
