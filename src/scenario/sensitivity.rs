//! `[sensitivity]`: a global sensitivity study of the scenario (method, design size, inner Monte
//! Carlo per point, factors, outputs), validated with the scenario so that every error has its
//! file, line and field and nothing runs before the whole study is known to be valid.

use super::study::{
    check_factor_box, factors, outputs, Factor, FactorKeys, StudyOutput, OUTPUT_ENTRY_KEYS,
    RANGE_FACTOR,
};
use super::types::{Target, Uncertain};
use crate::input::{declared, key_names, kp, with_key, Ctx, Key, Kind, Range, TableDecl};
use crate::limits::{
    MAX_BOOTSTRAP, MAX_DESIGN_POINTS, MAX_PATHS, MAX_STUDY_OUTPUTS, MAX_STUDY_PATHS,
};
use crate::model::{ModelSpec, TimeGrid};

/// `[sensitivity]` keys.
pub const SENSITIVITY_KEYS: &[Key] = &[
    Key::new(
        "method",
        Kind::Choice(&METHOD_NAMES),
        "sobol (S1, ST and S2), morris (elementary effects) or oat (one at a time); default sobol",
    ),
    Key::new(
        "samples",
        Kind::Integer(2, MAX_DESIGN_POINTS as i64),
        "Sobol: base samples N, a power of two (default 1024); Morris: trajectories r (default 50)",
    ),
    Key::new(
        "paths_per_point",
        Kind::Integer(1, MAX_PATHS),
        "Inner Monte Carlo paths at each design point (default 256, 1 for a deterministic model)",
    ),
    Key::new(
        "seed",
        Kind::Integer(0, i64::MAX),
        "Seed of the design and of the bootstrap (default the scenario's)",
    ),
    Key::new("second_order", Kind::Bool, "Sobol: also S2 (default false)"),
    Key::new(
        "levels",
        Kind::Integer(2, 1000),
        "Morris: grid levels p, even (default 4)",
    ),
    Key::new(
        "bootstrap",
        Kind::Integer(0, MAX_BOOTSTRAP),
        "Bootstrap resamples for the intervals, 0 for none (default 1000)",
    ),
    Key::new(
        "confidence",
        Kind::OpenUnit,
        "Coverage of the intervals (default 0.95)",
    ),
    Key::new(
        "factors",
        Kind::ByParam(&Kind::Table(&RANGE_FACTOR)),
        "Factors by quoted dotted parameter path, each { min, max }",
    ),
    Key::new(
        "factors_from_uncertainty",
        Kind::Bool,
        "Also vary every [uncertainty] entry not listed in factors, as its distribution (default true)",
    ),
    Key::new(
        "output",
        Kind::Tables(&TableDecl::of(OUTPUT_ENTRY_KEYS), MAX_STUDY_OUTPUTS),
        "Outputs (default: the mean of each headline outcome at the horizon, and every target's probability)",
    ),
];

/// Names of the methods, in [`Method`] order.
pub const METHOD_NAMES: [&str; 3] = ["sobol", "morris", "oat"];

/// A sensitivity method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Saltelli's design, Sobol indices S1, ST (and S2).
    Sobol,
    /// Morris's elementary effects: μ, μ*, σ.
    Morris,
    /// One factor at a time: each factor at its low and high value, the others at base.
    Oat,
}

impl Method {
    /// Its name in files and on the command line.
    pub fn name(self) -> &'static str {
        METHOD_NAMES[self as usize]
    }

    /// Every method, in the order of [`METHOD_NAMES`].
    pub const ALL: [Method; 3] = [Method::Sobol, Method::Morris, Method::Oat];
}

/// Default Sobol base samples N.
pub const DEFAULT_SOBOL_SAMPLES: u64 = 1024;
/// Default Morris trajectories r.
pub const DEFAULT_MORRIS_TRAJECTORIES: u64 = 50;
/// Default inner paths per design point of a stochastic model.
pub const DEFAULT_PATHS_PER_POINT: u64 = 256;

/// A validated `[sensitivity]` section.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityDef {
    /// The method.
    pub method: Method,
    /// Sobol: base samples N (a power of two); Morris: trajectories r; OAT: unused (0).
    pub samples: u64,
    /// Inner Monte Carlo paths at each design point (same seed and path indices at every point).
    pub paths_per_point: u64,
    /// Seed of the design and of the bootstrap (the inner paths use the scenario's seed).
    pub seed: u64,
    /// Sobol: also S2.
    pub second_order: bool,
    /// Morris: grid levels p.
    pub levels: usize,
    /// Bootstrap resamples for the intervals (0: none).
    pub bootstrap: usize,
    /// Coverage of the intervals.
    pub confidence: f64,
    /// The factors, sorted by path.
    pub factors: Vec<Factor>,
    /// The outputs.
    pub outputs: Vec<StudyOutput>,
    /// Whether the model draws nothing on a path once the factors are fixed (one path per
    /// point then says everything).
    pub deterministic: bool,
}

impl SensitivityDef {
    /// Number of design points: N (k + 2), N (2k + 2) with S2, r (k + 1), or 2k + 1.
    pub fn points(&self) -> u64 {
        design_points(
            self.method,
            self.samples,
            self.factors.len() as u64,
            self.second_order,
        )
    }
}

