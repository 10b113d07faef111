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

    /// Whether every value of `[lo, hi]` is allowed (`open_lo`: `lo` itself is never drawn).
    pub fn covers(self, lo: f64, hi: f64, open_lo: bool) -> bool {
        hi <= self.max && (lo > self.min || (lo == self.min && (!self.min_exclusive || open_lo)))
    }

    /// "must be in [0, 1]" and the like.
    pub fn describe(self) -> String {
        let (lo, hi) = (self.min, self.max);
        match (lo.is_finite(), hi.is_finite()) {
            (false, false) => "must be a finite number".into(),
            (true, false) if self.min_exclusive => format!("must be > {lo}"),
            (true, false) => format!("must be >= {lo}"),
            (false, true) => format!("must be <= {hi}"),
            (true, true) if self.min_exclusive => format!("must be in ({lo}, {hi}]"),
            (true, true) => format!("must be in [{lo}, {hi}]"),
        }
    }
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
        assert!(Range::POS.covers(0.0, 1.0, true) && !Range::POS.covers(0.0, 1.0, false));
    }
}
