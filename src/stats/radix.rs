//! Sorting floats by their order-preserving keys ([`key`]): a least-significant-digit radix
//! sort in byte digits, which skips the digits that every key shares. It gives exactly the order
//! of [`f64::total_cmp`], bit for bit (equal keys are equal bit patterns, so stability cannot
//! show), and for the thousands of values of a quantile cell it is faster than a comparison
//! sort.

use super::grid::{key, value_of_key};

/// Below this many values, a comparison sort is as fast.
const SMALL: usize = 256;

/// Sort `v` ascending in the order of [`f64::total_cmp`]. Holds two key arrays while it sorts
/// (16 bytes per value beside `v`).
pub fn sort_total(v: &mut [f64]) {
    let n = v.len();
    if n < SMALL {
        v.sort_unstable_by(f64::total_cmp);
        return;
    }
    let mut keys: Vec<u64> = v.iter().map(|&x| key(x)).collect();
    // The counts of every digit, in one pass.
    let mut hist = vec![[0usize; 256]; 8];
    for &k in &keys {
        for (d, h) in hist.iter_mut().enumerate() {
            h[(k >> (8 * d)) as usize & 0xff] += 1;
        }
    }
    let mut spare = vec![0u64; n];
    for (d, h) in hist.iter().enumerate() {
        // A digit that every key shares leaves the order as it is.
        if h.contains(&n) {
            continue;
        }
        let mut at = [0usize; 256];
        let mut sum = 0;
        for (a, &c) in at.iter_mut().zip(h) {
            *a = sum;
            sum += c;
        }
        for &k in &keys {
            let b = (k >> (8 * d)) as usize & 0xff;
            spare[at[b]] = k;
            at[b] += 1;
        }
        std::mem::swap(&mut keys, &mut spare);
    }
    for (x, &k) in v.iter_mut().zip(&keys) {
        *x = value_of_key(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn the_order_of_total_cmp_bit_for_bit() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let specials = [
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            f64::MIN_POSITIVE / 4.0,
            -f64::MIN_POSITIVE / 4.0,
            f64::MAX,
            f64::MIN,
        ];
        for n in [0, 1, 2, 255, 256, 257, 1000, 4096, 10_007] {
            let cases: [Vec<f64>; 4] = [
                // Any bit pattern: every digit differs somewhere.
                (0..n).map(|_| f64::from_bits(rng.random())).collect(),
                // Values of one magnitude (high digits shared and skipped), with ties.
                (0..n).map(|i| 100.0 + (i % 97) as f64 * 0.25).collect(),
                // Both signs, specials mixed in.
                (0..n)
                    .map(|i| match i % 13 {
                        0 => specials[i % specials.len()],
                        _ => rng.random::<f64>() * 2.0 - 1.0,
                    })
                    .collect(),
                // One value repeated: every digit is shared.
                vec![-3.5; n],
            ];
            for mut v in cases {
                let mut want = v.clone();
                want.sort_unstable_by(f64::total_cmp);
                sort_total(&mut v);
                assert_eq!(bits(&v), bits(&want), "{n} values");
            }
        }
    }
}
