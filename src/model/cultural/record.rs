//! Outcomes of the cultural-export model, written in the order of `model::outcomes`.

use super::types::{Regime, SectorKind};
use super::work::CulturalWork;

/// Write every outcome of the current state into `out`.
#[inline]
pub fn record(w: &CulturalWork, kinds: &[SectorKind], out: &mut [f64]) {
    let ns = kinds.len();
    let (mut goods, mut services) = (0.0, 0.0);
    for (s, &x) in w.sector_exports.iter().enumerate() {
        out[3 + s] = x;
        match kinds[s] {
            SectorKind::Goods => goods += x,
            SectorKind::Services => services += x,
        }
    }
    let total = goods + services;
    out[0] = goods;
    out[1] = services;
    out[2] = total;
    let (mut subs, mut aud, mut fav, mut tension, mut banned) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for m in 0..w.subs.len() {
        subs += w.subs[m];
        aud += w.aud[m];
        fav += w.market_const.share[m] * w.fav[m];
        match w.regime[m] {
            Regime::Open => {}
            Regime::Tension => tension += 1.0,
            Regime::Ban => banned += 1.0,
        }
    }
    let ix = &w.params.index;
    let index = 100.0
        * (ix.exports_weight * total / (total + ix.exports_half_bn)
            + ix.audience_weight * aud / (aud + ix.audience_half_m)
            + ix.favorability_weight * fav)
        / (ix.exports_weight + ix.audience_weight + ix.favorability_weight);
    let tail = &mut out[3 + ns..];
    tail[0] = w.imports_goods;
    tail[1] = w.imports_services_reported;
    tail[2] = services - w.imports_services_reported;
    tail[3] = subs;
    tail[4] = aud;
    tail[5] = fav;
    tail[6] = tension;
    tail[7] = banned;
    tail[8] = w.funding_cum;
    tail[9] = index;
}
