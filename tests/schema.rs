//! `softpower schema`: the generated JSON Schema is a valid draft 2020-12 schema, every shipped
//! scenario (`scenarios/*.toml`, converted to JSON) satisfies it, and a file with an unknown
//! key, a wrong type or an out-of-range value fails it at the offending path, as it fails the
//! validator.

use assert_cmd::Command;
use serde_json::Value;
use softpower::scenario::Loader;
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The schema as `softpower schema` prints it (with any extra arguments).
fn printed(args: &[&str]) -> Value {
    let out = Command::cargo_bin("softpower")
        .unwrap()
        .arg("schema")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the schema is JSON")
}

/// A TOML scenario as the JSON an editor validates.
fn as_json(toml_text: &str) -> Value {
    let t: toml::Table = toml::from_str(toml_text).expect("valid TOML");
    serde_json::to_value(t).unwrap()
}

/// Every problem the schema finds in `instance`: (instance path, message).
fn errors(schema: &Value, instance: &Value) -> Vec<(String, String)> {
    let v = jsonschema::draft202012::new(schema).expect("the schema compiles");
    v.iter_errors(instance)
        .map(|e| (e.instance_path().as_str().to_string(), e.to_string()))
        .collect()
}

fn scenarios() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(repo().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

#[test]
fn schema_is_valid_draft_2020_12() {
    let s = printed(&[]);
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    if let Err(e) = jsonschema::draft202012::meta::validate(&s) {
        panic!(
            "not a valid 2020-12 schema: {e} at {}",
            e.instance_path().as_str()
        );
    }
    let one = printed(&["--model", "sobol_g"]);
    assert!(jsonschema::draft202012::meta::is_valid(&one));
    // The meta-validation is not vacuous: a schema with a string where a number goes fails it.
    let mut broken = s.clone();
    broken["properties"]["response"]["properties"]["churn"]["maximum"] = "100".into();
    assert!(!jsonschema::draft202012::meta::is_valid(&broken));
}

#[test]
fn shipped_scenarios_satisfy_the_schema() {
    let s = printed(&[]);
    let files = scenarios();
    assert!(files.len() >= 5, "{files:?}");
    for f in &files {
        let doc = as_json(&fs::read_to_string(f).unwrap());
        let errs = errors(&s, &doc);
        assert!(errs.is_empty(), "{}: {errs:#?}", f.display());
        // The validator agrees.
        Loader::new().load_file(f).unwrap_or_else(|e| panic!("{e}"));
    }
    eprintln!("{} scenarios satisfy the schema", files.len());
    // A file that extends another may leave everything else out.
    let child = as_json("[scenario]\nextends = \"baseline.toml\"\n");
    assert_eq!(errors(&s, &child), vec![]);
    // The schema of one model takes that model's scenarios.
    let ishigami = printed(&["--model", "ishigami"]);
    let doc = as_json(&fs::read_to_string(repo().join("scenarios/ishigami.toml")).unwrap());
    assert_eq!(errors(&ishigami, &doc), vec![]);
}

fn baseline() -> String {
    fs::read_to_string(repo().join("scenarios/baseline.toml")).unwrap()
}

/// `baseline.toml` with `from` replaced by `to` (which must occur).
fn broken_baseline(from: &str, to: &str) -> String {
    let text = baseline();
    assert!(text.contains(from), "`{from}` is not in baseline.toml");
    text.replacen(from, to, 1)
}

/// The file fails the schema with an error at `path` whose message contains `says`, and fails
/// the validator too.
fn fails_at(schema: &Value, text: &str, path: &str, says: &str) {
    let errs = errors(schema, &as_json(text));
    assert!(
        errs.iter().any(|(p, m)| p == path && m.contains(says)),
        "expected an error at {path} saying {says:?}, got {errs:#?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.toml");
    fs::write(&file, text).unwrap();
    assert!(
        Loader::new().load_file(&file).is_err(),
        "the validator takes what the schema refuses"
    );
}

#[test]
fn unknown_keys_wrong_types_and_out_of_range_values_fail() {
    let s = printed(&[]);
    // An unknown key in a section of the model, and an unknown section.
    fails_at(
        &s,
        &broken_baseline("bass_q = 0.38", "bass_qq = 0.38"),
        "/response",
        "bass_qq",
    );
    fails_at(
        &s,
        &format!("{}\n[levers_extra]\nx = 1\n", baseline()),
        "",
        "levers_extra",
    );
    // A string where a number goes.
    fails_at(
        &s,
        &broken_baseline("paths = 10000", "paths = \"many\""),
        "/scenario/paths",
        "\"many\"",
    );
    fails_at(
        &s,
        &broken_baseline("bass_q = 0.38", "bass_q = \"0.38\""),
        "/response/bass_q",
        "\"0.38\"",
    );
    // Out of range: a coefficient, an integer, and a field of an array of tables.
    fails_at(
        &s,
        &broken_baseline("bass_q = 0.38", "bass_q = 1000.0"),
        "/response/bass_q",
        "1000",
    );
    fails_at(
        &s,
        &broken_baseline("steps_per_year = 4", "steps_per_year = 400"),
        "/scenario/steps_per_year",
        "400",
    );
    let text = broken_baseline("piracy = ", "piracy = 1.5 #");
    fails_at(&s, &text, "/market/0/piracy", "1.5");
    // A lever schedule out of range.
    fails_at(
        &s,
        &broken_baseline(
            "visa_easing = 0.1",
            "visa_easing = { 2019 = 0.1, 2022 = 2.0 }",
        ),
        "/levers/visa_easing",
        "2022",
    );
}

#[test]
fn uncertainty_paths_and_models_are_checked() {
    let s = printed(&[]);
    let with_entry =
        |entry: &str| broken_baseline("[uncertainty]\n", &format!("[uncertainty]\n{entry}\n"));
    // A path no parameter has.
    fails_at(
        &s,
        &with_entry("\"response.nope\" = { dist = \"uniform\", min = 0.0, max = 0.1 }"),
        "/uncertainty",
        "response.nope",
    );
    // A distribution without a parameter it needs.
    fails_at(
        &s,
        &with_entry("\"response.churn\" = { dist = \"normal\", mean = 0.1 }"),
        "/uncertainty/response.churn",
        "sd",
    );
    // A cultural-export section in a file of another model.
    let ishigami = fs::read_to_string(repo().join("scenarios/ishigami.toml")).unwrap();
    fails_at(
        &s,
        &format!("{ishigami}\n[response]\nchurn = 0.1\n"),
        "",
        "response",
    );
    // A parameter of the other static model.
    fails_at(
        &s,
        &ishigami.replace("\nb = 0.1", "\nb = 0.1\nx9 = 0.5"),
        "/model",
        "x9",
    );
}

#[test]
fn out_writes_the_same_schema_and_bad_arguments_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sub/softpower.schema.json");
    Command::cargo_bin("softpower")
        .unwrap()
        .args(["schema", "--out"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    let written: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(written, printed(&[]));
    let leftovers: Vec<_> = fs::read_dir(file.parent().unwrap()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
    Command::cargo_bin("softpower")
        .unwrap()
        .args(["schema", "--model", "ishigam"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("unknown model `ishigam`"))
        .stderr(predicates::str::contains("`ishigami`"));
    Command::cargo_bin("softpower")
        .unwrap()
        .args(["schema", "--bogus"])
        .assert()
        .code(2);
}

#[test]
fn the_name_pattern_accepts_what_the_validator_accepts() {
    let p = serde_json::json!({"type": "string", "pattern": softpower::scenario::SCENARIO_NAME_PATTERN});
    let long = "a".repeat(65);
    for name in [
        "baseline",
        "export_push",
        "a.b-c",
        "_x",
        "9",
        ".hidden",
        "-dash",
        "a b",
        "é",
        &long,
        &long[..64],
    ] {
        let schema_ok = jsonschema::draft202012::is_valid(&p, &Value::from(name));
        let validator_ok = softpower::scenario::name_problem(name).is_none();
        assert_eq!(schema_ok, validator_ok, "{name:?}");
    }
}
