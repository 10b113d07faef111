//! Portable `exp` and `ln` for the hot loop: the same bits on every machine (no libm, no FMA
//! dispatch); `exp` is branch-free and cheap enough to vectorise across cells ([`exp_in_place`],
//! whose builds live in `engine::arch`).
//!
//! Method: x = k·ln2 + r with k = round(x / ln2) (round-to-nearest by the 1.5·2^52 trick, so no
//! `round` call on baseline x86-64), |r| ≤ ln2/2, r reduced with a two-part ln2 (Cody–Waite);
//! e^r by its Taylor polynomial to degree 13 (truncation < 1e-17 relative), then scaled by 2^k
//! through the exponent bits. Inputs are clamped to [-708, 709]: results below e^-708 ≈ 3e-308
//! come out as e^-708 instead of a subnormal or 0, which no statistic of this engine can see.
//! Measured accuracy against libm: see the tests (max relative error about 4e-16, 2 ulp, on [-700, 700]).

pub use super::arch::exp_in_place;

const LOG2E: f64 = std::f64::consts::LOG2_E;
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000); // fdlibm's ln2_hi
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76); // fdlibm's ln2_lo
const SHIFTER: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52
const MIN_X: f64 = -708.0;
const MAX_X: f64 = 709.0;

/// e^x, portable and branch-free (see the module notes for accuracy and range).
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    exp_impl::<false>(x)
}

/// e^x with every multiply-add fused (`f64::mul_add`, one rounding each): fewer operations, so
/// faster where the CPU has FMA and the caller is compiled for it (elsewhere `mul_add` is a
/// correctly rounded library call: slow, but the same bits). Its results differ from [`exp`]'s
/// in the last bit now and then; the accuracy is the same (tested).
#[inline(always)]
pub fn exp_fma(x: f64) -> f64 {
    exp_impl::<true>(x)
}

/// a·b + c, fused or not.
#[inline(always)]
fn ma<const FMA: bool>(a: f64, b: f64, c: f64) -> f64 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

#[inline(always)]
fn exp_impl<const FMA: bool>(x: f64) -> f64 {
    // max/min rather than clamp: the same result here, and it vectorises without a branch.
    #[allow(clippy::manual_clamp)]
    let x = x.max(MIN_X).min(MAX_X);
    let t = ma::<FMA>(x, LOG2E, SHIFTER);
    let kf = t - SHIFTER;
    let r = ma::<FMA>(-kf, LN2_LO, ma::<FMA>(-kf, LN2_HI, x));
    // sum r^n / n!, n = 0..=13, by Estrin's scheme (short dependency chains: the loop over
    // cells is latency-bound with Horner's rule).
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let a0 = 1.0 + r;
    let a1 = ma::<FMA>(r, 1.0 / 6.0, 1.0 / 2.0);
    let a2 = ma::<FMA>(r, 1.0 / 120.0, 1.0 / 24.0);
    let a3 = ma::<FMA>(r, 1.0 / 5_040.0, 1.0 / 720.0);
    let a4 = ma::<FMA>(r, 1.0 / 362_880.0, 1.0 / 40_320.0);
    let a5 = ma::<FMA>(r, 1.0 / 39_916_800.0, 1.0 / 3_628_800.0);
    let a6 = ma::<FMA>(r, 1.0 / 6_227_020_800.0, 1.0 / 479_001_600.0);
    let b0 = ma::<FMA>(r2, a1, a0);
    let b1 = ma::<FMA>(r2, a3, a2);
    let b2 = ma::<FMA>(r2, a5, a4);
    let c0 = ma::<FMA>(r4, b1, b0);
    let c1 = ma::<FMA>(r4, a6, b2);
    let p = ma::<FMA>(r8, c1, c0);
    // 2^k for k in [-1022, 1023]: the low bits of t hold k + 2^51, so (bits + 1023) << 52 keeps
    // exactly the biased exponent k + 1023 (unsigned integer ops only, so the loop vectorises).
    let scale = f64::from_bits(t.to_bits().wrapping_add(1023) << 52);
    p * scale
}

