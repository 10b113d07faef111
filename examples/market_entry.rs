//! A user model written outside the crate against the public API only: a firm entering a
//! foreign market, registered as `market-entry`, simulated from an embedded scenario and written
//! out like `softpower run` does (summary.csv, summary.json, charts and report.html).
//!
//! Run it with `cargo run --release --example market_entry [OUT_DIR]` (default
//! `output/market-entry/`). docs/models.md walks through this file.
//!
//! The model. The firm's share `s` of the market grows logistically with multiplicative noise,
//!
//! ```text
//! ds = r s (1 − s/K) dt + σ s dW,   s(0) = s0 ≤ K,
//! ```
//!
//! integrated by splitting each step of length `dt` in two exact flows: the noise factor
//! `exp(−σ²dt/2 + σ √dt z)` (the exact solution of `ds = σ s dW`), then the logistic flow
//! `s ← K s e / (K + s (e − 1))` with `e = exp(r dt)`. The scheme keeps `s` positive and is exact
//! when σ = 0 (the share then follows the closed-form logistic curve). The share is capped at 1
//! (all of the market). Each step the market may be closed to the firm: a Bernoulli draw with
//! probability `1 − exp(−ban_hazard · dt)` (so the time to a ban is exponential with rate
//! `ban_hazard`). A ban is permanent: the share is 0 for the rest of the path. Revenue is
//! `s × market_m`; cumulative profit starts at `−entry_cost_m` (the fixed entry cost) and earns
//! `margin × revenue × dt` each step.
//!
//! Every step draws exactly one uniform (the ban) and one normal (the noise), banned or not,
//! whatever σ: the number and order of draws depends only on structure, which keeps common
//! random numbers between scenarios.

use anyhow::Context;
use softpower::engine::{self, AnyModel, Draws, Model, RunOptions, SummaryAcc};
use softpower::input::{kp, with_key, Ctx, Key, Kind, Range, TableDecl};
use softpower::model::{
    DrawCounts, Hull, ModelEntry, ModelInfo, ModelInput, ModelSpec, OutcomeInfo, ParamInfo,
    Registry, TimeGrid,
};
use softpower::output::visuals::{horizon_samples, RunVisuals};
use softpower::output::{self, csv::SummaryCsv, json::SummaryJson, Output};
use softpower::results::Summary;
use softpower::scenario::{Loader, Override, Scenario};
use std::any::Any;
use std::path::{Path, PathBuf};

/// Name written in `[scenario] model`.
pub const MODEL_NAME: &str = "market-entry";

/// The scenario this example runs, embedded as text (a file works the same way with
/// `Loader::load_file`).
pub const SCENARIO: &str = r#"
[scenario]
name = "market-entry"
description = "A firm enters a foreign market: logistic share growth, noise, a ban hazard"
model = "market-entry"
start_year = 2025
years = 10
steps_per_year = 12
paths = 20000
seed = 7

[model]
r = 0.8              # per year
capacity = 0.25      # K, share of the market
sigma = 0.3          # per sqrt(year)
s0 = 0.01            # share at entry
ban_hazard = 0.03    # per year
market_m = 2000.0    # m USD per year
margin = 0.2
entry_cost_m = 300.0 # m USD

[uncertainty]
"model.r" = { dist = "triangular", min = 0.4, mode = 0.8, max = 1.2 }

[[target]]
name = "entry paid back by 2035"
metric = "profit_m"
year = 2035
above = 0.0
"#;

softpower::param_table! {
    /// `[model]`: every parameter of the market-entry model, declared once (key, range, unit,
    /// doc, drawable). The index of a field is its parameter index in the model info.
    pub struct Params {
        /// r: intrinsic growth rate of the share.
        r: Range::closed(0.0, 5.0), "per year", true;
        /// K: carrying capacity, the share the firm can reach.
        capacity: Range { min: 0.0, max: 1.0, min_exclusive: true }, "share", true;
        /// σ: volatility of the share.
        sigma: Range::closed(0.0, 2.0), "per sqrt(year)", true;
        /// s0: share at entry (at most K).
        s0: Range { min: 0.0, max: 1.0, min_exclusive: true }, "share", true;
        /// Hazard of a permanent ban from the market.
        ban_hazard: Range::NON_NEG, "per year", true;
        /// Size of the market.
        market_m: Range::POS, "m USD per year", true;
        /// Operating margin on revenue.
        margin: Range::UNIT, "share", true;
        /// Fixed cost of entering, paid at the start.
        entry_cost_m: Range::NON_NEG, "m USD", true;
    }
}

/// Outcomes, in recording order.
pub const OUTCOMES: [&str; 4] = ["share", "revenue_m", "profit_m", "banned"];

