//! The short human summary printed on stdout: target probabilities and horizon bands.

use crate::results::Summary;
use std::fmt::Write;

/// Render the human summary: targets with their 95 % intervals, then the horizon median and
/// 90 % band (the sketch's 5 % and 95 % quantiles) of the key outcomes.
pub fn render(s: &Summary) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}: {} paths, seed {}, {:.2} s ({:.3e} path-steps/s)",
        s.scenario, s.paths, s.seed, s.elapsed_s, s.path_steps_per_s
    );
    if !s.targets.is_empty() {
        let _ = writeln!(o, "targets:");
        for t in &s.targets {
            let _ = writeln!(
                o,
                "  {:<44} P = {:.3}  [95% CI {:.3} – {:.3}]",
                t.name, t.probability, t.ci95_low, t.ci95_high
            );
        }
    }
    if s.steps > 0 {
        let _ = writeln!(o, "at {}: median [90% band]", s.horizon_year());
    } else {
        let _ = writeln!(o, "median [90% band]");
    }
    let band = |r: &crate::results::Row, q: f64| {
        s.quantiles
            .iter()
            .position(|&x| (x - q).abs() < 1e-12)
            .map(|i| r.quantiles[i])
    };
    for m in &s.key_outcomes {
        if let Some(r) = s.row(s.steps, m) {
            let (lo, med, hi) = (band(r, 0.05), band(r, 0.5), band(r, 0.95));
            let f = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.4}"));
            let _ = writeln!(o, "  {:<28} {:>12} [{} – {}]", m, f(med), f(lo), f(hi));
        }
    }
    o
}
