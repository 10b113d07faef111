//! Lever values in effect during a step, and the per-epoch quantities that depend on them.

use super::types::{LeverKind, Levers};

/// The seven lever values in effect during one step.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LeverValues {
    /// F: funding, bn per year.
    pub funding: f64,
    /// v: visa easing.
    pub visa: f64,
    /// ι: IP protection.
    pub ip: f64,
    /// π: platform partnerships.
    pub partnerships: f64,
    /// μ: marketing network.
    pub marketing: f64,
    /// ω: own platform.
    pub own_platform: f64,
    /// ρ: import restriction.
    pub restriction: f64,
}

impl LeverValues {
    /// Values of every schedule at calendar time `t`.
    pub fn at(levers: &Levers, t: f64) -> Self {
        LeverValues {
            funding: levers.get(LeverKind::Funding).at(t),
            visa: levers.get(LeverKind::Visa).at(t),
            ip: levers.get(LeverKind::Ip).at(t),
            partnerships: levers.get(LeverKind::Partnerships).at(t),
            marketing: levers.get(LeverKind::Marketing).at(t),
            own_platform: levers.get(LeverKind::OwnPlatform).at(t),
            restriction: levers.get(LeverKind::ImportRestriction).at(t),
        }
    }
}

/// Calendar time whose lever values are in effect during step `k` (k ≥ 1): `start + (k-1) dt`.
/// Step 0 (the calibration point) uses the initial levers, those of step 1.
pub fn lever_time(start_year: f64, dt: f64, k: usize) -> f64 {
    start_year + k.saturating_sub(1) as f64 * dt
}
