//! Quantile functions (inverse CDFs) and CDFs of the [`Dist`] distributions, so that a design
//! point `u` in [0, 1] (global sensitivity analysis) maps onto a factor's own distribution.
//!
//! The numerics here are separate from, and more accurate than, those behind [`Dist::mean`] and
//! [`Dist::sample`], whose output is pinned: the normal tail is W. J. Cody's rational
//! approximation of `erfc` (1969, netlib `specfun/erf`), its inverse Wichura's AS 241
//! (`PPND16`, 1988), both good to about 1e-16 relative; the beta CDF is the regularised
//! incomplete beta function by Lentz's continued fraction, with ln Γ by Lanczos (g = 7, nine
//! terms), inverted by Newton's method kept inside a bisection bracket.

use super::dist::{mass_with, Dist};
use super::fastmath::{exp_wide as exp, ln, ln_1p};

impl Dist {
    /// The `u`-quantile: the `x` with `cdf(x) = u`, of the truncated distribution where
    /// truncated (for [`Dist::Fixed`] its value). `u = 0` and `u = 1` give the ends of
    /// [`Dist::support`] exactly (an infinite end as it is), and the result always lies in the
    /// support (clamped against rounding).
    ///
    /// Non-decreasing in `u`: exactly for fixed, uniform and triangular; for the others up to
    /// the rounding of the approximations: two `u` a few units in the last place apart can
    /// give quantiles the wrong way round by up to about 1e-14 (relative), so any grid of `u`
    /// whose quantiles differ by more than that comes out ordered.
    ///
    /// Accuracy (against scipy and mpmath): normal and log-normal about 1e-14 relative
    /// (absolute about 1e-16 times `|mean| + sd |z|`, so a quantile near 0 of a normal centred
    /// away from 0 is good in absolute terms only); beta and PERT about 1e-14 of `max - min`,
    /// and relative near either end; triangular about 1e-16 of `max(|min|, |max|)`. A narrow
    /// truncation far out in a normal's tail, with `P(Z > |a|) >> mass`, is resolved to about
    /// `1e-16 P(Z > |a|) / mass` of its width.
    ///
    /// A `u` outside [0, 1] is taken as its nearer end. Panics on a NaN `u`, and, like
    /// [`Dist::sample`], on parameters that validation refuses (e.g. `min > max`).
    pub fn quantile(&self, u: f64) -> f64 {
        assert!(!u.is_nan(), "Dist::quantile: u is NaN");
        let (lo, hi) = self.support();
        if u <= 0.0 {
            return lo;
        }
        if u >= 1.0 {
            return hi;
        }
        let x = match *self {
            Dist::Fixed(v) => v,
            Dist::Uniform { min, max } => min + u * (max - min),
            Dist::Normal { mean, sd, .. } => mean + sd * TruncStd::of(self).quantile(u),
            Dist::LogNormal { mu, sigma, .. } => exp(mu + sigma * TruncStd::of(self).quantile(u)),
            Dist::Triangular { min, mode, max } => triangular_quantile(u, min, mode, max),
            Dist::Beta { .. } | Dist::Pert { .. } => {
                let (alpha, beta, min, max) = self.beta_form();
                if u <= 0.5 {
                    min + (max - min) * beta_lower_inverse(u, alpha, beta)
                } else {
                    // From the upper end: 1 - u is exact, and so is the distance to max.
                    max - (max - min) * beta_lower_inverse(1.0 - u, beta, alpha)
                }
            }
        };
        x.clamp(lo, hi)
    }

    /// P(X ≤ x), of the truncated distribution where truncated: 0 below [`Dist::support`] and
    /// at its lower end (1 there for [`Dist::Fixed`]), 1 at and above its upper end, in [0, 1]
    /// throughout. Normal and log-normal about 1e-15 relative in the lower tail (below 1/2) and
    /// 1e-16 absolute above; beta and PERT about 1e-14 likewise for moderate shapes (shapes in
    /// the thousands lose a few digits to ln Γ). A NaN `x` gives NaN.
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        let (lo, hi) = self.support();
        if x < lo || (x == lo && lo < hi) {
            return 0.0;
        }
        if x >= hi {
            return 1.0;
        }
        let p = match *self {
            Dist::Fixed(_) => 1.0,
            Dist::Uniform { min, max } => (x - min) / (max - min),
            Dist::Normal { mean, sd, .. } => TruncStd::of(self).cdf((x - mean) / sd),
            Dist::LogNormal { mu, sigma, .. } => TruncStd::of(self).cdf((ln(x) - mu) / sigma),
            Dist::Triangular { min, mode, max } => triangular_cdf(x, min, mode, max),
            Dist::Beta { .. } | Dist::Pert { .. } => {
                let (alpha, beta, min, max) = self.beta_form();
                beta_lower(((x - min) / (max - min)).clamp(0.0, 1.0), alpha, beta)
            }
        };
        p.clamp(0.0, 1.0)
    }

    /// A beta or PERT as `(alpha, beta, min, max)`: PERT (λ = 4) is Beta(α, β) on `[min, max]`
    /// with α = 1 + 4 (mode - min) / (max - min) and β = 1 + 4 (max - mode) / (max - min), as
    /// `rand_distr::Pert` computes them. Only called on those two.
    fn beta_form(&self) -> (f64, f64, f64, f64) {
        match *self {
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => (alpha, beta, min, max),
            Dist::Pert { min, mode, max } => {
                let range = max - min;
                let alpha = 1.0 + 4.0 * (mode - min) / range;
                (alpha, 1.0 + 4.0 * (max - mode) / range, min, max)
            }
            _ => unreachable!("beta_form of {self:?}"),
        }
    }
}