fn design_points(method: Method, samples: u64, k: u64, second_order: bool) -> u64 {
    match method {
        Method::Sobol if second_order => samples.saturating_mul(2 * k + 2),
        Method::Sobol => samples.saturating_mul(k + 2),
        Method::Morris => samples.saturating_mul(k + 1),
        Method::Oat => 2 * k + 1,
    }
}

/// Validates `[sensitivity]` if present.
#[allow(clippy::too_many_arguments)]
pub(crate) fn sensitivity(
    c: &mut Ctx,
    doc: &toml::Table,
    spec: &dyn ModelSpec,
    grid: &TimeGrid,
    uncertainty: &[Uncertain],
    targets: &[Target],
    seed: u64,
    draws_per_step: usize,
) -> Option<SensitivityDef> {
    let s = c.opt_table(doc, &[], "sensitivity")?;
    let p = kp(&["sensitivity"]);
    let before = c.issues().len();
    c.known_keys(s, &key_names(SENSITIVITY_KEYS), &p, "[sensitivity]");
    let int_or = |c: &mut Ctx, name: &str, default: i64| {
        c.int_or(
            s,
            &p,
            name,
            declared(SENSITIVITY_KEYS, name).ints(),
            default,
        )
    };
    let method = c.choice_or(
        s,
        &p,
        "method",
        &Method::ALL.map(|m| (m.name(), m)),
        Method::Sobol,
    );
    let from_uncertainty = c
        .boolean_or(s, &p, "factors_from_uncertainty", true)
        .unwrap_or(true);
    let factors = factors(
        c,
        s,
        "sensitivity",
        spec,
        uncertainty,
        FactorKeys::Range,
        from_uncertainty,
    );
    let deterministic = draws_per_step == 0
        && uncertainty
            .iter()
            .all(|u| factors.iter().any(|f| f.param == u.param));
    let default_samples = match method {
        Some(Method::Morris) => DEFAULT_MORRIS_TRAJECTORIES,
        _ => DEFAULT_SOBOL_SAMPLES,
    };
    let samples = int_or(c, "samples", default_samples as i64);
    let ppp_default = if deterministic {
        1
    } else {
        DEFAULT_PATHS_PER_POINT as i64
    };
    let paths_per_point = int_or(c, "paths_per_point", ppp_default);
    let seed = int_or(c, "seed", seed as i64);
    let second_order = c.boolean_or(s, &p, "second_order", false);
    let levels = int_or(c, "levels", 4);
    let bootstrap = int_or(c, "bootstrap", 1000);
    let confidence = c
        .num_or(s, &p, "confidence", Range::left_open(0.0, 1.0), 0.95)
        .filter(|&x| {
            if x >= 1.0 {
                c.issue(
                    with_key(&p, "confidence"),
                    format!("must be strictly between 0 and 1, got {x}"),
                );
            }
            x < 1.0
        });
    let outputs = outputs(c, s, "sensitivity", spec, grid, targets);
    let (Some(method), Some(samples), Some(ppp), Some(seed), Some(so), Some(levels)) =
        (method, samples, paths_per_point, seed, second_order, levels)
    else {
        return None;
    };
    let samples = samples as u64;
    if method == Method::Sobol && !samples.is_power_of_two() {
        c.issue(
            with_key(&p, "samples"),
            format!(
                "Sobol base samples N must be a power of two, got {samples} (nearest: {} or {})",
                samples.next_power_of_two() / 2,
                samples.next_power_of_two()
            ),
        );
    }
    if method == Method::Morris && levels % 2 == 1 {
        c.issue(
            with_key(&p, "levels"),
            format!("Morris levels must be even, got {levels}"),
        );
    }
    if method == Method::Oat && s.contains_key("samples") {
        c.warn(
            with_key(&p, "samples"),
            "`samples` does not apply to method = \"oat\" (2k + 1 points)",
        );
    }
    let k = factors.len() as u64;
    let points = design_points(method, samples, k, so);
    if k > 0 && points > MAX_DESIGN_POINTS {
        c.issue(
            with_key(&p, "samples"),
            format!(
                "{points} design points ({} method, {k} factors): at most {MAX_DESIGN_POINTS} design points",
                method.name()
            ),
        );
    } else if points.saturating_mul(ppp as u64) > MAX_STUDY_PATHS {
        c.issue(
            with_key(&p, "paths_per_point"),
            format!(
                "{points} points × {ppp} paths per point: at most {MAX_STUDY_PATHS} paths in one study"
            ),
        );
    }
    check_factor_box(c, spec, uncertainty, &factors, "sensitivity");
    (c.issues().len() == before).then(|| SensitivityDef {
        method,
        samples: if method == Method::Oat { 0 } else { samples },
        paths_per_point: ppp as u64,
        seed: seed as u64,
        second_order: so,
        levels: levels as usize,
        bootstrap: bootstrap.unwrap_or(1000) as usize,
        confidence: confidence.unwrap_or(0.95),
        factors,
        outputs,
        deterministic,
    })
}