/// The parameter index of a `[model]` key.
fn param(name: &str) -> usize {
    Params::FIELDS
        .iter()
        .position(|f| f.name == name)
        .expect("a declared parameter")
}

/// The registry entry.
pub const ENTRY: ModelEntry = ModelEntry {
    name: MODEL_NAME,
    doc: "a firm's share of a foreign market: logistic growth, noise, a ban hazard",
    dynamic: true,
    sections: &[Key::new(
        "model",
        Kind::Table(&TableDecl::fields(Params::FIELDS)),
        "Parameters of the market-entry model",
    )],
    validate,
};

/// The built-in models plus `market-entry`.
pub fn registry() -> Registry {
    let mut r = Registry::builtin();
    r.register(ENTRY);
    r
}

/// Validates `[model]`: every key known, every field present and in its declared range.
fn validate(c: &mut Ctx, input: ModelInput<'_>) -> Option<Box<dyn ModelSpec>> {
    let before = c.issues().len();
    let t = c.section(input.doc, "model")?;
    let path = kp(&["model"]);
    let names: Vec<&str> = Params::FIELDS.iter().map(|f| f.name).collect();
    c.known_keys(t, &names, &path, "[model] of `market-entry`");
    let mut params = Params::default();
    for (i, f) in Params::FIELDS.iter().enumerate() {
        if let Some(v) = c.num(t, &path, f.name, f.range) {
            *params.field_mut(i) = v;
        }
    }
    (c.issues().len() == before)
        .then(|| Box::new(MarketEntrySpec::new(params)) as Box<dyn ModelSpec>)
}

/// The validated `[model]` section and the model info built from it.
#[derive(Debug, Clone)]
pub struct MarketEntrySpec {
    params: Params,
    info: ModelInfo,
}

impl MarketEntrySpec {
    /// The spec of these parameter values.
    pub fn new(params: Params) -> Self {
        let params_info = Params::FIELDS
            .iter()
            .enumerate()
            .map(|(i, f)| ParamInfo {
                path: format!("model.{}", f.name),
                unit: f.unit.into(),
                range: f.range,
                doc: f.doc.trim().into(),
                value: params.field(i),
                drawable: f.drawable,
            })
            .collect();
        let outcome = |name: &str, title: &str, unit: &str, suffix: &str, key: bool| OutcomeInfo {
            title: title.into(),
            unit: unit.into(),
            tick_suffix: suffix.into(),
            key,
            ..OutcomeInfo::plain(name)
        };
        let info = ModelInfo {
            name: MODEL_NAME.into(),
            params: params_info,
            outcomes: vec![
                outcome("share", "Market share", "share", "", true),
                outcome("revenue_m", "Revenue", "m USD per year", " m", true),
                outcome(
                    "profit_m",
                    "Cumulative profit after entry cost",
                    "m USD",
                    " m",
                    true,
                ),
                OutcomeInfo {
                    integer: true,
                    ..outcome("banned", "Banned (1) or not (0)", "", "", false)
                },
            ],
            key_outcomes: vec!["share".into(), "revenue_m".into(), "profit_m".into()],
            headline_outcomes: vec!["profit_m".into()],
            panels: Vec::new(),
            draws: DrawCounts {
                uniforms: 1,
                normals: 1,
                exps: 1,
            },
            policy_section: Some("model".into()),
            policy_title: "Parameters".into(),
        };
        MarketEntrySpec { params, info }
    }

    /// The parameters as written (before per-path draws).
    pub fn params(&self) -> &Params {
        &self.params
    }
}

impl ModelSpec for MarketEntrySpec {
    fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// s0 ≤ K on every path, whatever `[uncertainty]` draws.
    fn joint_checks(&self, c: &mut Ctx, hull: &Hull) {
        let (s0, k) = (param("s0"), param("capacity"));
        let (s0_hi, k_lo) = (hull.range(s0).1, hull.range(k).0);
        if s0_hi > k_lo {
            c.issue(
                hull.at(s0, with_key(&kp(&["model"]), "s0")),
                format!(
                    "s0 must not exceed capacity{}: s0 reaches {s0_hi}, capacity goes down to {k_lo}{}",
                    hull.note(s0),
                    hull.note(k)
                ),
            );
        }
    }

