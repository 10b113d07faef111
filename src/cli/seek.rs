//! `softpower seek FILE --factor PATH --min A --max B --target NAME --probability P`: the
//! smallest factor value at which the target's probability reaches P (see
//! [`crate::experiment::seek`]); `--json FILE` writes the answer as JSON.

use super::common::{self, BadInput, SetArgs};
use crate::experiment::run_seek;
use crate::scenario::{Loader, Override};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use toml::Value;

/// Arguments of `seek`.
#[derive(Debug, Clone, Default, Args)]
pub struct SeekArgs {
    /// Scenario file.
    pub scenario: PathBuf,
    /// The factor: a parameter's dotted path, e.g. a lever's schedule entry.
    #[arg(long)]
    pub factor: Option<String>,
    /// Low end of the search.
    #[arg(long, allow_hyphen_values = true)]
    pub min: Option<f64>,
    /// High end of the search.
    #[arg(long, allow_hyphen_values = true)]
    pub max: Option<f64>,
    /// The target's name (a `[[target]]` of the scenario).
    #[arg(long)]
    pub target: Option<String>,
    /// The probability to reach, in (0, 1].
    #[arg(long)]
    pub probability: Option<f64>,
    /// Seek the largest value keeping the probability at least P (it falls as the factor grows).
    #[arg(long)]
    pub decreasing: bool,
    /// Paths of every evaluation (default: the scenario's `paths`).
    #[arg(long)]
    pub paths: Option<u64>,
    /// Also write the answer to this JSON file.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// No summary on stdout.
    #[arg(long, short)]
    pub quiet: bool,
    /// Scenario overrides.
    #[command(flatten)]
    pub set: SetArgs,
}

fn flag(name: &str, shown: String, v: Value) -> Override {
    Override::from_flag(&format!("--{name} {shown}"), &["seek", name], v)
}

/// Run the command.
pub fn run(a: SeekArgs) -> anyhow::Result<ExitCode> {
    let mut o = a.set.overrides()?;
    if let Some(f) = &a.factor {
        o.push(flag("factor", f.clone(), Value::String(f.clone())));
    }
    for (name, v) in [
        ("min", a.min),
        ("max", a.max),
        ("probability", a.probability),
    ] {
        if let Some(x) = v {
            o.push(flag(name, x.to_string(), Value::Float(x)));
        }
    }
    if let Some(t) = &a.target {
        o.push(flag("target", format!("{t:?}"), Value::String(t.clone())));
    }
    if a.decreasing {
        o.push(flag("decreasing", String::new(), Value::Boolean(true)));
    }
    if let Some(n) = a.paths {
        let v = Value::Integer(i64::try_from(n).unwrap_or(i64::MAX));
        o.push(flag("paths", n.to_string(), v));
    }
    let threads = common::check_threads(a.threads)?;
    let loader = Loader::new().with_overrides(o).with_section("seek");
    let scenario = common::load_with(Some(&a.scenario), loader)?;
    let def = scenario.seek().expect("the loader adds [seek]").clone();
    if let Some(j) = &a.json {
        if j.is_dir() {
            return Err(BadInput(format!("--json {}: is a directory", j.display())).into());
        }
    }
    let r = run_seek(&scenario, threads)?;
    if let Some(j) = &a.json {
        let mut bytes = serde_json::to_vec_pretty(&r)?;
        bytes.push(b'\n');
        crate::output::atomic::write_file(j, &bytes)?;
    }
    if !a.quiet {
        let target = &scenario.targets()[def.target].name;
        let (lo, hi) = def.factor.bounds();
        match r.value {
            None => println!(
                "not reachable within [{lo}, {hi}]: P({target}) stays below {} ({} evaluations × {} paths)",
                def.probability, r.evaluations, r.paths
            ),
            Some(v) => {
                let word = if def.decreasing { "largest" } else { "smallest" };
                println!(
                    "{word} `{}` with P({target}) >= {}: {v}",
                    def.factor.path, def.probability
                );
                println!(
                    "  P there: {:.4} [{:.4} – {:.4}] (95 % Wilson, {} paths)",
                    r.probability.unwrap_or(f64::NAN),
                    r.ci_low.unwrap_or(f64::NAN),
                    r.ci_high.unwrap_or(f64::NAN),
                    r.paths
                );
                println!(
                    "  values whose interval contains {}: [{}, {}] (the Monte Carlo uncertainty of the answer)",
                    def.probability,
                    r.range_low.unwrap_or(f64::NAN),
                    r.range_high.unwrap_or(f64::NAN)
                );
                println!(
                    "  {} evaluations in {:.2} s",
                    r.evaluations, r.elapsed_s
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
