//! The fuzzer's inputs as tests: every finding kept in `fuzz/regressions/` replays through the
//! same checks as the fuzz targets (`softpower::fuzzing`), and the seed corpus in `fuzz/seeds/`
//! holds the shipped scenarios in their resolved (`extends`-free) form, so that the fuzzer
//! starts from every section the format has. `SOFTPOWER_UPDATE_FUZZ_SEEDS=1 cargo test
//! fuzz_inputs` rewrites the seeds.

use softpower::fuzzing::{load_simulate, load_validate, overrides_simulate};
use softpower::scenario::load_file;
use std::fs;
use std::path::{Path, PathBuf};

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn files(d: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(d)
        .unwrap_or_else(|e| panic!("{}: {e}", d.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

/// Each finding of the fuzzer, kept as a file in fuzz/regressions/, runs through both targets'
/// checks without a panic (fuzz/regressions/README.md lists them; none so far).
#[test]
fn fuzz_findings_replay_cleanly() {
    let found: Vec<PathBuf> = files(&dir("fuzz/regressions"))
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    for f in &found {
        let data = fs::read(f).unwrap();
        let r = std::panic::catch_unwind(|| (load_simulate(&data), overrides_simulate(&data)));
        assert!(r.is_ok(), "{} panics", f.display());
    }
}

/// Every seed loads (or fails to load) without a panic, and the shipped scenarios' seeds are
/// their current resolved forms and simulate.
#[test]
fn fuzz_seeds_hold_the_shipped_scenarios() {
    let seeds = dir("fuzz/seeds");
    let update = std::env::var_os("SOFTPOWER_UPDATE_FUZZ_SEEDS").is_some();
    for f in files(&dir("scenarios")) {
        let s = load_file(&f).unwrap_or_else(|e| panic!("{e}"));
        let resolved = toml::to_string(s.resolved()).unwrap();
        let seed = seeds.join(f.file_name().unwrap());
        if update {
            fs::write(&seed, &resolved).unwrap();
        }
        let kept = fs::read_to_string(&seed).unwrap_or_default();
        assert_eq!(
            kept,
            resolved,
            "{} is not {}'s resolved form: rerun with SOFTPOWER_UPDATE_FUZZ_SEEDS=1",
            seed.display(),
            f.display()
        );
        assert_eq!(load_validate(kept.as_bytes()), Some(resolved.clone()));
    }
    for f in files(&seeds) {
        let data = fs::read(&f).unwrap();
        assert!(
            std::panic::catch_unwind(|| load_simulate(&data)).is_ok(),
            "{} panics",
            f.display()
        );
    }
}

/// The seeds of the overrides target are valid overrides of the baseline, which simulate.
#[test]
fn override_seeds_simulate() {
    let seeds = files(&dir("fuzz/seeds_overrides"));
    assert!(!seeds.is_empty());
    for f in seeds {
        assert!(
            overrides_simulate(&fs::read(&f).unwrap()),
            "{}",
            f.display()
        );
    }
    // And a line that is not an override is skipped, one that is invalid refuses the scenario.
    assert!(overrides_simulate(b"not an override\nscenario.paths=32"));
    assert!(!overrides_simulate(b"response.bass_q=1000"));
}

/// Replays a whole corpus (`SOFTPOWER_FUZZ_CORPUS=DIR cargo test --test tests
/// fuzz_inputs::replay_a_corpus -- --ignored --nocapture`; `SOFTPOWER_FUZZ_TARGET=overrides_simulate`
/// for that target's corpus) and counts how many inputs validate
/// and how many simulate: the figures in fuzz/README.md. Ignored by default: the corpus is not
/// in the repository.
#[test]
#[ignore = "needs SOFTPOWER_FUZZ_CORPUS, a directory of fuzzer inputs"]
fn replay_a_corpus() {
    let corpus = std::env::var_os("SOFTPOWER_FUZZ_CORPUS").expect("SOFTPOWER_FUZZ_CORPUS");
    let (mut n, mut valid, mut simulated) = (0, 0, 0);
    for f in files(Path::new(&corpus)) {
        let data = fs::read(&f).unwrap();
        n += 1;
        valid += usize::from(load_validate(&data).is_some());
        simulated += usize::from(match std::env::var("SOFTPOWER_FUZZ_TARGET").as_deref() {
            Ok("overrides_simulate") => overrides_simulate(&data),
            _ => load_simulate(&data),
        });
    }
    println!("{n} inputs: {valid} validate, {simulated} simulate");
    assert!(n > 0, "the corpus is empty");
}