    fn build(&self, grid: &TimeGrid) -> Box<dyn AnyModel> {
        Box::new(MarketEntry {
            params: self.params,
            steps: grid.steps(),
            dt: grid.dt(),
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The runnable model: the scenario's parameters and the time grid.
#[derive(Debug, Clone)]
pub struct MarketEntry {
    params: Params,
    steps: usize,
    dt: f64,
}

/// One path's parameters, per-step constants and state.
#[derive(Debug, Clone, Default)]
pub struct Work {
    p: Params,
    /// exp(r dt).
    growth: f64,
    /// Probability of a ban in one step, 1 − exp(−ban_hazard dt).
    ban_p: f64,
    /// σ √dt.
    vol: f64,
    share: f64,
    banned: bool,
    profit: f64,
    z: [f64; 1],
}

impl Model for MarketEntry {
    type Work = Work;

    fn outcomes(&self) -> usize {
        OUTCOMES.len()
    }

    fn steps(&self) -> usize {
        self.steps
    }

    fn new_work(&self) -> Work {
        Work::default()
    }

    fn set_params(&self, drawn: &[(usize, f64)], w: &mut Work) {
        w.p = self.params;
        for &(i, v) in drawn {
            *w.p.field_mut(i) = v;
        }
        w.growth = (w.p.r * self.dt).exp();
        w.ban_p = -(-w.p.ban_hazard * self.dt).exp_m1();
        w.vol = w.p.sigma * self.dt.sqrt();
    }

    fn init(&self, w: &mut Work) {
        w.share = w.p.s0;
        w.banned = false;
        w.profit = -w.p.entry_cost_m;
    }

    fn step<D: Draws + ?Sized>(&self, _k: usize, w: &mut Work, draws: &mut D) {
        // Every random number first, the same ones whatever the state or parameters.
        let u = draws.uniform();
        draws.fill_normals(&mut w.z);
        if w.banned {
            return;
        }
        if u < w.ban_p {
            w.banned = true;
            w.share = 0.0;
            return;
        }
        let s = w.share * (w.vol * w.z[0] - 0.5 * w.vol * w.vol).exp();
        let k = w.p.capacity;
        w.share = (k * s * w.growth / (k + s * (w.growth - 1.0))).min(1.0);
        w.profit += w.p.margin * w.p.market_m * w.share * self.dt;
    }

    fn record(&self, w: &Work, out: &mut [f64]) {
        out[0] = w.share;
        out[1] = w.share * w.p.market_m;
        out[2] = w.profit;
        out[3] = f64::from(u8::from(w.banned));
    }
}

/// The closed-form logistic share at time `t` (years) with σ = 0 and no ban.
pub fn logistic(r: f64, k: f64, s0: f64, t: f64) -> f64 {
    let e = (r * t).exp();
    k * s0 * e / (k + s0 * (e - 1.0))
}

/// The embedded scenario with `--set`-style overrides (`key=value`), validated.
pub fn scenario(sets: &[&str]) -> anyhow::Result<Scenario> {
    let overrides = sets
        .iter()
        .map(|s| Override::parse(s).map_err(anyhow::Error::msg))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let s = Loader::new()
        .with_registry(registry())
        .with_overrides(overrides)
        .load_str(SCENARIO, "examples/market_entry.rs (embedded)", None)?;
    Ok(s)
}

/// Simulate a scenario as `softpower run` does: its model, its per-path draws and targets,
/// every core. Returns the summary and the raw statistics (for the histograms).
pub fn simulate(s: &Scenario) -> anyhow::Result<(Summary, SummaryAcc)> {
    let model = s.build_model();
    let setup = s.path_setup();
    let opts = RunOptions {
        paths: s.paths(),
        seed: s.seed(),
        threads: 0,
        alpha: softpower::stats::DEFAULT_ALPHA,
        exact_quantiles: false,
    };
    let out = engine::run(&*model, &setup, &opts, None)?;
    Ok((Summary::new(s, &out), out.acc))
}

/// Write summary.csv, summary.json, the charts and report.html as the new content of `dir`
/// (one unit: see `softpower::output::dir`).
pub fn write(dir: &Path, summary: &Summary, acc: &SummaryAcc) -> anyhow::Result<Vec<PathBuf>> {
    let visuals = RunVisuals {
        samples: horizon_samples(summary, acc),
    };
    let formats: [&dyn Output; 3] = [&SummaryCsv, &SummaryJson, &visuals];
    output::write_all_to(dir, false, summary, &formats)
        .with_context(|| format!("writing results to {}", dir.display()))
}

/// Load, simulate and write the embedded scenario into `dir`; returns the summary and the
/// files written.
pub fn run_to(dir: &Path) -> anyhow::Result<(Summary, Vec<PathBuf>)> {
    let s = scenario(&[])?;
    let (summary, acc) = simulate(&s)?;
    let written = write(dir, &summary, &acc)?;
    Ok((summary, written))
}

fn main() -> anyhow::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("output/market-entry"), PathBuf::from);
    let (summary, written) = run_to(&dir)?;
    print!("{}", output::human::render(&summary));
    println!("wrote {} files to {}", written.len(), dir.display());
    Ok(())
}
