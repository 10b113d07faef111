//! Names of quantile levels (`p05`, `p50`, `p99_9`): written by every table, read back by study
//! outputs (`statistic = "p05"`).

/// Column name of a quantile level in (0, 1): its percentage, written from the shortest decimal
/// that reads back as `q` (so two different levels never share a name): 0.05 → `p05`,
/// 0.5 → `p50`, 0.999 → `p99_9`, 1e-10 → `p00_00000001`.
pub fn quantile_label(q: f64) -> String {
    let s = format!("{q}");
    let Some(digits) = s.strip_prefix("0.") else {
        return format!("p{}", s.replace('.', "_"));
    };
    let mut whole: String = digits.chars().take(2).collect();
    while whole.len() < 2 {
        whole.push('0');
    }
    let rest: String = digits.chars().skip(2).collect();
    if rest.is_empty() {
        format!("p{whole}")
    } else {
        format!("p{whole}_{rest}")
    }
}

/// The level a [`quantile_label`] names (`p05` → 0.05, `p99_9` → 0.999), if it names one
/// strictly between 0 and 1: two digits of percent, then optionally `_` and more digits.
pub fn parse_quantile_label(s: &str) -> Option<f64> {
    let rest = s.strip_prefix('p')?;
    let (whole, frac) = match rest.split_once('_') {
        Some((w, f)) => (w, f),
        None => (rest, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.len() != 2
        || !digits(whole)
        || !digits(frac)
        || (rest.contains('_') && frac.is_empty())
    {
        return None;
    }
    let q: f64 = format!("0.{whole}{frac}").parse().ok()?;
    (q > 0.0 && q < 1.0 && quantile_label(q) == s).then_some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_back() {
        for q in [0.05, 0.5, 0.25, 0.999, 0.01, 0.975, 1e-10] {
            assert_eq!(parse_quantile_label(&quantile_label(q)), Some(q), "{q}");
        }
        for bad in [
            "p5", "p050", "p", "p_5", "p05_", "q05", "p00", "mean", "p5_0",
        ] {
            assert_eq!(parse_quantile_label(bad), None, "{bad}");
        }
    }
}