/// A standard normal truncated to `[a, b]` (`a < b`, either end possibly infinite), with the
/// probability beyond each end on each side, so that its CDF and quantile never subtract two
/// nearly equal tails.
struct TruncStd {
    /// The truncation bounds.
    a: f64,
    b: f64,
    /// P(Z ≤ a), P(Z > a), P(Z ≤ b), P(Z > b): each accurate to about 1e-16 relative when it is
    /// below 1/2 and 1e-16 absolute otherwise.
    below_a: f64,
    above_a: f64,
    below_b: f64,
    above_b: f64,
    /// P(a ≤ Z ≤ b), from the tails that do not cancel.
    mass: f64,
}

impl TruncStd {
    /// The standardised normal of a normal, or of a log-normal's log.
    fn of(d: &Dist) -> TruncStd {
        let (a, b) = d.standard_bounds();
        TruncStd {
            a,
            b,
            below_a: normal_upper(-a),
            above_a: normal_upper(a),
            below_b: normal_upper(-b),
            above_b: normal_upper(b),
            mass: mass_with(a, b, normal_upper),
        }
    }

    /// The `u`-quantile, `0 < u < 1`. The lower tail `p` and the upper tail `t` at the answer are
    /// each formed from the nearer end (so that `1 - u` is exact where used), and the smaller is
    /// inverted.
    fn quantile(&self, u: f64) -> f64 {
        let m = self.mass;
        let (p, t) = if u <= 0.5 {
            (self.below_a + u * m, self.above_a - u * m)
        } else {
            (self.below_b - (1.0 - u) * m, self.above_b + (1.0 - u) * m)
        };
        let z = if p <= t {
            normal_lower_inverse(p)
        } else {
            -normal_lower_inverse(t)
        };
        z.clamp(self.a, self.b)
    }

    /// P(Z ≤ z | a ≤ Z ≤ b).
    fn cdf(&self, z: f64) -> f64 {
        let num = if z <= 0.0 {
            normal_upper(-z) - self.below_a
        } else {
            self.above_a - normal_upper(z)
        };
        (num / self.mass).clamp(0.0, 1.0)
    }
}

/// Cody's `erfc` coefficients for `|x| <= 0.46875` (as `1 - erf`), `0.46875 < |x| <= 4` and
/// `|x| > 4`: numerator and denominator of each rational function, in Cody's order.
const ERF_A: [f64; 5] = [
    3.1611237438705655,
    113.86415415105016,
    377.485237685302,
    3209.3775891384694,
    0.18577770618460315,
];
const ERF_B: [f64; 4] = [
    23.601290952344122,
    244.02463793444417,
    1282.6165260773723,
    2844.236833439171,
];
const ERFC_C: [f64; 9] = [
    0.5641884969886701,
    8.883149794388377,
    66.11919063714163,
    298.6351381974001,
    881.952221241769,
    1712.0476126340707,
    2051.0783778260716,
    1230.3393547979972,
    2.1531153547440383e-8,
];
const ERFC_D: [f64; 8] = [
    15.744926110709835,
    117.6939508913125,
    537.1811018620099,
    1621.3895745666903,
    3290.7992357334597,
    4362.619090143247,
    3439.3676741437216,
    1230.3393548037495,
];
const ERFC_P: [f64; 6] = [
    0.30532663496123236,
    0.36034489994980445,
    0.12578172611122926,
    0.016083785148742275,
    0.0006587491615298378,
    0.016315387137302097,
];
const ERFC_Q: [f64; 5] = [
    2.568520192289822,
    1.8729528499234604,
    0.5279051029514285,
    0.06051834131244132,
    0.0023352049762686918,
];

/// Cody's rational function of `x`: `num` has one more coefficient than `den`; its last is the
/// leading one and its second-last the constant term (the order of `specfun/erf`'s loops).
fn cody_rational(x: f64, num: &[f64], den: &[f64]) -> f64 {
    let n = den.len();
    let (mut xnum, mut xden) = (num[n] * x, x);
    for i in 0..n - 1 {
        xnum = (xnum + num[i]) * x;
        xden = (xden + den[i]) * x;
    }
    (xnum + num[n - 1]) / (xden + den[n - 1])
}

/// The complementary error function to about 1e-16 relative (Cody's `CALERF` with `JINT = 1`):
/// exactly 0 from `x = 26.543`, where the true value underflows.
fn erfc_accurate(x: f64) -> f64 {
    let y = x.abs();
    if y <= 0.46875 {
        return 1.0 - x * cody_rational(y * y, &ERF_A, &ERF_B);
    }
    let r = if y <= 4.0 {
        cody_rational(y, &ERFC_C, &ERFC_D)
    } else if y < 26.543 {
        let ysq = 1.0 / (y * y);
        (0.5 * std::f64::consts::FRAC_2_SQRT_PI - ysq * cody_rational(ysq, &ERFC_P, &ERFC_Q)) / y
    } else {
        // Also for an infinite or NaN x (NaN then gives NaN).
        return if x < 0.0 {
            2.0
        } else if x > 0.0 {
            0.0
        } else {
            x
        };
    };
    // exp(-y²) as exp(-s²) exp(-(y - s)(y + s)) with s = y rounded down to 1/16, so that the
    // rounding of y² is not magnified.
    let s = (y * 16.0).trunc() / 16.0;
    let r = exp(-s * s) * exp(-(y - s) * (y + s)) * r;
    if x < 0.0 {
        2.0 - r
    } else {
        r
    }
}

