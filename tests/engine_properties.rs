//! Engine guarantees: byte-identical results for any thread count and any chunk-aligned split,
//! common random numbers across scenarios, and a statistical check of capacity growth.

mod common;

use softpower::engine::reduce::Partial;
use softpower::engine::run::{run_summary_chunks, CHUNK_PATHS};
use softpower::engine::trace::trace_path;
use softpower::engine::{self, RunOptions, RunOutput, SummaryAcc};
use softpower::model::{CulturalExport, Model};
use softpower::output::{csv::SummaryCsv, Output};
use softpower::results::Summary;
use softpower::scenario::{Regime, Scenario};
use std::sync::atomic::AtomicU64;
use std::time::Duration;

fn opts(s: &Scenario, threads: usize) -> RunOptions {
    RunOptions {
        paths: s.paths,
        seed: s.seed,
        threads,
        alpha: softpower::stats::DEFAULT_ALPHA,
    }
}

fn csv_bytes(s: &Scenario, model: &CulturalExport, acc: SummaryAcc) -> Vec<u8> {
    let out = RunOutput {
        acc,
        elapsed: Duration::from_secs(1),
        threads: 1,
    };
    let summary = Summary::new(
        s,
        model.outcome_names(),
        &model.integer_valued(),
        &out,
        s.paths,
        s.seed,
    );
    SummaryCsv.render(&summary).unwrap().remove(0).1
}

fn targets(s: &Scenario, model: &CulturalExport) -> Vec<softpower::engine::TargetCheck> {
    softpower::engine::summary::target_checks(s, model.outcome_names())
}

#[test]
fn summary_csv_is_byte_identical_for_1_2_and_8_threads() {
    let mut s = common::load("baseline.toml");
    s.paths = 5 * CHUNK_PATHS + 17;
    let model = CulturalExport::new(&s);
    let t = targets(&s, &model);
    let bytes: Vec<Vec<u8>> = [1, 2, 8]
        .iter()
        .map(|&n| {
            csv_bytes(
                &s,
                &model,
                engine::run(&model, &t, &opts(&s, n), None).unwrap().acc,
            )
        })
        .collect();
    assert!(bytes[0].len() > 10_000);
    assert_eq!(bytes[0], bytes[1], "1 vs 2 threads");
    assert_eq!(bytes[0], bytes[2], "1 vs 8 threads");
}

#[test]
fn any_chunk_aligned_split_merges_to_the_same_bytes() {
    let mut s = common::load("export_push.toml");
    s.paths = 6 * CHUNK_PATHS + 5;
    let model = CulturalExport::new(&s);
    let t = targets(&s, &model);
    let o = opts(&s, 2);
    let whole = csv_bytes(&s, &model, engine::run(&model, &t, &o, None).unwrap().acc);
    let done = AtomicU64::new(0);
    for cuts in [vec![0, 1, 7], vec![0, 3, 5, 7], vec![0, 2, 6, 7]] {
        let mut p: Partial<SummaryAcc> = Partial::default();
        for w in cuts.windows(2) {
            p.append(run_summary_chunks(&model, &t, &o, w[0], w[1], &done));
        }
        assert_eq!(
            csv_bytes(&s, &model, p.finish().unwrap()),
            whole,
            "split {cuts:?}"
        );
    }
}

#[test]
fn scenarios_differing_in_levers_draw_identical_shocks() {
    let a = common::load("baseline.toml");
    let b = common::load("export_push.toml");
    let (ma, mb) = (CulturalExport::new(&a), CulturalExport::new(&b));
    let mut differs = false;
    for path in [0, 1, 2, 999, 123_456] {
        let (ta, tb) = (trace_path(&ma, 42, path), trace_path(&mb, 42, path));
        assert!(!ta.draws.is_empty());
        assert_eq!(
            ta.draws, tb.draws,
            "path {path}: the raw draws must be identical"
        );
        differs |= ta.outcomes != tb.outcomes;
    }
    assert!(differs, "the levers must change outcomes");
    // A different path or seed draws differently.
    assert_ne!(trace_path(&ma, 42, 0).draws, trace_path(&ma, 42, 1).draws);
    assert_ne!(trace_path(&ma, 42, 0).draws, trace_path(&ma, 43, 0).draws);
}

#[test]
fn capacity_driven_exports_grow_at_the_drift() {
    // Markets frozen (no regime changes, no demand growth, constant favourability), so the
    // market factor stays 1 and E[exports of a non-digital sector] = Σ_cells X0 exp(drift t).
    let mut s = common::load("export_push.toml");
    s.uncertainty.clear();
    for m in &mut s.params.markets {
        m.tension_hazard = 0.0;
        m.relief_rate = 0.0;
        m.ban_hazard = 0.0;
        m.unban_rate = 0.0;
        m.demand_growth = 0.0;
    }
    s.params.response.exposure_favorability = 0.0;
    s.params.response.favorability_volatility = 0.0;
    for l in [
        &mut s.params.levers.marketing_network,
        &mut s.params.levers.ip_protection,
    ] {
        let v = l.entries[0].1;
        *l = common::constant(v);
    }
    s.params.levers.funding_bn_per_year = common::constant(2.0);
    s.params.levers.visa_easing = common::constant(0.5);
    let sector = s
        .sectors
        .iter()
        .position(|x| x.name == "creative_goods")
        .unwrap();
    s.params.sectors[sector].capacity_volatility = 0.3;
    s.params.sectors[sector].hit_volatility = 0.5;
    s.paths = 20_000;
    s.seed = 7;
    let model = CulturalExport::new(&s);
    let p = &s.params;
    let r = &p.response;
    let designated = common::designated_exports(&s);
    let sp = &p.sectors[sector];
    let t_years = s.years as f64;
    let mut expected = 0.0;
    for (b, base) in s.bases.iter().enumerate() {
        if let Some(j) = base.sectors.iter().position(|&x| x == sector) {
            let x0 = p.base_exports[b][j];
            let mut drift = sp.growth;
            if base.designated {
                drift += r.funding_elasticity
                    * (1.0 + 2.0 * x0 / designated / sp.funding_scale_bn).ln()
                    + r.visa_elasticity * 0.5 * sp.talent_intensity
                    + r.ip_elasticity * p.levers.ip_protection.at(0.0);
            }
            expected += base.count as f64 * x0 * (drift * t_years).exp();
        }
    }
    let out = engine::run(&model, &[], &opts(&s, 0), None).unwrap();
    let i = model
        .outcome_names()
        .iter()
        .position(|n| n == "exports_creative_goods_bn")
        .unwrap();
    let m = &out.acc.moments[s.steps() * model.outcome_names().len() + i];
    let se = m.sd() / (m.count() as f64).sqrt();
    assert!(se > 0.0);
    let z = (m.mean() - expected) / se;
    assert!(
        z.abs() < 3.0,
        "mean {} vs exp(drift t) {} ({z:.2} standard errors)",
        m.mean(),
        expected
    );
    let _ = Regime::Open;
}