// fdlibm's e_log.c coefficients: R(z) ≈ (ln((1+s)/(1-s)) - 2s)/s on |s| ≤ 0.1716.
const LG1: f64 = f64::from_bits(0x3fe5_5555_5555_5593); // 6.666666666666735130e-1
const LG2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04); // 3.999999999940941908e-1
const LG3: f64 = f64::from_bits(0x3fd2_4924_9422_9359); // 2.857142874366239149e-1
const LG4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af); // 2.222219843214978396e-1
const LG5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de); // 1.818357216161805012e-1
const LG6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f); // 1.531383769920937332e-1
const LG7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244); // 1.479819860511658591e-1

/// Natural logarithm, portable (fdlibm's algorithm in plain IEEE operations, under 1 ulp in
/// fdlibm's analysis; the tests measure it against libm). `ln(0) = -∞`, negative or NaN input
/// gives NaN, `ln(∞) = ∞`; subnormal inputs are scaled first.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let (x, mut k) = if x < f64::MIN_POSITIVE {
        (x * 18_014_398_509_481_984.0, -54i64) // 2^54
    } else {
        (x, 0)
    };
    // x = 2^k · m with m in [√2/2, √2): take the exponent, then move m's top half down.
    let bits = x.to_bits();
    let hi = (bits >> 32) as i64;
    let hm = hi & 0x000f_ffff;
    // Adding 0x95f64 carries into bit 20 exactly when the mantissa is at least √2.
    let carry = (hm + 0x9_5f64) & 0x10_0000;
    k += (hi >> 20) - 1023 + (carry >> 20);
    let m_hi = hm | (carry ^ 0x3ff0_0000);
    let m = f64::from_bits(((m_hi as u64) << 32) | (bits & 0xffff_ffff));
    let f = m - 1.0;
    let kf = k as f64;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    let hfsq = 0.5 * f * f;
    kf * LN2_HI - ((hfsq - (s * (hfsq + r) + kf * LN2_LO)) - f)
}

/// e^x over the whole range of a float, portable: [`exp`] inside [-708, 709], and
/// `exp(x / 2)²` beyond (`x / 2` is exact), so that the result overflows to ∞ above about 709.78
/// and falls through the subnormals to 0 below about -745.13 as libm's does; NaN gives NaN. For
/// the samplers of `[uncertainty]` and the distribution functions, off the hot loop.
pub fn exp_wide(x: f64) -> f64 {
    if x.is_nan() {
        x
    } else if (MIN_X..=MAX_X).contains(&x) {
        exp(x)
    } else {
        let h = exp(0.5 * x.clamp(-1500.0, 1500.0));
        h * h
    }
}

/// ln(1 + x), portable and accurate near 0: with `u = 1 + x` rounded, `ln(u) · x / (u - 1)`
/// corrects the rounding of `u` (Goldberg's method, a few ulp with [`ln`]); `x` itself where `u`
/// rounds to 1. `ln_1p(-1) = -∞`; below -1 or NaN gives NaN.
pub fn ln_1p(x: f64) -> f64 {
    let u = 1.0 + x;
    if u == 1.0 {
        x
    } else if u.is_infinite() || x.is_nan() {
        u
    } else {
        ln(u) * (x / (u - 1.0))
    }
}

