//! `[explore]`: experiments over the policy space (a grid of factor values, a Latin hypercube
//! or scrambled Sobol points), each running the same paths, validated with the scenario.

use super::study::{
    check_factor_box, factors, outputs, Factor, FactorKeys, OutputKind, Spread, StudyOutput,
    EXPLORE_FACTOR, OUTPUT_ENTRY_KEYS,
};
use super::types::{Target, Uncertain};
use crate::input::{declared, key_names, kp, with_key, Ctx, Key, Kind, TableDecl};
use crate::limits::{MAX_EXPERIMENTS, MAX_PATHS, MAX_STUDY_OUTPUTS, MAX_STUDY_PATHS};
use crate::model::{ModelSpec, TimeGrid};

/// `[explore]` keys.
pub const EXPLORE_KEYS: &[Key] = &[
    Key::new(
        "design",
        Kind::Choice(&DESIGN_NAMES),
        "grid (every combination of the factors' values), lhs (a Latin hypercube) or sobol (scrambled Sobol points); default grid",
    ),
    Key::new(
        "paths",
        Kind::Integer(1, MAX_PATHS),
        "Paths of every experiment (default the scenario's)",
    ),
    Key::new(
        "points",
        Kind::Integer(1, MAX_EXPERIMENTS as i64),
        "Experiments of an lhs or sobol design (required there; not for a grid)",
    ),
    Key::new(
        "seed",
        Kind::Integer(0, i64::MAX),
        "Seed of a sampled design (default the scenario's)",
    ),
    Key::new(
        "factors",
        Kind::ByParam(&Kind::Table(&EXPLORE_FACTOR)),
        "Factors by quoted dotted parameter path: { min, max }, { min, max, levels } or { values = [...] } (a grid needs levels or values)",
    ),
    Key::new(
        "output",
        Kind::Tables(&TableDecl::of(OUTPUT_ENTRY_KEYS), MAX_STUDY_OUTPUTS),
        "Outputs (every target's probability is added)",
    ),
];

/// Names of the designs, in [`ExploreDesign`] order.
pub const DESIGN_NAMES: [&str; 3] = ["grid", "lhs", "sobol"];

/// An experiment design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExploreDesign {
    /// Every combination of the factors' values (the last factor varies fastest).
    Grid,
    /// A Latin hypercube of `points` experiments.
    Lhs,
    /// The first `points` points of a scrambled Sobol sequence.
    Sobol,
}

impl ExploreDesign {
    /// Its name in files.
    pub fn name(self) -> &'static str {
        DESIGN_NAMES[self as usize]
    }

    /// Every design, in the order of [`DESIGN_NAMES`].
    pub const ALL: [ExploreDesign; 3] = [
        ExploreDesign::Grid,
        ExploreDesign::Lhs,
        ExploreDesign::Sobol,
    ];
}

/// A validated `[explore]` section.
#[derive(Debug, Clone, PartialEq)]
pub struct ExploreDef {
    /// The design.
    pub design: ExploreDesign,
    /// Paths of every experiment (the same seed and path indices in each).
    pub paths: u64,
    /// Experiments of a sampled design (for a grid, the product of the factors' value counts).
    pub points: u64,
    /// Seed of a sampled design.
    pub seed: u64,
    /// The factors, sorted by path.
    pub factors: Vec<Factor>,
    /// The outputs: the statistics asked for, then every target's probability.
    pub outputs: Vec<StudyOutput>,
}

/// Validates `[explore]` if present.
#[allow(clippy::too_many_arguments)]
pub(crate) fn explore(
    c: &mut Ctx,
    doc: &toml::Table,
    spec: &dyn ModelSpec,
    grid: &TimeGrid,
    uncertainty: &[Uncertain],
    targets: &[Target],
    paths: u64,
    seed: u64,
) -> Option<ExploreDef> {
    let s = c.opt_table(doc, &[], "explore")?;
    let p = kp(&["explore"]);
    let before = c.issues().len();
    c.known_keys(s, &key_names(EXPLORE_KEYS), &p, "[explore]");
    let bounds = |name: &str| declared(EXPLORE_KEYS, name).ints();
    let design = c.choice_or(
        s,
        &p,
        "design",
        &ExploreDesign::ALL.map(|d| (d.name(), d)),
        ExploreDesign::Grid,
    );
    let paths = c.int_or(s, &p, "paths", bounds("paths"), paths as i64);
    let seed = c.int_or(s, &p, "seed", bounds("seed"), seed as i64);
    let factors = factors(
        c,
        s,
        "explore",
        spec,
        uncertainty,
        FactorKeys::Explore,
        false,
    );
    let mut outs: Vec<StudyOutput> = outputs(c, s, "explore", spec, grid, targets)
        .into_iter()
        .filter(|o| !matches!(o.kind, OutputKind::Probability(_)))
        .collect();
    outs.extend(targets.iter().enumerate().map(|(i, t)| StudyOutput {
        name: format!("P({})", t.name),
        kind: OutputKind::Probability(i),
    }));
    let (Some(design), Some(paths), Some(seed)) = (design, paths, seed) else {
        return None;
    };
    let points = match design {
        ExploreDesign::Grid => {
            if s.contains_key("points") {
                c.issue(
                    with_key(&p, "points"),
                    "a grid has one experiment per combination of its factors' values: `points` is for lhs and sobol",
                );
            }
            let mut n: u64 = 1;
            for f in &factors {
                match &f.spread {
                    Spread::Values(v) => n = n.saturating_mul(v.len() as u64),
                    _ => c.issue(
                        kp(&["explore", "factors", &f.path]),
                        format!(
                            "a grid factor needs `levels` (evenly spaced from `min` to `max`) or `values`: \
                             e.g. {{ min = {}, max = {}, levels = 5 }}",
                            f.bounds().0,
                            f.bounds().1
                        ),
                    ),
                }
            }
            n
        }
        _ => {
            if !s.contains_key("points") {
                c.missing(with_key(&p, "points"));
            }
            c.int_or(s, &p, "points", bounds("points"), 0).unwrap_or(0) as u64
        }
    };
    if points > MAX_EXPERIMENTS {
        c.issue(
            with_key(&p, "factors"),
            format!(
                "{points} experiments: at most {MAX_EXPERIMENTS} experiments in one exploration"
            ),
        );
    } else if points.saturating_mul(paths as u64) > MAX_STUDY_PATHS {
        c.issue(
            with_key(&p, "paths"),
            format!(
                "{points} experiments × {paths} paths: at most {MAX_STUDY_PATHS} paths in one study"
            ),
        );
    }
    check_factor_box(c, spec, uncertainty, &factors, "explore");
    (c.issues().len() == before).then_some(ExploreDef {
        design,
        paths: paths as u64,
        points,
        seed: seed as u64,
        factors,
        outputs: outs,
    })
}
