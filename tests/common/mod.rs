//! Helpers shared by the integration tests: loading scenarios with overrides and switching the
//! cultural model's noise off (every change goes through `--set`-style overrides, so it passes
//! validation like a value in a file).
#![allow(dead_code)]

use softpower::engine::trace::PathTrace;
use softpower::model::cultural::CulturalSpec;
use softpower::scenario::{Loader, Override, Scenario};

/// Path of a canonical scenario in `scenarios/`.
pub fn path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

/// A canonical scenario from `scenarios/`.
pub fn load(name: &str) -> Scenario {
    load_with::<&str>(name, &[])
}

/// A canonical scenario with overrides (`key=value`, as `--set` takes them).
pub fn load_with<S: AsRef<str>>(name: &str, sets: &[S]) -> Scenario {
    let overrides = sets
        .iter()
        .map(|s| Override::parse(s.as_ref()).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    Loader::new()
        .with_overrides(overrides)
        .load_file(&path(name))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The cultural model's part of a scenario.
pub fn spec(s: &Scenario) -> &CulturalSpec {
    s.spec_as::<CulturalSpec>()
        .expect("a cultural-export scenario")
}

/// Overrides that set every volatility and regime rate to 0 and drop `[uncertainty]`: the
/// deterministic mode.
pub fn deterministic_sets(s: &Scenario) -> Vec<String> {
    let c = spec(s);
    let mut v = vec!["uncertainty={}".to_string()];
    for x in c.sectors() {
        v.push(format!("sector.{}.capacity_volatility=0", x.name));
        v.push(format!("sector.{}.hit_volatility=0", x.name));
    }
    for m in c.markets() {
        for f in ["tension_hazard", "relief_rate", "ban_hazard", "unban_rate"] {
            v.push(format!("market.{}.{f}=0", m.name));
        }
    }
    v.push("response.adoption_volatility=0".into());
    v.push("response.favorability_volatility=0".into());
    v.push("imports.volatility=0".into());
    v
}

/// A canonical scenario in deterministic mode, with further overrides.
pub fn deterministic(name: &str, extra: &[String]) -> Scenario {
    let mut sets = deterministic_sets(&load(name));
    sets.extend(extra.iter().cloned());
    load_with(name, &sets)
}

/// Σ X0 over every designated cell (all sectors, every count-expanded base): the funding split's denominator.
pub fn designated_exports(c: &CulturalSpec) -> f64 {
    c.bases()
        .iter()
        .enumerate()
        .filter(|(_, b)| b.designated)
        .map(|(i, b)| b.count as f64 * c.params().base_exports[i].iter().sum::<f64>())
        .sum()
}

/// The options `softpower run` runs a scenario with, on `threads` threads.
pub fn run_options(s: &Scenario, threads: usize) -> softpower::engine::RunOptions {
    softpower::engine::RunOptions {
        paths: s.paths(),
        seed: s.seed(),
        threads,
        alpha: softpower::stats::DEFAULT_ALPHA,
        exact_quantiles: false,
    }
}

/// Every path of a scenario, run as `softpower run` does (on two threads).
pub fn run(s: &Scenario) -> softpower::engine::RunOutput {
    let opts = run_options(s, 2);
    softpower::engine::run(&*s.build_model(), &s.path_setup(), &opts, None).unwrap()
}

/// Path `path` of a scenario, simulated exactly as a run would (its own seed and draws).
pub fn trace(s: &Scenario, seed: u64, path: u64) -> PathTrace {
    s.build_model().trace(&s.path_setup(), seed, path)
}

/// Index of an outcome.
pub fn outcome(s: &Scenario, name: &str) -> usize {
    s.info()
        .outcome_index(name)
        .unwrap_or_else(|| panic!("no outcome {name}"))
}

/// Every file under `dir`, as sorted paths relative to it.
pub fn listing(dir: &std::path::Path) -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    let mut v: Vec<String> = files
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    v.sort();
    v
}

/// Make sure `python3` can import pandas and pyarrow, installing them with pip once per test
/// binary when it cannot (so the README's `cargo test` does its own set-up). Panics, saying what
/// to install, when neither works: a Parquet reader we never ran proves nothing.
pub fn ensure_pandas() {
    static READY: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let ready = READY.get_or_init(|| {
        let importable = || {
            std::process::Command::new("python3")
                .args(["-c", "import pandas, pyarrow"])
                .output()
                .map(|o| o.status.success())
                .map_err(|e| format!("cannot run python3 ({e})"))
        };
        if importable()? {
            return Ok(());
        }
        for extra in [&["--user"][..], &["--break-system-packages"][..], &[][..]] {
            let _ = std::process::Command::new("python3")
                .args(["-m", "pip", "install", "--quiet"])
                .args(extra)
                .args(["pandas", "pyarrow"])
                .status();
            if importable()? {
                return Ok(());
            }
        }
        Err("python3 cannot import pandas and pyarrow, and pip could not install them".into())
    });
    if let Err(e) = ready {
        panic!("{e}: install them with `python3 -m pip install pandas pyarrow`");
    }
}

/// Run a script of `scripts/` with python3 on `args` (after [`ensure_pandas`]), asserting it
/// succeeds; its stdout.
pub fn python_check<I, S>(script: &str, args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    ensure_pandas();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(script);
    let o = std::process::Command::new("python3")
        .arg(&script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 {} ({e})", script.display()));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{}:\n{stderr}", script.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}