/// `if c { a } else { b }` without a branch (a bit mask): for selections that depend on random
/// state, where a branch would be mispredicted. Exactly `a` or `b`, bit for bit.
#[inline(always)]
pub fn select(c: bool, a: f64, b: f64) -> f64 {
    let m = (c as u64).wrapping_neg();
    f64::from_bits((a.to_bits() & m) | (b.to_bits() & !m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_libm_to_a_few_ulp() {
        for (name, f) in [("exp", exp as fn(f64) -> f64), ("exp_fma", exp_fma)] {
            let mut worst: f64 = 0.0;
            let n = 200_000;
            for i in 0..=n {
                let x = -700.0 + 1400.0 * i as f64 / n as f64;
                let (a, b) = (f(x), x.exp());
                worst = worst.max(((a - b) / b).abs());
            }
            let mut x = -5.0;
            while x < 5.0 {
                let (a, b) = (f(x), x.exp());
                worst = worst.max(((a - b) / b).abs());
                x += 0.000_731;
            }
            println!("{name}: max relative error vs libm: {worst:e}");
            assert!(worst < 6e-16, "{name}: worst relative error {worst:e}");
        }
    }

    #[test]
    fn ln_matches_libm_to_a_few_ulp() {
        let mut worst: f64 = 0.0;
        let mut x = 1e-300;
        while x < 1e300 {
            // Either side of √2 and √2/2, where the mantissa reduction switches.
            let (r2, h2) = (std::f64::consts::SQRT_2, std::f64::consts::FRAC_1_SQRT_2);
            for y in [
                x,
                x * 1.000_000_7,
                x * r2 * 0.999_99,
                x * r2 * 1.000_01,
                x * h2,
            ] {
                let (a, b) = (ln(y), y.ln());
                let err = if b == 0.0 {
                    a.abs()
                } else {
                    ((a - b) / b).abs()
                };
                worst = worst.max(err);
            }
            x *= 1.37;
        }
        // Near 1, where ln is small and cancellation would show.
        for i in 1..20_000 {
            let y = 1.0 + (i as f64 - 10_000.0) * 1.3e-5;
            let (a, b) = (ln(y), y.ln());
            if b != 0.0 {
                worst = worst.max(((a - b) / b).abs());
            }
        }
        for i in 1..100_000u64 {
            let u =
                ((i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
            worst = worst.max(((ln(u) - u.ln()) / u.ln()).abs());
        }
        println!("ln: max relative error vs libm {worst:e}");
        assert!(worst < 5e-16, "worst relative error {worst:e}");
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan() && ln(f64::NAN).is_nan());
        assert_eq!(ln(f64::INFINITY), f64::INFINITY);
        assert!((ln(5e-324) - 5e-324f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn exact_points_and_range() {
        assert_eq!(exp(0.0), 1.0);
        assert!((exp(1.0) - std::f64::consts::E).abs() < 1e-15);
        assert!(exp(-1000.0) > 0.0 && exp(-1000.0) < 1e-300);
        assert!(exp(1000.0).is_finite());
        assert!(exp(-745.0) <= exp(-708.0));
    }

    #[test]
    fn exp_wide_and_ln_1p_match_libm() {
        let mut worst: f64 = 0.0;
        let mut x = -745.0;
        while x < 709.7 {
            let (a, b) = (exp_wide(x), x.exp());
            // Relative error where the result is normal; subnormals lose precision anyway.
            if b >= f64::MIN_POSITIVE {
                worst = worst.max(((a - b) / b).abs());
            } else {
                assert!(
                    (a - b).abs() <= 2.0 * f64::MIN_POSITIVE * f64::EPSILON,
                    "{x}: {a} {b}"
                );
            }
            x += 0.0173;
        }
        assert!(worst < 1e-15, "exp_wide: worst relative error {worst:e}");
        assert_eq!(exp_wide(710.0), f64::INFINITY);
        assert_eq!(exp_wide(-746.0), 0.0);
        assert!(exp_wide(f64::NAN).is_nan());
        assert_eq!(exp_wide(f64::INFINITY), f64::INFINITY);
        assert_eq!(exp_wide(f64::NEG_INFINITY), 0.0);
        let mut worst: f64 = 0.0;
        for k in 0..4000 {
            for sign in [-1.0, 1.0] {
                let x = sign * 10f64.powf(-18.0 + 0.005 * k as f64);
                if x <= -1.0 {
                    continue;
                }
                let (a, b) = (ln_1p(x), x.ln_1p());
                worst = worst.max(((a - b) / b).abs());
            }
        }
        assert!(worst < 2e-15, "ln_1p: worst relative error {worst:e}");
        assert_eq!(ln_1p(-1.0), f64::NEG_INFINITY);
        assert!(ln_1p(-2.0).is_nan() && ln_1p(f64::NAN).is_nan());
        assert_eq!(ln_1p(0.0), 0.0);
    }
}
