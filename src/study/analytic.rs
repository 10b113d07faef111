//! Analytic sensitivity indices of the built-in test functions (`ishigami`, `sobol_g`), and
//! the functions on the unit cube, for validating designs and estimators.

use crate::model::testfns::{ishigami::ishigami, sobol_g::sobol_g};
use std::f64::consts::PI;

/// First-order and total indices `(S1, ST)` of the Ishigami function with coefficients `a`,
/// `b` and inputs uniform on [−π, π] (Ishigami and Homma 1990): with
/// `V1 = bπ⁴/5 + b²π⁸/50 + 1/2`, `V2 = a²/8`, `V13 = 8b²π⁸/225` and `V = V1 + V2 + V13`,
/// `S1 = (V1, V2, 0) / V` and `ST = (V1 + V13, V2, V13) / V`.
pub fn ishigami_indices(a: f64, b: f64) -> ([f64; 3], [f64; 3]) {
    let (p4, p8) = (PI.powi(4), PI.powi(8));
    let v1 = b * p4 / 5.0 + b * b * p8 / 50.0 + 0.5;
    let v2 = a * a / 8.0;
    let v13 = 8.0 * b * b * p8 / 225.0;
    let v = v1 + v2 + v13;
    ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
}

/// The Ishigami function at the point `u` of the unit cube (each coordinate mapped linearly
/// onto [−π, π]).
pub fn ishigami_on_unit_cube(a: f64, b: f64, u: &[f64]) -> f64 {
    let x = |i: usize| -PI + 2.0 * PI * u[i];
    ishigami(&[a, b, x(0), x(1), x(2)])
}

/// First-order and total indices `(S1, ST)` of Sobol's G function with coefficients `a` and
/// inputs uniform on [0, 1]: with `V_i = 1 / (3 (1 + a_i)²)` and `V = Π (1 + V_i) − 1`,
/// `S1_i = V_i / V` and `ST_i = V_i Π_{j≠i} (1 + V_j) / V`.
pub fn sobol_g_indices(a: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let vi: Vec<f64> = a
        .iter()
        .map(|a| 1.0 / (3.0 * (1.0 + a) * (1.0 + a)))
        .collect();
    let prod: f64 = vi.iter().map(|v| 1.0 + v).product();
    let v = prod - 1.0;
    let s1 = vi.iter().map(|x| x / v).collect();
    let st = vi.iter().map(|x| x * prod / (1.0 + x) / v).collect();
    (s1, st)
}

/// Sobol's G function with coefficients `a` at the point `u` of the unit cube.
pub fn sobol_g_on_unit_cube(a: &[f64], u: &[f64]) -> f64 {
    let mut p = u.to_vec();
    p.extend_from_slice(a);
    sobol_g(&p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ishigami_values_are_the_published_ones() {
        let (s1, st) = ishigami_indices(7.0, 0.1);
        let r = |x: f64| (x * 1e4).round() / 1e4;
        assert_eq!(s1.map(r), [0.3139, 0.4424, 0.0]);
        assert_eq!(st.map(r), [0.5576, 0.4424, 0.2437]);
    }

    #[test]
    fn sobol_g_indices_add_up() {
        // Two inputs: S1_1 + S1_2 + S12 = 1, ST_i = S1_i + S12.
        let (s1, st) = sobol_g_indices(&[0.0, 1.0]);
        let s12 = 1.0 - s1[0] - s1[1];
        assert!((st[0] - s1[0] - s12).abs() < 1e-15 && (st[1] - s1[1] - s12).abs() < 1e-15);
        // Crude check of the variance behind them: V_1 = 1/3 for a = 0.
        let n = 200_000;
        let m: f64 = (0..n)
            .map(|i| sobol_g_on_unit_cube(&[0.0], &[(i as f64 + 0.5) / n as f64]).powi(2))
            .sum::<f64>()
            / n as f64;
        assert!((m - 1.0 - 1.0 / 3.0).abs() < 1e-6, "{m}");
    }
}
