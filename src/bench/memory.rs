//! Peak resident memory of this process (Linux `VmHWM`), for the benchmark report.

/// Peak resident set size in bytes, when the platform reports it.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reports_a_plausible_peak_on_linux() {
        if cfg!(target_os = "linux") {
            let b = super::peak_rss_bytes().expect("VmHWM on Linux");
            assert!(b > 100_000 && b < 64 << 30);
        }
    }
}
