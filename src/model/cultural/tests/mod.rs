//! Loader tests: the canonical scenarios, one bad input of each kind (message names the field
//! and the line), `extends` merging, cycles and missing parents. Shared helpers live here.

mod builds;
mod checks;
mod extends;
mod fields;

use std::path::{Path, PathBuf};

use crate::engine::Direction;
use crate::model::cultural::*;
use crate::scenario::*;

/// The cultural model's part of a scenario.
pub(super) fn c(s: &Scenario) -> &CulturalSpec {
    s.spec_as::<CulturalSpec>()
        .expect("a cultural-export scenario")
}

pub(super) fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// The baseline with its first `from` replaced by `to`.
pub(super) fn edit(from: &str, to: &str) -> String {
    assert!(BASELINE_TOML.contains(from), "baseline lacks {from:?}");
    BASELINE_TOML.replacen(from, to, 1)
}

pub(super) fn errors_of(text: &str) -> Vec<String> {
    match load_str(text, "bad.toml", None) {
        Ok(_) => panic!("accepted"),
        Err(e) => e.errors().iter().map(|e| e.to_string()).collect(),
    }
}

/// 1-based line of the first occurrence of `needle`.
pub(super) fn line_of(text: &str, needle: &str) -> usize {
    let off = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    text[..off].matches('\n').count() + 1
}

/// Exactly one error, at `needle`'s line, naming `field` and containing `msg`.
pub(super) fn expect_one(text: &str, needle: &str, field: &str, msg: &str) {
    let errs = errors_of(text);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let prefix = format!("bad.toml:{}:", line_of(text, needle));
    let e = &errs[0];
    assert!(e.starts_with(&prefix), "expected {prefix}: {e}");
    assert!(
        e.contains(&format!("field `{field}`: ")),
        "expected field `{field}`: {e}"
    );
    assert!(e.contains(msg), "expected {msg:?}: {e}");
}

/// Like `expect_one` with the baseline edited by replacing `from` with `to` (`to`'s line).
pub(super) fn bad(from: &str, to: &str, field: &str, msg: &str) {
    expect_one(&edit(from, to), to, field, msg);
}

#[test]
fn canonical_scenarios_load() {
    let b = load_file(&scenarios_dir().join("baseline.toml")).unwrap();
    assert_eq!(b.name, "baseline");
    assert_eq!(
        (c(&b).sectors.len(), c(&b).markets.len(), c(&b).bases.len()),
        (7, 8, 8)
    );
    assert_eq!(b.uncertainty.len(), 3);
    assert_eq!(b.uncertainty[0].path, "response.bass_q");
    assert_eq!(b.targets[0].step, 44);
    assert_eq!(b.quantiles, DEFAULT_QUANTILES.to_vec());
    assert_eq!(c(&b).params, c(&baseline()).params);
    assert!(b.source_file.is_some() && baseline().source_file.is_none());
    let p = load_file(&scenarios_dir().join("export_push.toml")).unwrap();
    assert_eq!(p.name, "export_push");
    assert_eq!(
        c(&p).params.levers.get(LeverKind::Funding).entries,
        vec![(2019.0, 0.0), (2022.0, 3.0)]
    );
    assert_eq!(
        c(&p).params.levers.get(LeverKind::OwnPlatform).at(2022.9),
        0.2
    );
    assert_eq!(c(&p).params.markets, c(&b).params.markets);
    assert_eq!(p.targets, b.targets);
    assert!(p.resolved["scenario"].get("extends").is_none());
    assert_eq!(p.resolved["response"]["bass_q"].as_float(), Some(0.38));
    // Base exports are aligned with the listed sectors, in [[sector]] order.
    assert_eq!(c(&b).bases[0].sectors, vec![0, 1, 4, 6]);
    assert_eq!(c(&b).params.base_exports[0], vec![1.0, 0.3, 0.01, 0.02]);
    assert_eq!(c(&b).bases[6].count, 23);
}

#[test]
fn all_errors_are_reported_in_line_order() {
    let t = edit("bass_p = 0.01", "bass_p = -1")
        .replacen("piracy = 0.15", "piracy = 7", 1)
        .replacen("years = 12", "years = 0", 1);
    let errs = errors_of(&t);
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert!(
        errs[0].contains("scenario.years")
            && errs[1].contains("response.bass_p")
            && errs[2].contains("piracy")
    );
    let all = load_str(&t, "bad.toml", None).unwrap_err().to_string();
    assert!(all.starts_with("3 problems in scenario:\n"), "{all}");
}

#[test]
fn io_and_syntax_errors() {
    let e = load_file(Path::new("no/such/file.toml")).unwrap_err();
    assert_eq!(
        e.first().to_string(),
        "no/such/file.toml: cannot read file: file not found"
    );
    let t = edit("years = 12", "years = = 12");
    let e = load_str(&t, "bad.toml", None).unwrap_err();
    let line = line_of(&t, "years = =");
    assert!(
        matches!(e.first(), ScenarioError::Syntax { line: l, .. } if *l == line),
        "{e}"
    );
}

/// The cultural model's part of a scenario (for tests with a local `c`).
pub(super) fn spec(s: &Scenario) -> &CulturalSpec {
    c(s)
}
