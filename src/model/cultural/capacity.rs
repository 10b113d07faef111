//! Sub-steps 2 and 3: log capacity of every (base, sector) cell and its hit factor.
//!
//! C = exp(q) and H = exp(σH Z' - σH²/2) only ever appear as the product X0·C·H, so the two are
//! fused into one `exp` per cell: X0 · exp(q + σH Z' - σH²/2).

use crate::engine::fastmath::exp_in_place;

/// Drift of log capacity per step, `(drift - σq²/2) dt`, for one cell.
#[allow(clippy::too_many_arguments)]
pub fn mu_dt(growth: f64, sigma_q: f64, dt: f64, designated: Option<DesignatedTerms>) -> f64 {
    let mut drift = growth;
    if let Some(d) = designated {
        drift += d.funding_elasticity * (1.0 + d.funding / d.funding_scale).ln()
            + d.visa_elasticity * d.visa * d.talent_intensity
            + d.ip_elasticity * d.ip;
    }
    (drift - 0.5 * sigma_q * sigma_q) * dt
}

/// The policy terms of a designated cell's drift.
#[derive(Debug, Clone, Copy)]
pub struct DesignatedTerms {
    /// a_F.
    pub funding_elasticity: f64,
    /// f[b,s]: this cell's share of funding (bn per year).
    pub funding: f64,
    /// φ_s.
    pub funding_scale: f64,
    /// a_V.
    pub visa_elasticity: f64,
    /// v.
    pub visa: f64,
    /// τ_s.
    pub talent_intensity: f64,
    /// a_I.
    pub ip_elasticity: f64,
    /// ι.
    pub ip: f64,
}

/// Advance the log capacity of the cells of one sector and return Σ X0 C H over them.
/// `scratch` (at least as long as `q`) first receives each cell's log of C·H, then its
/// exponential (one vectorised pass, AVX2 where available, bit-identical either way); the sum of
/// X0·C·H then runs in cell order.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn step_sector(
    q: &mut [f64],
    mu_dt: &[f64],
    sdt: &[f64],
    x0: &[f64],
    sh: &[f64],
    hcorr: &[f64],
    zq: &[f64],
    zh: &[f64],
    scratch: &mut [f64],
) -> f64 {
    let n = q.len();
    let (mu_dt, sdt, x0, sh, hcorr, zq, zh, scratch) = (
        &mu_dt[..n],
        &sdt[..n],
        &x0[..n],
        &sh[..n],
        &hcorr[..n],
        &zq[..n],
        &zh[..n],
        &mut scratch[..n],
    );
    for c in 0..n {
        let qc = q[c] + mu_dt[c] + sdt[c] * zq[c];
        q[c] = qc;
        scratch[c] = qc + sh[c] * zh[c] + hcorr[c];
    }
    exp_in_place(scratch);
    let mut sum = 0.0;
    for (&x, &e) in x0.iter().zip(scratch.iter()) {
        sum += x * e;
    }
    sum
}
