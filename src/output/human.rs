//! The short human summary printed on stdout: target probabilities and horizon bands.

use crate::results::Summary;
use std::fmt::Write;

pub use crate::charts::format::prob;

/// Render the human summary: targets with their 95 % intervals, then the horizon median and the
/// band between the outermost configured quantiles of the key outcomes (the median is the 0.5
/// quantile when configured, else the mean).
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
                "  {:<44} P = {}  [95% CI {} – {}]",
                t.name,
                prob(t.probability),
                prob(t.ci95_low),
                prob(t.ci95_high)
            );
        }
    }
    let median = s.quantiles.iter().position(|&q| q == 0.5);
    let outer = (s.quantiles.len() >= 2
        && s.quantiles[0] < 0.5
        && *s.quantiles.last().unwrap_or(&0.0) > 0.5)
        .then(|| (0, s.quantiles.len() - 1));
    let pct = |q: f64| crate::charts::format::pct(q);
    let centre = if median.is_some() { "median" } else { "mean" };
    let band = outer.map_or("no band".to_string(), |(a, b)| {
        format!("{}–{} % band", pct(s.quantiles[a]), pct(s.quantiles[b]))
    });
    if s.steps > 0 {
        let _ = writeln!(o, "at {}: {centre} [{band}]", s.horizon_year());
    } else {
        let _ = writeln!(o, "{centre} [{band}]");
    }
    for m in &s.key_outcomes {
        if let Some(r) = s.row(s.steps, m) {
            let mid = median.map_or(r.mean, |i| r.quantiles[i]);
            let band = outer.map_or(String::new(), |(a, b)| {
                format!(" [{:.4} – {:.4}]", r.quantiles[a], r.quantiles[b])
            });
            let _ = writeln!(o, "  {:<28} {:>12.4}{band}", m, mid);
        }
    }
    o
}
