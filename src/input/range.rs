//! The values a parameter may take: a closed or half-open interval, described in messages.

use serde::Serialize;

/// An interval of allowed values: `[min, max]`, or `(min, max]` when `min_exclusive`.
/// Infinite ends mean unbounded; every value must also be finite.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Range {
    /// Lower end.
    pub min: f64,
    /// Upper end.
    pub max: f64,
    /// Whether `min` itself is excluded.
    pub min_exclusive: bool,
}

impl Range {
    /// Any finite number.
    pub const ANY: Range = Range::closed(f64::NEG_INFINITY, f64::INFINITY);
    /// ≥ 0.
    pub const NON_NEG: Range = Range::closed(0.0, f64::INFINITY);
    /// > 0.
    pub const POS: Range = Range {
        min: 0.0,
        max: f64::INFINITY,
        min_exclusive: true,
    };
    /// [0, 1].
    pub const UNIT: Range = Range::closed(0.0, 1.0);

    /// `[min, max]`.
    pub const fn closed(min: f64, max: f64) -> Range {
        Range {
            min,
            max,
            min_exclusive: false,
        }
    }

    /// `(min, max]`.
    pub const fn left_open(min: f64, max: f64) -> Range {
        Range {
            min,
            max,
            min_exclusive: true,
        }
    }

    /// Closed bounds (an exclusive lower end is reported as its value).
    pub fn bounds(self) -> (f64, f64) {
        (self.min, self.max)
    }

    /// Whether `x` is allowed.
    pub fn contains(self, x: f64) -> bool {
        x.is_finite()
            && x <= self.max
            && if self.min_exclusive {
                x > self.min
            } else {
                x >= self.min
            }
    }

    /// Whether every value of `[lo, hi]` is allowed (both ends finite and in the range).
    pub fn covers(self, lo: f64, hi: f64) -> bool {
        self.contains(lo) && self.contains(hi)
    }

    /// "must be in [0, 1]" and the like.
    pub fn describe(self) -> String {
        let (lo, hi) = (show(self.min), show(self.max));
        match (self.min.is_finite(), self.max.is_finite()) {
            (false, false) => "must be a finite number".into(),
            (true, false) if self.min_exclusive => format!("must be > {lo}"),
            (true, false) => format!("must be >= {lo}"),
            (false, true) => format!("must be <= {hi}"),
            (true, true) if self.min_exclusive => format!("must be in ({lo}, {hi}]"),
            (true, true) => format!("must be in [{lo}, {hi}]"),
        }
    }
}

/// A number as messages show it: plain digits for moderate magnitudes (`0.5`, `10000`), an
/// exponent with at most six significant digits otherwise (`1e308`, `6.15163e303`), never
/// hundreds of digits.
pub fn show(x: f64) -> String {
    if x == 0.0 || !x.is_finite() || (1e-6..1e16).contains(&x.abs()) {
        return format!("{x}");
    }
    let s = format!("{x:.5e}");
    let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    format!("{mantissa}e{exponent}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_and_describes() {
        assert!(Range::POS.contains(1e-300) && !Range::POS.contains(0.0));
        assert!(Range::NON_NEG.contains(0.0) && !Range::NON_NEG.contains(-1e-300));
        assert!(!Range::ANY.contains(f64::INFINITY) && !Range::ANY.contains(f64::NAN));
        assert_eq!(Range::UNIT.describe(), "must be in [0, 1]");
        assert_eq!(
            Range::closed(0.001, 1.0).describe(),
            "must be in [0.001, 1]"
        );
        assert_eq!(Range::POS.describe(), "must be > 0");
        assert_eq!(Range::NON_NEG.describe(), "must be >= 0");
        assert_eq!(Range::ANY.describe(), "must be a finite number");
        assert!(Range::POS.covers(1e-300, 1.0) && !Range::POS.covers(0.0, 1.0));
        assert!(!Range::NON_NEG.covers(0.0, f64::INFINITY));
        assert_eq!(show(1e308), "1e308");
        assert_eq!(show(-8e307), "-8e307");
        assert_eq!(show(6.151628372601221e303), "6.15163e303");
        assert_eq!(show(0.0005), "0.0005");
        assert_eq!(show(10000.0), "10000");
        assert_eq!(show(f64::INFINITY), "inf");
    }
}
