//! The fuzzer's inputs as tests: every finding kept in `fuzz/regressions/` replays through the
//! same checks as the fuzz targets (`softpower::fuzzing`), and the seed corpus in `fuzz/seeds/`
//! holds the shipped scenarios in their resolved (`extends`-free) form, so that the fuzzer
//! starts from every section the format has. `SOFTPOWER_UPDATE_FUZZ_SEEDS=1 cargo test
//! fuzz_inputs` rewrites the seeds.

use softpower::fuzzing::{load_simulate, load_validate};
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

/// Each finding of the fuzzer, kept as a file, runs through both targets' checks without a
/// panic. The file names say what each one was (see fuzz/README.md).
#[test]
fn fuzz_findings_replay_cleanly() {
    let found = files(&dir("fuzz/regressions"));
    assert!(!found.is_empty(), "fuzz/regressions is empty");
    for f in &found {
        let data = fs::read(f).unwrap();
        let r = std::panic::catch_unwind(|| load_simulate(&data));
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
