//! Engine guarantees: byte-identical results for any thread count and any chunk-aligned split,
//! common random numbers across scenarios, and a statistical check of capacity growth.

use crate::common;
use crate::common::run_options as opts;
use softpower::engine::reduce::Partial;
use softpower::engine::{self, RunOutput, SummaryAcc, CHUNK_PATHS};
use softpower::model::cultural::LeverKind;
use softpower::output::{csv::SummaryCsv, Output};
use softpower::results::Summary;
use softpower::scenario::Scenario;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

fn csv_bytes(s: &Scenario, acc: SummaryAcc) -> Vec<u8> {
    let out = RunOutput {
        acc,
        elapsed: Duration::from_secs(1),
        threads: 1,
    };
    SummaryCsv
        .render(&Summary::new(s, &out))
        .unwrap()
        .remove(0)
        .1
}

#[test]
fn summary_csv_is_byte_identical_for_1_2_and_8_threads() {
    let s = common::load_with(
        "baseline.toml",
        &[format!("scenario.paths={}", 5 * CHUNK_PATHS + 17)],
    );
    let model = s.build_model();
    let setup = s.path_setup();
    let bytes: Vec<Vec<u8>> = [1, 2, 8]
        .iter()
        .map(|&n| {
            csv_bytes(
                &s,
                engine::run(&*model, &setup, &opts(&s, n), None)
                    .unwrap()
                    .acc,
            )
        })
        .collect();
    assert!(bytes[0].len() > 10_000);
    assert_eq!(bytes[0], bytes[1], "1 vs 2 threads");
    assert_eq!(bytes[0], bytes[2], "1 vs 8 threads");
}

#[test]
fn any_chunk_aligned_split_merges_to_the_same_bytes() {
    let s = common::load_with(
        "export_push.toml",
        &[format!("scenario.paths={}", 6 * CHUNK_PATHS + 5)],
    );
    let model = s.build_model();
    let setup = s.path_setup();
    let o = opts(&s, 2);
    let whole = csv_bytes(&s, engine::run(&*model, &setup, &o, None).unwrap().acc);
    let done = AtomicU64::new(0);
    let pool = engine::run::pool(2).unwrap();
    let grid = pool.install(|| engine::summary_grid(&*model, &setup, &o));
    for cuts in [vec![0, 1, 7], vec![0, 3, 5, 7], vec![0, 2, 6, 7]] {
        // Each split is a run of its own: fresh counts on the one grid of the run.
        let modes = engine::binned_modes(std::slice::from_ref(&grid), &o, 2);
        let mut p: Partial<SummaryAcc> = Partial::default();
        for w in cuts.windows(2) {
            p.append(pool.install(|| {
                model
                    .summary_chunks(&setup, &o, w[0], w[1], &modes, None, &done)
                    .0
            }));
        }
        assert_eq!(csv_bytes(&s, p.finish().unwrap()), whole, "split {cuts:?}");
    }
}

#[test]
fn scenarios_differing_in_levers_draw_identical_shocks() {
    let a = common::load("baseline.toml");
    let b = common::load("export_push.toml");
    let mut differs = false;
    for path in [0, 1, 2, 999, 123_456] {
        let (ta, tb) = (common::trace(&a, 42, path), common::trace(&b, 42, path));
        assert!(!ta.draws.is_empty());
        assert_eq!(
            ta.draws, tb.draws,
            "path {path}: the raw draws must be identical"
        );
        differs |= ta.outcomes != tb.outcomes;
    }
    assert!(differs, "the levers must change outcomes");
    // A different path or seed draws differently.
    assert_ne!(
        common::trace(&a, 42, 0).draws,
        common::trace(&a, 42, 1).draws
    );
    assert_ne!(
        common::trace(&a, 42, 0).draws,
        common::trace(&a, 43, 0).draws
    );
}

#[test]
fn capacity_driven_exports_grow_at_the_drift() {
    // Markets frozen (no regime changes, no demand growth, constant favourability), so the
    // market factor stays 1 and E[exports of a non-digital sector] = Σ_cells X0 exp(drift t).
    let first = common::load("export_push.toml");
    let c0 = common::spec(&first);
    let mut sets = vec!["uncertainty={}".to_string()];
    for m in c0.markets() {
        for f in [
            "tension_hazard",
            "relief_rate",
            "ban_hazard",
            "unban_rate",
            "demand_growth",
        ] {
            sets.push(format!("market.{}.{f}=0", m.name));
        }
    }
    for (lever, kind) in [
        ("marketing_network", LeverKind::Marketing),
        ("ip_protection", LeverKind::Ip),
    ] {
        let v = c0.params().levers.get(kind).entries[0].1;
        sets.push(format!("levers.{lever}={v}"));
    }
    sets.extend(
        [
            "response.exposure_favorability=0",
            "response.favorability_volatility=0",
            "levers.funding_bn_per_year=2.0",
            "levers.visa_easing=0.5",
            "sector.creative_goods.capacity_volatility=0.3",
            "sector.creative_goods.hit_volatility=0.5",
            "scenario.paths=20000",
            "scenario.seed=7",
        ]
        .map(String::from),
    );
    let sc = common::load_with("export_push.toml", &sets);
    let s = common::spec(&sc);
    let sector = s
        .sectors()
        .iter()
        .position(|x| x.name == "creative_goods")
        .unwrap();
    let p = s.params();
    let r = &p.response;
    let designated = common::designated_exports(s);
    let sp = &p.sectors[sector];
    let t_years = s.grid().years as f64;
    let mut expected = 0.0;
    for (b, base) in s.bases().iter().enumerate() {
        if let Some(j) = base.sectors.iter().position(|&x| x == sector) {
            let x0 = p.base_exports[b][j];
            let mut drift = sp.growth;
            if base.designated {
                drift += r.funding_elasticity
                    * (1.0 + 2.0 * x0 / designated / sp.funding_scale_bn).ln()
                    + r.visa_elasticity * 0.5 * sp.talent_intensity
                    + r.ip_elasticity * p.levers.get(LeverKind::Ip).at(0.0);
            }
            expected += base.count as f64 * x0 * (drift * t_years).exp();
        }
    }
    let model = sc.build_model();
    let out = engine::run(&*model, &Default::default(), &opts(&sc, 0), None).unwrap();
    let i = common::outcome(&sc, "exports_creative_goods_bn");
    let m = &out.acc.moments[sc.steps() * sc.info().outcomes.len() + i];
    let se = m.sd() / (m.count() as f64).sqrt();
    assert!(se > 0.0);
    let z = (m.mean() - expected) / se;
    assert!(
        z.abs() < 3.0,
        "mean {} vs exp(drift t) {} ({z:.2} standard errors)",
        m.mean(),
        expected
    );
}
