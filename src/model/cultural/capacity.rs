//! Sub-steps 2 and 3: log capacity of every (base, sector) cell and its hit factor.
//!
//! C = exp(q) and H = exp(σH Z' - σH²/2) only ever appear as the product X0·C·H, so the two are
//! fused into one `exp` per cell: X0 · exp(q + σH Z' - σH²/2). The loop over cells is the
//! engine's (`engine::arch`, with its SIMD builds); this file holds the model's terms.

pub use crate::engine::arch::Cells;
use crate::engine::fastmath::ln;

/// Drift of log capacity per step, `(drift - σq²/2) dt`, for one cell.
#[allow(clippy::too_many_arguments)]
pub fn mu_dt(growth: f64, sigma_q: f64, dt: f64, designated: Option<DesignatedTerms>) -> f64 {
    let mut drift = growth;
    if let Some(d) = designated {
        drift += d.funding_elasticity * ln(1.0 + d.funding / d.funding_scale)
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
    /// f(b, s): this cell's share of funding (bn per year).
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

/// Advance the log capacity of every cell and write Σ X0 C H of each sector (cells `a..b` of
/// `ranges[s]`) into `sector_exports[s]`: the engine's cell loop, which runs the AVX-512, AVX2
/// or portable build (the same bits; see `engine::arch`).
#[inline]
pub fn step_cells(cells: Cells, ranges: &[(usize, usize)], sector_exports: &mut [f64]) {
    crate::engine::arch::step_cells(cells, ranges, sector_exports);
}
