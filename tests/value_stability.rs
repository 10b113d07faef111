//! Value stability (in the style of rand_distr's `value_stability` tests): fixed seeds give these
//! exact numbers. Any change to the random streams, the samplers or the model's arithmetic fails
//! here, so that it becomes a deliberate decision, recorded in CHANGELOG.md with a version bump.
//! The cultural-model means, sds and target counts are those engine 0.2.0 gives (checked against
//! its binary); the medians are those of the quantile grid of 0.4.0 (exact up to 4 096 paths, binned beyond).
//! The parameter draws are those of the portable samplers of 0.7.0 (`engine::sample`): rand_distr's
//! algorithms in portable arithmetic, so the log-normal and beta pins moved in their last bits
//! from rand_distr's on x86-64 glibc (0.196933746907531 → 0.19693374690753096, …); the others
//! are rand_distr's to the bit.

use crate::common;
use softpower::engine::dist::Dist;
use softpower::engine::rng::{stream, stream_id, uniform};
use softpower::engine::{Draws, PathDraws};
use softpower::results::Summary;
use softpower::scenario::Scenario;

fn assert_values(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(
        got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        want.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        "{what}: got {got:?}, pinned {want:?}"
    );
}

#[test]
fn dynamics_streams_are_pinned() {
    let mut d = PathDraws::new(2021, 0);
    let mut n = [0.0; 6];
    d.fill_normals(&mut n);
    let u: Vec<f64> = (0..3).map(|_| d.uniform()).collect();
    assert_values(
        "normals of path 0, seed 2021",
        &n,
        &[
            -0.3073093790883525,
            -0.3537878276550499,
            0.010332596721509655,
            -0.3277845677235456,
            0.34439772468436514,
            0.5839695816010493,
        ],
    );
    assert_values(
        "uniforms of path 0, seed 2021",
        &u,
        &[0.6255207140681489, 0.3404337664141356, 0.08528149074066127],
    );
    let mut r = stream(7, 3, stream_id("response.bass_q"));
    assert_values(
        "parameter stream `response.bass_q` of path 3, seed 7",
        &[uniform(&mut r), uniform(&mut r)],
        &[0.1603958396718571, 0.41745785907348476],
    );
}

#[test]
fn parameter_distributions_are_pinned() {
    let inf = f64::INFINITY;
    let cases: [(Dist, [f64; 3]); 9] = [
        (
            Dist::Uniform {
                min: -1.0,
                max: 3.0,
            },
            [0.4563579767764412, -0.989010222356828, 1.3261415913412442],
        ),
        (
            Dist::Normal {
                mean: 0.04,
                sd: 0.015,
                min: 0.0,
                max: inf,
            },
            [0.036253362492306, 0.008158623803747642, 0.04171386225885739],
        ),
        (
            Dist::LogNormal {
                mu: -1.5,
                sigma: 0.5,
                min: 0.0,
                max: 2.0,
            },
            [0.19693374690753096, 0.0771981947307337, 0.23624845364727004],
        ),
        (
            Dist::Triangular {
                min: 0.2,
                mode: 0.38,
                max: 0.6,
            },
            [0.3619087507887574, 0.21406470751836298, 0.4081018890387593],
        ),
        (
            Dist::Beta {
                alpha: 2.0,
                beta: 5.0,
                min: 0.0,
                max: 1.0,
            },
            [0.22060647483411713, 0.3291119612686115, 0.15751906886218758],
        ),
        (
            Dist::Pert {
                min: 0.0,
                mode: 0.3,
                max: 1.0,
            },
            [0.29169054242186715, 0.41446768008150314, 0.2149029970658818],
        ),
        (
            Dist::Normal {
                mean: 0.0,
                sd: 1.0,
                min: 3.0,
                max: inf,
            },
            [3.3035939588304593, 3.2609040698990133, 3.1710823375532],
        ),
        (
            Dist::Beta {
                alpha: 0.5,
                beta: 0.5,
                min: 10.0,
                max: 20.0,
            },
            [12.46881099150607, 16.588467300191848, 12.9232915382204],
        ),
        (
            Dist::Beta {
                alpha: 0.3,
                beta: 4.0,
                min: 0.0,
                max: 1.0,
            },
            [
                0.32488611204838014,
                0.024430263734484117,
                0.24661102236962706,
            ],
        ),
    ];
    for (d, want) in cases {
        let mut r = stream(11, 5, stream_id("x"));
        let got: Vec<f64> = (0..3).map(|_| d.sample(&mut r)).collect();
        assert_values(&format!("{d:?}"), &got, &want);
    }
}

fn summary(s: &Scenario) -> Summary {
    Summary::new(s, &common::run(s))
}

/// (mean, sd, median) of `metric` at step `k`, and every target's successes.
fn pinned(s: &Summary, k: usize, metric: &str) -> Vec<f64> {
    let r = s.row(k, metric).unwrap();
    let median = s.quantiles.iter().position(|&q| q == 0.5).unwrap();
    let mut v = vec![r.mean, r.sd, r.quantiles[median]];
    v.extend(s.targets.iter().map(|t| t.successes as f64));
    v
}

#[test]
fn summaries_of_fixed_seeds_are_pinned() {
    // Mean, sd and median of one outcome, then each target's successes.
    let b = summary(&common::load_with(
        "baseline.toml",
        &["scenario.paths=2048"],
    ));
    assert_values(
        "baseline, exports_total_bn at the horizon",
        &pinned(&b, b.steps, "exports_total_bn"),
        &[
            198.5209353452595,
            25.33370391729954,
            196.7492859245756,
            154.0,
            0.0,
        ],
    );
    let p = summary(&common::load_with(
        "export_push.toml",
        &["scenario.paths=2048"],
    ));
    assert_values(
        "export_push, services_balance_bn in 2025",
        &pinned(&p, 24, "services_balance_bn"),
        &[
            -1.8835946887211443,
            1.1001212782958536,
            -1.9931775872331396,
            1321.0,
            340.0,
        ],
    );
    let i = summary(&common::load_with(
        "ishigami.toml",
        &["scenario.paths=4096"],
    ));
    assert_values(
        "ishigami, y",
        &pinned(&i, 0, "y"),
        &[
            3.547809221286761,
            3.6768757570050767,
            3.554532210617589,
            147.0,
        ],
    );
    // More paths than the pilot: the median comes from the binned counts.
    let b = summary(&common::load_with(
        "baseline.toml",
        &["scenario.paths=6000"],
    ));
    assert_values(
        "baseline at 6000 paths, exports_total_bn at the horizon",
        &pinned(&b, b.steps, "exports_total_bn"),
        &[
            199.69149208692855,
            25.821260203571924,
            198.0252114552936,
            486.0,
            0.0,
        ],
    );
}
