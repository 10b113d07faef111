//! The checks behind the fuzz targets (`fuzz/`, run with cargo fuzz) and their regression tests
//! (`tests/fuzz_inputs.rs`), in one place so that a finding replays exactly as the fuzzer saw
//! it. Each takes arbitrary bytes and panics only on a defect.

use crate::engine::{run, RunOptions};
use crate::scenario::{load_str, Loader, Override, BASELINE_TOML};

/// Skip simulating scenarios whose paths are long enough to slow the fuzzer to a crawl (the work
/// of a path grows with steps × parameters); validation's own limits are far above this.
pub const MAX_SIMULATED_WORK: usize = 200_000;

/// Bytes as a scenario file (UTF-8 only), through parsing, merging and validation with every
/// registered model, with every error message formatted. An accepted scenario must load again
/// from its own resolved form (what partial files record and `softpower merge` reloads).
/// Returns the scenario's resolved TOML when it validated.
pub fn load_validate(data: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(data).ok()?;
    match load_str(text, "fuzz.toml", None) {
        Ok(s) => {
            let again = toml::to_string(s.resolved()).expect("a resolved scenario serialises");
            if let Err(e) = load_str(&again, "resolved.toml", None) {
                panic!("a valid scenario's resolved form does not load:\n{e}\n---\n{again}");
            }
            Some(again)
        }
        Err(e) => {
            let _ = e.to_string();
            None
        }
    }
}

/// [`load_validate`], then whatever validated is simulated: two traced paths, whose every
/// outcome must be finite (validation's promise, docs/model.md "Bounds"), and a run of up to 16
/// paths on one thread through the engine's reduction, whose statistics must pass the
/// finiteness check. Returns whether it simulated.
pub fn load_simulate(data: &[u8]) -> bool {
    if load_validate(data).is_none() {
        return false;
    }
    let text = std::str::from_utf8(data).expect("checked by load_validate");
    let s = load_str(text, "fuzz.toml", None).expect("checked by load_validate");
    simulate(&s)
}

/// Bytes as `--set` overrides of the embedded baseline, one `dotted.key=value` per line (lines
/// that do not parse as an override are skipped): a file the fuzzer would rarely write whole,
/// so that most inputs validate and simulate. Every error message is formatted; whatever
/// validates is simulated as in [`load_simulate`]. Returns whether it simulated.
pub fn overrides_simulate(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let overrides: Vec<Override> = text
        .lines()
        .filter_map(|l| Override::parse(l).ok())
        .collect();
    match Loader::new()
        .with_overrides(overrides)
        .load_str(BASELINE_TOML, "baseline.toml", None)
    {
        Ok(s) => simulate(&s),
        Err(e) => {
            let _ = e.to_string();
            false
        }
    }
}

/// The simulation checks of [`load_simulate`] on a validated scenario.
fn simulate(s: &crate::scenario::Scenario) -> bool {
    let work = s.info().params.len().max(1);
    if s.steps().saturating_mul(work) > MAX_SIMULATED_WORK {
        return false;
    }
    let model = s.build_model();
    let setup = s.path_setup();
    for path in 0..2 {
        let t = model.trace(&setup, s.seed(), path);
        for (k, row) in t.outcomes.iter().enumerate() {
            for (i, v) in row.iter().enumerate() {
                assert!(v.is_finite(), "path {path}, step {k}, outcome {i}: {v}");
            }
        }
    }
    let opts = RunOptions {
        paths: s.paths().min(16),
        seed: s.seed(),
        threads: 1,
        alpha: crate::stats::DEFAULT_ALPHA,
        exact_quantiles: false,
    };
    let out = run(&*model, &setup, &opts, None).expect("the engine runs a valid scenario");
    if let Err(e) = s.check_finite(&out.acc) {
        panic!("non-finite statistics: {e}");
    }
    true
}