/// P(Z > z) for a standard normal, to about 1e-16 relative where below 1/2 (the rounding of
/// `z / sqrt 2` adds about `z² 1e-16`, i.e. 1e-14 at z = 10) and 1e-16 absolute above.
pub(crate) fn normal_upper(z: f64) -> f64 {
    0.5 * erfc_accurate(z * std::f64::consts::FRAC_1_SQRT_2)
}

/// Wichura's AS 241 coefficients, lowest degree first: `|p - 1/2| <= 0.425` (A over B), then
/// `r = sqrt(-ln min(p, 1 - p))` up to 5 (C over D) and beyond (E over F).
const PPND_A: [f64; 8] = [
    3.3871328727963665,
    133.14166789178438,
    1971.5909503065513,
    13731.69376550946,
    45921.95393154987,
    67265.7709270087,
    33430.57558358813,
    2509.0809287301227,
];
const PPND_B: [f64; 8] = [
    1.0,
    42.31333070160091,
    687.1870074920579,
    5394.196021424751,
    21213.794301586597,
    39307.89580009271,
    28729.085735721943,
    5226.495278852854,
];
const PPND_C: [f64; 8] = [
    1.4234371107496835,
    4.630337846156546,
    5.769497221460691,
    3.6478483247632045,
    1.2704582524523684,
    0.2417807251774506,
    0.022723844989269184,
    0.0007745450142783414,
];
const PPND_D: [f64; 8] = [
    1.0,
    2.053191626637759,
    1.6763848301838038,
    0.6897673349851,
    0.14810397642748008,
    0.015198666563616457,
    0.0005475938084995345,
    1.0507500716444169e-9,
];
const PPND_E: [f64; 8] = [
    6.657904643501103,
    5.463784911164114,
    1.7848265399172913,
    0.29656057182850487,
    0.026532189526576124,
    0.0012426609473880784,
    2.7115555687434876e-5,
    2.0103343992922881e-7,
];
const PPND_F: [f64; 8] = [
    1.0,
    0.599832206555888,
    0.1369298809227358,
    0.014875361290850615,
    0.0007868691311456133,
    1.8463183175100548e-5,
    1.421511758316446e-7,
    2.0442631033899397e-15,
];

/// A polynomial by Horner's rule, coefficients lowest degree first.
fn horner(x: f64, coeffs: &[f64]) -> f64 {
    coeffs.iter().rev().fold(0.0, |acc, &c| acc * x + c)
}

/// The standard normal quantile Φ⁻¹(p) by AS 241 (`PPND16`, about 1e-16 relative); -inf for
/// `p <= 0`, +inf for `p >= 1`. Given the lower tail `p`, it is accurate for `p` near 0; for an
/// upper quantile pass the upper tail `t` and negate: Φ⁻¹(1 - t) = -Φ⁻¹(t).
pub(crate) fn normal_lower_inverse(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * horner(r, &PPND_A) / horner(r, &PPND_B);
    }
    let r = (-ln(if q < 0.0 { p } else { 1.0 - p })).sqrt();
    let z = if r <= 5.0 {
        horner(r - 1.6, &PPND_C) / horner(r - 1.6, &PPND_D)
    } else {
        horner(r - 5.0, &PPND_E) / horner(r - 5.0, &PPND_F)
    };
    if q < 0.0 {
        -z
    } else {
        z
    }
}

/// The triangular quantile in closed form, each branch kept on its side of the mode (so the
/// whole is non-decreasing in `u`), with `1 - u` (exact for `u >= 1/2`) on the upper branch.
fn triangular_quantile(u: f64, min: f64, mode: f64, max: f64) -> f64 {
    let width = max - min;
    if u * width <= mode - min {
        (min + (u * width * (mode - min)).sqrt()).min(mode)
    } else {
        (max - ((1.0 - u) * width * (max - mode)).sqrt()).max(mode)
    }
}

/// The triangular CDF for `min < x < max`.
fn triangular_cdf(x: f64, min: f64, mode: f64, max: f64) -> f64 {
    let width = max - min;
    if x <= mode {
        (x - min) * (x - min) / (width * (mode - min))
    } else {
        1.0 - (max - x) * (max - x) / (width * (max - mode))
    }
}

/// Lanczos coefficients for g = 7, nine terms.
const LANCZOS: [f64; 9] = [
    0.9999999999998099,
    676.5203681218851,
    -1259.1392167224028,
    771.3234287776531,
    -176.6150291621406,
    12.507343278686905,
    -0.13857109526572012,
    9.984369578019572e-6,
    1.5056327351493116e-7,
];

/// ln Γ(x) for `x > 0` (Lanczos, g = 7; Γ(x + 1) / x below 1/2): about 1e-15 of `max(1, |ln Γ|)`.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    if x < 0.5 {
        // Γ(x) = Γ(x + 1) / x: no reflection, so no sine.
        return ln_gamma(x + 1.0) - ln(x);
    }
    let x = x - 1.0;
    let sum = LANCZOS[1..]
        .iter()
        .enumerate()
        .fold(LANCZOS[0], |acc, (i, &c)| acc + c / (x + (i + 1) as f64));
    let t = x + 7.5;
    0.5 * ln(2.0 * std::f64::consts::PI) + (x + 0.5) * ln(t) - t + ln(sum)
}

/// ln B(a, b).
fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

/// The continued fraction of the incomplete beta function (modified Lentz), converging fast for
/// `x < (a + 1) / (a + b + 2)` (in about `sqrt(max(a, b))` terms; at most 10 000):
/// `I_x(a, b) = x^a (1 - x)^b / (a B(a, b)) * beta_fraction(x, a, b)`.
fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let nonzero = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / nonzero(1.0 - (a + b) * x / (a + 1.0));
    let mut h = d;
    // One term `aa` of the fraction: returns the factor it multiplies the convergent by.
    let mut term = |aa: f64| {
        d = 1.0 / nonzero(1.0 + aa * d);
        c = nonzero(1.0 + aa / c);
        d * c
    };
    for m in 1..=10_000 {
        let m = f64::from(m);
        let even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        h *= term(even);
        let odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        let step = term(odd);
        h *= step;
        if (step - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    h
}

/// `(I_x(a, b), 1 - I_x(a, b))` for `0 <= x <= 1` (`ln_b` = ln B(a, b)), each to about 1e-15
/// relative where the continued fraction gives it directly (the smaller side, roughly) and 1e-16
/// absolute otherwise.
fn beta_tails(x: f64, a: f64, b: f64, ln_b: f64) -> (f64, f64) {
    if x <= 0.0 {
        return (0.0, 1.0);
    }
    if x >= 1.0 {
        return (1.0, 0.0);
    }
    let front = exp(a * ln(x) + b * ln_1p(-x) - ln_b);
    if x < (a + 1.0) / (a + b + 2.0) {
        let lower = front * beta_fraction(x, a, b) / a;
        (lower, 1.0 - lower)
    } else {
        let upper = front * beta_fraction(1.0 - x, b, a) / b;
        (1.0 - upper, upper)
    }
}

/// The regularised incomplete beta function `I_x(a, b)`, the CDF of Beta(a, b) at `x`.
pub(crate) fn beta_lower(x: f64, a: f64, b: f64) -> f64 {
    beta_tails(x, a, b, ln_beta(a, b)).0
}

/// The `x` in [0, 1] with `I_x(a, b) = p` for `0 < p <= 1/2`: Newton's method from a
/// closed-form start (Numerical Recipes' `invbetai`), each iterate kept strictly inside a
/// bracket that the signs of the residuals shrink, bisecting where Newton would leave it. Stops
/// when a Newton step is below 2.2e-16 of the iterate, or the bracket holds no float between
/// its ends; 200 steps bound the bracket below 1e-60.
fn beta_lower_inverse(p: f64, a: f64, b: f64) -> f64 {
    let ln_b = ln_beta(a, b);
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    let mut x = beta_start(p, a, b, ln_b);
    if x < f64::MIN_POSITIVE {
        // Subnormal or 0: the power law x^a / (a B), exact to O(x), is as good as a float
        // there can hold (and Newton's steps would lose themselves in the missing bits).
        return x;
    }
    if !(x > lo && x < hi) {
        x = 0.5;
    }
    for _ in 0..200 {
        let f = beta_tails(x, a, b, ln_b).0 - p;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let density = exp((a - 1.0) * ln(x) + (b - 1.0) * ln_1p(-x) - ln_b);
        let newton = x - f / density;
        if (newton - x).abs() <= 2.0 * f64::EPSILON * x {
            return x;
        }
        let next = if newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if next == lo || next == hi {
            // lo and hi are neighbouring floats.
            return next;
        }
        x = next;
    }
    x
}

/// A starting point for [`beta_lower_inverse`] (`0 < p <= 1/2`): the power law `x^a / (a B)`
/// of `I_x` near 0 where that puts `x` near 0; else for `a, b >= 1` a normal approximation
/// (Abramowitz & Stegun 26.5.22), and otherwise the power laws of the two ends, split where
/// they meet (as in Numerical Recipes' `invbetai`).
fn beta_start(p: f64, a: f64, b: f64, ln_b: f64) -> f64 {
    let near0 = (ln(a * p) + ln_b) / a;
    if near0 < -7.0 {
        return exp(near0);
    }
    if a >= 1.0 && b >= 1.0 {
        // Abramowitz & Stegun 26.2.22: the normal z with P(Z > z) = p.
        let t = (-2.0 * ln(p)).sqrt();
        let z = t - (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481));
        let lambda = (z * z - 3.0) / 6.0;
        let (ra, rb) = (1.0 / (2.0 * a - 1.0), 1.0 / (2.0 * b - 1.0));
        let h = 2.0 / (ra + rb);
        let w = z * (lambda + h).sqrt() / h - (rb - ra) * (lambda + 5.0 / 6.0 - 2.0 / (3.0 * h));
        a / (a + b * exp(2.0 * w))
    } else {
        let end0 = exp(a * ln(a / (a + b))) / a;
        let end1 = exp(b * ln(b / (a + b))) / b;
        let total = end0 + end1;
        if p < end0 / total {
            exp(ln(a * total * p) / a)
        } else {
            1.0 - exp(ln(b * total * (1.0 - p)) / b)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INF: f64 = f64::INFINITY;

    /// Asserts `|got - want| <= rel |want| + abs`.
    fn close(what: &str, got: f64, want: f64, rel: f64, abs: f64) {
        assert!(
            (got - want).abs() <= rel * want.abs() + abs,
            "{what}: got {got:e}, want {want:e} (error {:e})",
            (got - want).abs()
        );
    }

    fn normal(mean: f64, sd: f64, min: f64, max: f64) -> Dist {
        Dist::Normal { mean, sd, min, max }.windowed()
    }

    fn lognormal(mu: f64, sigma: f64, min: f64, max: f64) -> Dist {
        Dist::LogNormal {
            mu,
            sigma,
            min,
            max,
        }
        .windowed()
    }

    fn beta(alpha: f64, beta: f64, min: f64, max: f64) -> Dist {
        Dist::Beta {
            alpha,
            beta,
            min,
            max,
        }
    }

    fn tri(min: f64, mode: f64, max: f64) -> Dist {
        Dist::Triangular { min, mode, max }
    }

    fn pert(min: f64, mode: f64, max: f64) -> Dist {
        Dist::Pert { min, mode, max }
    }

    /// Every kind, with truncations on one side, both sides and far in a tail, and betas with
    /// shapes below 1.
    fn cases() -> Vec<Dist> {
        vec![
            Dist::Fixed(2.5),
            Dist::Uniform {
                min: -1.0,
                max: 3.0,
            },
            normal(0.04, 0.015, -INF, INF),
            normal(0.04, 0.015, 0.0, INF),
            normal(0.0, 1.0, 1.0, 2.0),
            normal(0.0, 1.0, 6.0, INF),
            normal(0.0, 1.0, -INF, -3.0),
            normal(0.0, 1.0, -0.1, 3.0),
            lognormal(0.0, 0.5, 0.0, INF),
            lognormal(1.0, 1.0, 1.0, 5.0),
            lognormal(3.0, 2.0, 0.0, 100.0),
            tri(0.2, 0.38, 0.6),
            tri(0.0, 0.0, 1.0),
            tri(1.0, 3.0, 3.0),
            beta(2.0, 5.0, 0.0, 1.0),
            beta(0.5, 0.5, 10.0, 20.0),
            beta(0.3, 0.7, 0.0, 1.0),
            beta(5.0, 1.5, 0.0, 1.0),
            beta(50.0, 80.0, 0.0, 1.0),
            pert(0.0, 0.1, 1.0),
            pert(0.0, 0.0, 1.0),
            pert(1.0, 3.0, 3.0),
        ]
    }

    #[test]
    fn normal_tail_and_inverse_match_scipy() {
        // scipy.special.ndtr(-z) for each z: P(Z > z). Tolerance 1e-15 relative, plus the
        // rounding of z / sqrt 2 (about z² 1e-16).
        let tails = [
            (-5.0, 0.9999997133484281),
            (-1.0, 0.8413447460685429),
            (0.0, 0.5),
            (0.3, 0.3820885778110474),
            (1.0, 0.15865525393145707),
            (2.5, 0.006209665325776132),
            (5.0, 2.866515718791933e-07),
            (8.0, 6.22096057427174e-16),
            (10.0, 7.61985302416047e-24),
            (20.0, 2.7536241186061556e-89),
            (37.0, 5.7255712225239266e-300),
        ];
        for (z, want) in tails {
            close(
                &format!("P(Z > {z})"),
                normal_upper(z),
                want,
                1e-15 * (1.0 + z * z),
                0.0,
            );
        }
        assert_eq!(normal_upper(INF), 0.0);
        assert_eq!(normal_upper(-INF), 1.0);
        // scipy.special.ndtri(p) for each p; tolerance 4 units in the last place (+1e-300 at 0).
        let quantiles = [
            (1e-300, -37.0470962993612),
            (1e-100, -21.273453560965322),
            (1e-20, -9.262340089798409),
            (1e-10, -6.361340902404056),
            (1e-5, -4.264890793922825),
            (0.01, -2.3263478740408408),
            (0.075, -1.4395314709384563),
            (0.2, -0.8416212335729142),
            (0.5, 0.0),
            (0.7, 0.5244005127080407),
            (0.925, 1.4395314709384563),
            (0.99, 2.3263478740408408),
        ];
        for (p, want) in quantiles {
            close(
                &format!("Φ⁻¹({p})"),
                normal_lower_inverse(p),
                want,
                4.0 * f64::EPSILON,
                1e-300,
            );
        }
        assert_eq!(normal_lower_inverse(0.0), -INF);
        assert_eq!(normal_lower_inverse(1.0), INF);
    }

    #[test]
    fn gamma_and_beta_functions_match_python() {
        // math.lgamma(x) for each x; tolerance 2e-15 of max(1, |ln Γ|).
        let ln_gammas = [
            (1e-8, 18.42068073818021),
            (0.1, 2.2527126517342055),
            (0.5, 0.5723649429247004),
            (1.0, 0.0),
            (1.5, -0.12078223763524543),
            (2.0, 0.0),
            (3.7, 1.4280723266653883),
            (10.0, 12.801827480081467),
            (100.0, 359.1342053695754),
            (1000.0, 5905.220423209181),
        ];
        for (x, want) in ln_gammas {
            close(&format!("ln Γ({x})"), ln_gamma(x), want, 2e-15, 2e-15);
        }
        // scipy.special.betainc(a, b, x) for each (a, b, x); tolerance 1e-13 relative.
        let betas = [
            (2.0, 5.0, 0.3, 0.5798250000000003),
            (0.5, 0.5, 0.999, 0.9798649583666235),
            (0.3, 0.7, 1e-20, 8.583936913341403e-07),
            (50.0, 80.0, 0.45, 0.9355332910102223),
            (5.0, 1.5, 0.2, 0.0007906635744439764),
            (0.05, 0.2, 0.5, 0.8036923590480454),
        ];
        for (a, b, x, want) in betas {
            close(
                &format!("I_{x}({a}, {b})"),
                beta_lower(x, a, b),
                want,
                1e-13,
                0.0,
            );
        }
    }

    /// Checks each `d.quantile(u)` against its `want` to `rel |want| + abs (max - min)`.
    fn check_quantiles(rel: f64, abs: f64, table: &[(Dist, &[(f64, f64)])]) {
        for &(d, pairs) in table {
            let (lo, hi) = d.support();
            for &(u, want) in pairs {
                let what = format!("{d:?} quantile({u})");
                close(&what, d.quantile(u), want, rel, abs * (hi - lo));
            }
        }
    }

    #[test]
    fn normal_and_lognormal_quantiles_match_scipy() {
        // (distribution, [(u, want)]). Tolerance 1e-13 relative (measured worst against scipy
        // over 320 u in (0, 1) per case: 6e-15 normal, 2e-14 log-normal, away from x = 0).
        #[rustfmt::skip]
        let table: &[(Dist, &[(f64, f64)])] = &[
            // stats.truncnorm(-10, 10, loc=0.04, scale=0.015).ppf(u), the window's bounds
            // computed as (mean - 10 sd - mean) / sd and (mean + 10 sd - mean) / sd.
            (normal(0.04, 0.015, -INF, INF), &[
                (0.001, -0.0063534845925171946),
                (0.3, 0.03213399230937939),
                (0.999, 0.0863534845925172),
            ]),
            // stats.truncnorm((0 - 0.04) / 0.015, 10, loc=0.04, scale=0.015).ppf(u). Near
            // u = 1 scipy 1.17 strays here: at u = 1 - 1e-15 it gives 0.15912975839333005,
            // mpmath at 60 digits 0.15912880603743699871, which is pinned instead.
            (normal(0.04, 0.015, 0.0, INF), &[
                (0.05, 0.015841742013880264),
                (0.7, 0.04791562536245369),
                (0.999, 0.08637057856615746),
                (0.999999999999999, 0.159128806037437),
            ]),
            // stats.truncnorm(6, 10).ppf(u): far in the upper tail.
            (normal(0.0, 1.0, 6.0, INF), &[
                (1e-10, 6.000000000016238),
                (0.5, 6.1115650618134385),
                (0.999, 7.036366493708627),
            ]),
            // stats.truncnorm(-10, -3).ppf(u): the lower tail.
            (normal(0.0, 1.0, -INF, -3.0), &[
                (1e-10, -7.308580290776502),
                (0.95, -3.015589034785826),
            ]),
            // stats.truncnorm(-0.1, 3).ppf(u): both ends cut, the mean inside.
            (normal(0.0, 1.0, -0.1, 3.0), &[
                (0.3, 0.30998953960205483),
                (0.999, 2.8962302401839746),
            ]),
            // Log-normals: np.exp(stats.truncnorm(a, b, loc=mu, scale=sigma).ppf(u)), a and b
            // the standardised log bounds: here -10 and 10 (the window).
            (lognormal(0.0, 0.5, 0.0, INF), &[
                (1e-10, 0.041557783313097944),
                (0.95, 2.276016608514317),
            ]),
            // a, b = (ln 1 - 1) / 1, (ln 5 - 1) / 1.
            (lognormal(1.0, 1.0, 1.0, 5.0), &[
                (0.001, 1.0023565998189359),
                (0.7, 3.1437952145059693),
            ]),
            // a, b = -10, (ln 100 - 3) / 2.
            (lognormal(3.0, 2.0, 0.0, 100.0), &[
                (1e-10, 5.571198238189557e-05),
                (0.999, 99.45630692854988),
            ]),
        ];
        check_quantiles(1e-13, 0.0, table);
    }

    #[test]
    fn beta_pert_and_triangular_quantiles_match_scipy() {
        // stats.beta(a, b, loc=min, scale=max - min).ppf(u); for PERT with a, b =
        // 1 + 4 (mode - min) / (max - min), 1 + 4 (max - mode) / (max - min). Tolerance 1e-13
        // relative plus 1e-13 of the width (measured worst against scipy over 320 u: 1e-14
        // relative, 6e-15 of the width).
        #[rustfmt::skip]
        let table: &[(Dist, &[(f64, f64)])] = &[
            (beta(2.0, 5.0, 0.0, 1.0), &[
                (1e-10, 2.581997786411184e-06),
                (0.3, 0.18180347131894917),
                (0.999, 0.818613866919134),
            ]),
            (beta(0.5, 0.5, 10.0, 20.0), &[
                (0.001, 10.000024673990708),
                (0.95, 19.938441702975688),
            ]),
            (beta(5.0, 1.5, 0.0, 1.0), &[
                (0.001, 0.20982732061241754),
                (0.7, 0.8729164202758497),
            ]),
            (beta(50.0, 80.0, 0.0, 1.0), &[
                (0.001, 0.2598740683487403),
                (0.95, 0.4555680883616035),
            ]),
            (pert(0.0, 0.1, 1.0), &[
                (1e-10, 1.753584640088497e-08),
                (0.5, 0.2026648503614662),
                (0.999, 0.8094776522411731),
            ]),
            (pert(0.2, 0.38, 0.6), &[
                (0.05, 0.26539254598981277),
                (0.7, 0.42953805751465046),
            ]),
            (pert(1.0, 3.0, 3.0), &[
                (0.001, 1.502377286301916),
                (0.95, 2.9795875633739772),
            ]),
        ];
        check_quantiles(1e-13, 1e-13, table);
        // Both shapes below 1, pinned relative only (the first x is 7.7e-34).
        #[rustfmt::skip]
        let table: &[(Dist, &[(f64, f64)])] = &[
            (beta(0.3, 0.7, 0.0, 1.0), &[
                (1e-10, 7.721676616361378e-34),
                (0.05, 7.660738053881493e-05),
                (0.95, 0.9435739428608337),
            ]),
        ];
        check_quantiles(1e-13, 0.0, table);
        // stats.triang((mode - min) / (max - min), loc=min, scale=max - min).ppf(u): a closed
        // form, to 1e-15 relative.
        #[rustfmt::skip]
        let table: &[(Dist, &[(f64, f64)])] = &[
            (tri(0.2, 0.38, 0.6), &[
                (0.001, 0.20848528137423858),
                (0.5, 0.39023823036596966),
                (0.999, 0.5906191684803531),
            ]),
            (tri(0.0, 0.0, 1.0), &[(0.3, 0.16333997346592444)]),
            (tri(1.0, 3.0, 3.0), &[(0.05, 1.4472135954999579)]),
        ];
        check_quantiles(1e-15, 0.0, table);
    }

    #[test]
    fn cdfs_match_scipy() {
        // (distribution, x, scipy's cdf at x); tolerance 1e-14 relative.
        let cases = [
            // stats.truncnorm((0 - 0.04) / 0.015, 10, loc=0.04, scale=0.015).cdf(0.05)
            (normal(0.04, 0.015, 0.0, INF), 0.05, 0.746536601175625),
            // stats.truncnorm(6, 10).cdf(6.5)
            (normal(0.0, 1.0, 6.0, INF), 6.5, 0.9592940312595853),
            // stats.truncnorm(-10, -3).cdf(-5)
            (normal(0.0, 1.0, -INF, -3.0), -5.0, 0.00021235053697577622),
            // stats.truncnorm(-1, np.log(5) - 1).cdf(np.log(2) - 1)
            (lognormal(1.0, 1.0, 1.0, 5.0), 2.0, 0.38725314627622887),
            // stats.triang(0.45, loc=0.2, scale=0.4).cdf(0.3) and .cdf(0.5)
            (tri(0.2, 0.38, 0.6), 0.3, 0.1388888888888888),
            (tri(0.2, 0.38, 0.6), 0.5, 0.886363636363636),
            // stats.beta(0.5, 0.5, loc=10, scale=10).cdf(19)
            (beta(0.5, 0.5, 10.0, 20.0), 19.0, 0.7951672353008665),
            // stats.beta(1.4, 4.6).cdf(0.25): PERT(0, 0.1, 1)
            (pert(0.0, 0.1, 1.0), 0.25, 0.6047814009980937),
        ];
        for (d, x, want) in cases {
            close(&format!("{d:?} cdf({x})"), d.cdf(x), want, 1e-14, 0.0);
        }
        let d = Dist::Uniform {
            min: -1.0,
            max: 3.0,
        };
        assert_eq!((d.cdf(-2.0), d.cdf(0.0), d.cdf(3.0)), (0.0, 0.25, 1.0));
        let d = Dist::Fixed(2.5);
        assert_eq!((d.cdf(2.4), d.cdf(2.5)), (0.0, 1.0));
        assert!(d.cdf(f64::NAN).is_nan());
    }

    /// Design points for the grid tests: a uniform grid of `n` midpoints and, on each side,
    /// points reaching 1e-300 into the tail.
    fn grid(n: usize) -> Vec<f64> {
        let mut us: Vec<f64> = (0..=300).map(|k| 10f64.powi(-k)).collect();
        us.extend((0..300).map(|k| 1.0 - 10f64.powf(-0.05 * f64::from(k) - 1.0)));
        us.extend((0..n).map(|i| (i as f64 + 0.5) / n as f64));
        us.sort_by(f64::total_cmp);
        us
    }

    #[test]
    fn ends_of_the_unit_interval_give_the_ends_of_the_support() {
        let mut all = cases();
        // Unwindowed, so with infinite ends: returned as they are.
        all.push(Dist::Normal {
            mean: 0.0,
            sd: 1.0,
            min: -INF,
            max: INF,
        });
        all.push(Dist::LogNormal {
            mu: 0.0,
            sigma: 1.0,
            min: 0.0,
            max: INF,
        });
        for d in all {
            let (lo, hi) = d.support();
            assert_eq!((d.quantile(0.0), d.quantile(1.0)), (lo, hi), "{d:?}");
            assert_eq!((d.quantile(-0.5), d.quantile(1.5)), (lo, hi), "{d:?}");
            assert_eq!((d.cdf(lo - 1.0), d.cdf(hi)), (0.0, 1.0), "{d:?}");
        }
    }

    #[test]
    #[should_panic(expected = "u is NaN")]
    fn a_nan_design_point_panics() {
        normal(0.0, 1.0, -INF, INF).quantile(f64::NAN);
    }

    #[test]
    fn quantiles_are_monotone_and_in_the_support() {
        // Exactly non-decreasing over 10^5 midpoints plus 600 tail points: the rounding
        // wobble of the approximations (~1e-15 relative) is far below these steps.
        let us = grid(100_000);
        for d in cases() {
            let (lo, hi) = d.support();
            let mut prev = lo;
            for &u in &us {
                let x = d.quantile(u);
                assert!(x >= lo && x <= hi, "{d:?}: quantile({u}) = {x} outside");
                assert!(x >= prev, "{d:?}: quantile({u}) = {x} < {prev}");
                prev = x;
            }
        }
    }

    #[test]
    fn cdf_inverts_the_quantile() {
        // |cdf(quantile(u)) - u| <= 1e-12 min(u, 1 - u) + 4.4e-16 u (the spacing of floats
        // near u), plus how far the cdf moves over the
        // rounding that the quantile's arithmetic allows (large where the density is): 8 units
        // of 1.1e-16 in x; for the normal of mean + sd z, also in mean and in x - mean; for the
        // log-normal of mu + sigma z, in ln x; for the triangular, in its ends.
        for d in cases() {
            if let Dist::Fixed(_) = d {
                continue; // A step: cdf(v) = 1 for every u.
            }
            let slack = |x: f64| {
                let e = 8.0 * f64::EPSILON / 2.0;
                match d {
                    Dist::Normal { mean, .. } => e * (x.abs() + mean.abs() + (x - mean).abs()),
                    Dist::LogNormal { mu, .. } => e * x * (1.0 + mu.abs() + (x.ln() - mu).abs()),
                    // min + sqrt(..) and max - sqrt(..): absolute, as large as the ends.
                    Dist::Triangular { min, max, .. } => e * (x.abs() + min.abs().max(max.abs())),
                    _ => e * x.abs(),
                }
            };
            let (lo, hi) = d.support();
            for u in grid(2_000) {
                let x = d.quantile(u);
                let c = d.cdf(x);
                let (below, above) = ((x - slack(x)).max(lo), (x + slack(x)).min(hi));
                let rounding = d.cdf(above.next_up().min(hi)) - d.cdf(below.next_down().max(lo));
                let tol = 1e-12 * u.min(1.0 - u) + rounding + 2.0 * f64::EPSILON * u;
                assert!(
                    (c - u).abs() <= tol,
                    "{d:?}: cdf(quantile({u})) = cdf({x}) = {c}, tolerance {tol:e}"
                );
            }
        }
    }

    #[test]
    fn midpoint_grid_means_match_the_theory() {
        // The mean of quantile((i + 1/2) / n) is the midpoint rule for the integral of the
        // quantile over [0, 1], i.e. the mean: to 1e-6 relative with n = 10^6 (the rule's own
        // error, from the steep ends, is worst for the log-normal with sigma 0.5: 3.8e-7, by
        // scipy; the theory's truncated means carry the 1.2e-7 of the pinned `erfc`).
        for d in cases() {
            // The beta-based and triangular ends are tamer: 10^5 suffice.
            let n = match d {
                Dist::Normal { .. } | Dist::LogNormal { .. } => 1_000_000,
                _ => 100_000,
            };
            let sum: f64 = (0..n)
                .map(|i| d.quantile((i as f64 + 0.5) / n as f64))
                .sum();
            let mean = sum / n as f64;
            close(&format!("{d:?} mean"), mean, d.mean(), 1e-6, 0.0);
        }
    }

    #[test]
    fn pert_shapes_are_rand_distrs() {
        // Pert samples Beta(α, β) scaled to [min, max] with rand_distr's own shapes, so the
        // same generator gives the same draws bit for bit when these shapes are right.
        use rand::rngs::Xoshiro256PlusPlus;
        use rand::SeedableRng;
        for (min, mode, max) in [
            (0.0, 0.1, 1.0),
            (0.2, 0.38, 0.6),
            (1.0, 3.0, 3.0),
            (-5.0, -4.9, 7.3),
        ] {
            let pert = Dist::Pert { min, mode, max };
            let (alpha, beta, min, max) = pert.beta_form();
            let as_beta = Dist::Beta {
                alpha,
                beta,
                min,
                max,
            };
            let mut r1 = Xoshiro256PlusPlus::seed_from_u64(9);
            let mut r2 = Xoshiro256PlusPlus::seed_from_u64(9);
            for _ in 0..1000 {
                assert_eq!(pert.sample(&mut r1), as_beta.sample(&mut r2), "{pert:?}");
            }
        }
    }
}
