//! Bad input through the `softpower` binary: every kind of broken scenario and every usage error
//! exits with code 2, says on stderr which file, line and field is wrong, and writes nothing (no
//! `--out` directory, no default `output/`).
//!
//! Each broken scenario is the canonical `scenarios/baseline.toml` with one thing changed by text
//! replacement, written into a fresh temporary directory.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn baseline_text() -> String {
    fs::read_to_string(repo().join("scenarios/baseline.toml")).unwrap()
}

fn softpower() -> Command {
    Command::cargo_bin("softpower").unwrap()
}

/// A scenario file in its own temporary directory.
struct Case {
    dir: TempDir,
    file: PathBuf,
    text: String,
}

impl Case {
    /// Writes `text` as `name` into a new temporary directory.
    fn new(name: &str, text: String) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(name);
        fs::write(&file, &text).unwrap();
        Case { dir, file, text }
    }

    /// The baseline with the first occurrence of `from` replaced by `to`.
    fn edit(from: &str, to: &str) -> Case {
        Case::new("bad.toml", replace_once(&baseline_text(), from, to))
    }

    /// 1-based line of the first occurrence of `needle` in the file.
    fn line_of(&self, needle: &str) -> usize {
        line_of(&self.text, needle)
    }

    /// `<file>:<line>:` for the line holding `needle`.
    fn at(&self, needle: &str) -> String {
        format!("{}:{}:", self.file.display(), self.line_of(needle))
    }
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "the baseline no longer contains {from:?}: update this test"
    );
    text.replacen(from, to, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    let off = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    // A needle may start with "\n" to anchor it at the start of a line.
    let lead = needle.len() - needle.trim_start_matches('\n').len();
    text[..off + lead].matches('\n').count() + 1
}

/// Runs `softpower <args>` in an empty working directory with `--out <tmp>/out` appended when
/// `with_out`; asserts exit code 2, that neither `<tmp>/out` nor `<tmp>/output` exists afterwards,
/// and that stdout is empty. Returns stderr.
fn refused_in_fresh_dir(args: &[&str], with_out: bool) -> String {
    let cwd = tempfile::tempdir().unwrap();
    let out = cwd.path().join("out");
    let mut cmd = softpower();
    cmd.current_dir(cwd.path()).args(args);
    if with_out {
        cmd.arg("--out").arg(&out);
    }
    let o = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(
        o.status.code(),
        Some(2),
        "args {args:?}\nstderr:\n{stderr}\nstdout:\n{stdout}"
    );
    assert!(!out.exists(), "{} was created for {args:?}", out.display());
    assert!(
        !cwd.path().join("output").exists(),
        "output/ was created for {args:?}"
    );
    assert!(
        fs::read_dir(cwd.path()).unwrap().next().is_none(),
        "files were written into the working directory for {args:?}"
    );
    assert!(stdout.is_empty(), "stdout for {args:?}: {stdout}");
    stderr
}

/// `run FILE` (with and without `--out`) and `validate FILE` both refuse the file with exit code
/// 2 and a message containing every string in `expect`. Returns the `validate` stderr.
fn refused(file: &Path, expect: &[&str]) -> String {
    let f = file.to_str().unwrap();
    let run = refused_in_fresh_dir(&["run", f, "--paths", "20", "--quiet"], true);
    let run_default_out = refused_in_fresh_dir(&["run", f, "--paths", "20"], false);
    let validate = refused_in_fresh_dir(&["validate", f], false);
    for (what, stderr) in [
        ("run", &run),
        ("run (default out)", &run_default_out),
        ("validate", &validate),
    ] {
        for e in expect {
            assert!(stderr.contains(e), "{what}: stderr lacks {e:?}:\n{stderr}");
        }
    }
    validate
}

/// The usual check: file and line of `needle`, the field in backquotes, and message fragments.
fn refused_at(case: &Case, needle: &str, field: &str, message: &[&str]) -> String {
    let at = case.at(needle);
    let field = format!("field `{field}`");
    let mut expect = vec![at.as_str(), field.as_str()];
    expect.extend_from_slice(message);
    refused(&case.file, &expect)
}

// ---- keys, types, syntax ----

#[test]
fn unknown_key_with_did_you_mean() {
    let c = Case::edit("\npiracy = 0.15\n", "\npiracyy = 0.15\n");
    let e = refused_at(
        &c,
        "\npiracyy",
        "market.north_america.piracyy",
        &["unknown key `piracyy`", "did you mean `piracy`?"],
    );
    // The exact form, column included.
    let line = c.line_of("\npiracyy");
    assert!(
        e.contains(&format!(
            "{}:{line}:1: field `market.north_america.piracyy`: unknown key `piracyy` in [[market]]; did you mean `piracy`?",
            c.file.display()
        )),
        "{e}"
    );
}

#[test]
fn unknown_section_with_did_you_mean() {
    let c = Case::edit("[response]", "[responce]");
    refused_at(
        &c,
        "[responce]",
        "responce",
        &["unknown key `responce`", "did you mean `response`?"],
    );
}

#[test]
fn wrong_type() {
    let c = Case::edit("\nyears = 12\n", "\nyears = \"twelve\"\n");
    refused_at(
        &c,
        "\nyears = ",
        "scenario.years",
        &["invalid type", "string"],
    );
}

#[test]
fn wrong_type_in_a_lever() {
    let c = Case::edit("\nvisa_easing = 0.1\n", "\nvisa_easing = \"high\"\n");
    refused_at(
        &c,
        "\nvisa_easing = ",
        "levers.visa_easing",
        &["a number or a schedule"],
    );
}

#[test]
fn toml_syntax_error() {
    let c = Case::edit("\nseed = 2021\n", "\nseed = = 2021\n");
    refused(&c.file, &[&c.at("\nseed = ="), "TOML syntax error"]);
}

#[test]
fn nan_value() {
    let c = Case::edit("\nbass_q = 0.38\n", "\nbass_q = nan\n");
    refused_at(
        &c,
        "\nbass_q = nan",
        "response.bass_q",
        &["must be a finite number, got nan"],
    );
}

#[test]
fn inf_value() {
    let c = Case::edit("\nbass_p = 0.01\n", "\nbass_p = -inf\n");
    refused_at(
        &c,
        "\nbass_p = -inf",
        "response.bass_p",
        &["must be a finite number", "inf"],
    );
}

#[test]
fn inf_in_a_lever_schedule() {
    let c = Case::edit(
        "\nown_platform = 0.2\n",
        "\nown_platform = { 2019 = 0.2, 2024 = inf }\n",
    );
    refused_at(
        &c,
        "\nown_platform = {",
        "levers.own_platform.2024",
        &["must be a finite number"],
    );
}

// ---- values out of range ----

#[test]
fn export_shares_not_summing_to_one() {
    let c = Case::edit("export_share = 0.20", "export_share = 0.25");
    refused_at(
        &c,
        "[[market]]",
        "market",
        &["export_share must sum to 1", "1.05"],
    );
}

#[test]
fn lever_above_one() {
    let c = Case::edit("\nvisa_easing = 0.1\n", "\nvisa_easing = 1.5\n");
    refused_at(
        &c,
        "\nvisa_easing = 1.5",
        "levers.visa_easing",
        &["must be in [0, 1], got 1.5"],
    );
}

#[test]
fn lever_schedule_entry_below_zero() {
    let c = Case::edit(
        "\nmarketing_network = 0.1\n",
        "\nmarketing_network = { 2019 = 0.1, 2022 = -0.2 }\n",
    );
    refused_at(
        &c,
        "\nmarketing_network = {",
        "levers.marketing_network.2022",
        &["must be in [0, 1], got -0.2"],
    );
}

#[test]
fn negative_funding() {
    let c = Case::edit(
        "\nfunding_bn_per_year = 0.0\n",
        "\nfunding_bn_per_year = -1.0\n",
    );
    refused_at(
        &c,
        "\nfunding_bn_per_year = -1.0",
        "levers.funding_bn_per_year",
        &["must be in [0, 10000], got -1"],
    );
}

#[test]
fn piracy_above_one() {
    let c = Case::edit("\npiracy = 0.15\n", "\npiracy = 1.5\n");
    refused_at(
        &c,
        "\npiracy = 1.5",
        "market.north_america.piracy",
        &["must be in [0, 1], got 1.5"],
    );
}

#[test]
fn penalty_above_one() {
    let c = Case::edit(
        "\ntension_export_penalty = 0.1\n",
        "\ntension_export_penalty = 1.2\n",
    );
    refused_at(
        &c,
        "\ntension_export_penalty = 1.2",
        "response.tension_export_penalty",
        &["must be in [0, 1], got 1.2"],
    );
}

#[test]
fn favorability_below_minimum() {
    let c = Case::edit("\nfavorability = 0.25\n", "\nfavorability = 0.0005\n");
    refused_at(
        &c,
        "\nfavorability = 0.0005",
        "market.north_america.favorability",
        &["must be in [0.001, 1], got 0.0005"],
    );
}

#[test]
fn addressable_zero() {
    let c = Case::edit("addressable_m = 330.0", "addressable_m = 0.0");
    refused_at(
        &c,
        "addressable_m = 0.0",
        "market.north_america.addressable_m",
        &["must be in (0, 10000], got 0"],
    );
}

#[test]
fn addressable_negative() {
    let c = Case::edit("addressable_m = 25.0", "addressable_m = -25.0");
    refused_at(
        &c,
        "addressable_m = -25.0",
        "market.oceania.addressable_m",
        &["must be in (0, 10000], got -25"],
    );
}

#[test]
fn negative_capacity_volatility() {
    let c = Case::edit(
        "\ncapacity_volatility = 0.05\n",
        "\ncapacity_volatility = -0.05\n",
    );
    refused_at(
        &c,
        "\ncapacity_volatility = -0.05",
        "sector.arts_crafts.capacity_volatility",
        &["must be in [0, 2], got -0.05"],
    );
}

#[test]
fn negative_import_volatility() {
    let c = Case::edit("\nvolatility = 0.05\n", "\nvolatility = -0.05\n");
    refused_at(
        &c,
        "\nvolatility = -0.05",
        "imports.volatility",
        &["must be in [0, 2]"],
    );
}

#[test]
fn steps_per_year_zero() {
    let c = Case::edit("\nsteps_per_year = 4\n", "\nsteps_per_year = 0\n");
    refused_at(
        &c,
        "\nsteps_per_year = 0",
        "scenario.steps_per_year",
        &["must be between 1 and 365, got 0"],
    );
}

#[test]
fn years_zero() {
    let c = Case::edit("\nyears = 12\n", "\nyears = 0\n");
    refused_at(
        &c,
        "\nyears = 0",
        "scenario.years",
        &["must be between 1 and 200, got 0"],
    );
}

#[test]
fn paths_zero_in_file() {
    let c = Case::edit("\npaths = 10000\n", "\npaths = 0\n");
    let f = c.file.to_str().unwrap();
    // `--paths` replaces the value before validation, so only the file alone is refused.
    let e = refused_in_fresh_dir(&["validate", f], false);
    assert!(e.contains(&c.at("\npaths = 0")), "{e}");
    assert!(
        e.contains("field `scenario.paths`: must be between 1 and 1000000000, got 0"),
        "{e}"
    );
    let e = refused_in_fresh_dir(&["run", f, "--quiet"], true);
    assert!(e.contains("must be between 1 and 1000000000, got 0"), "{e}");
}

#[test]
fn negative_seed() {
    let c = Case::edit("\nseed = 2021\n", "\nseed = -1\n");
    refused_at(&c, "\nseed = -1", "scenario.seed", &["got -1"]);
}

// ---- limits ----

#[test]
fn huge_base_count_names_the_limit() {
    let c = Case::edit("\ncount = 23\n", "\ncount = 1000000\n");
    refused_at(
        &c,
        "\ncount = 1000000",
        "base.other_designated.count",
        &["must be between 1 and 100000, got 1000000"],
    );
}

#[test]
fn too_many_cells_names_the_limit() {
    // Two entries of 100 000 bases with 7 sectors each: 1.4 million cells.
    let t = replace_once(&baseline_text(), "\ncount = 23\n", "\ncount = 100000\n");
    let t = replace_once(
        &t,
        "\ndesignated = false\n",
        "\ndesignated = false\ncount = 100000\n",
    );
    let c = Case::new("bad.toml", t);
    refused_at(
        &c,
        "[[base]]",
        "base",
        &["(base, sector) cells", "exceed the limit of 1000000"],
    );
}

#[test]
fn horizon_beyond_the_limit_names_it() {
    let c = Case::edit("\nyears = 12\n", "\nyears = 500\n");
    refused_at(
        &c,
        "\nyears = 500",
        "scenario.years",
        &["must be between 1 and 200, got 500"],
    );
}

#[test]
fn total_steps_beyond_the_limit_names_it() {
    // 100 years at 365 steps a year: each bound alone is fine, the product is not.
    let c = Case::edit(
        "\nyears = 12\nsteps_per_year = 4\n",
        "\nyears = 100\nsteps_per_year = 365\n",
    );
    refused_at(
        &c,
        "\nyears = 100",
        "scenario.years",
        &["years * steps_per_year = 36500 exceeds the limit of 20000 steps"],
    );
}

#[test]
fn steps_per_year_beyond_the_limit_names_it() {
    let c = Case::edit("\nsteps_per_year = 4\n", "\nsteps_per_year = 1000\n");
    refused_at(
        &c,
        "\nsteps_per_year = 1000",
        "scenario.steps_per_year",
        &["between 1 and 365"],
    );
}

/// The baseline with `n` blocks `block(i)` inserted before the first occurrence of `before`
/// is refused with `message`, at the first `needle`, for the field `field`.
fn refused_with_extra(
    n: usize,
    block: impl Fn(usize) -> String,
    before: &str,
    (needle, field, message): (&str, &str, &str),
) {
    let extra: String = (0..n).map(block).collect();
    let c = Case::edit(before, &format!("{extra}{before}"));
    refused_at(&c, needle, field, &[message]);
}

#[test]
fn too_many_sectors_names_the_limit() {
    refused_with_extra(
        58,
        |i| {
            format!("[[sector]]\nname = \"extra{i}\"\nkind = \"goods\"\ndigital = false\ngrowth = 0.0\ncapacity_volatility = 0.0\nhit_volatility = 0.0\ntalent_intensity = 0.0\nfunding_scale_bn = 1.0\n\n")
        },
        "[[market]]",
        (
            "[[sector]]",
            "sector",
            "at most 64 [[sector]] entries, got 65",
        ),
    );
}

#[test]
fn too_many_markets_names_the_limit() {
    refused_with_extra(
        249,
        |i| {
            format!("[[market]]\nname = \"extra{i}\"\nexport_share = 0.0\naddressable_m = 1.0\ndemand_growth = 0.0\npiracy = 0.0\npartner_reach = 0.0\nfavorability = 0.5\ntension_hazard = 0.0\nrelief_rate = 0.0\nban_hazard = 0.0\nunban_rate = 0.0\ninitial_regime = \"open\"\nown_subscribers_m = 0.0\n\n")
        },
        "[[base]]",
        (
            "[[market]]",
            "market",
            "at most 256 [[market]] entries, got 257",
        ),
    );
}

#[test]
fn too_many_bases_names_the_limit() {
    refused_with_extra(
        9993,
        |i| {
            format!("[[base]]\nname = \"extra{i}\"\ndesignated = false\nexports_bn = {{ film = 0.001 }}\n\n")
        },
        "[[base]]",
        (
            "[[base]]",
            "base",
            "at most 10000 [[base]] entries, got 10001",
        ),
    );
}

/// A schedule of `n` entries, one a year from 2019.
fn long_schedule(value: f64, n: usize) -> String {
    let entries: Vec<String> = (0..n).map(|i| format!("{} = {value}", 2019 + i)).collect();
    format!("{{ {} }}", entries.join(", "))
}

#[test]
fn too_many_schedule_entries_name_the_limits() {
    let c = Case::edit(
        "\nvisa_easing = 0.1\n",
        &format!("\nvisa_easing = {}\n", long_schedule(0.1, 1001)),
    );
    refused_at(
        &c,
        "\nvisa_easing = {",
        "levers.visa_easing",
        &["at most 1000 entries in one schedule, got 1001"],
    );
    // Each schedule within its limit, all together beyond theirs (a constant counts as one).
    let mut t = baseline_text();
    for (lever, v) in [
        ("visa_easing", 0.1),
        ("ip_protection", 0.5),
        ("marketing_network", 0.1),
    ] {
        t = replace_once(
            &t,
            &format!("\n{lever} = {v}\n"),
            &format!("\n{lever} = {}\n", long_schedule(v, 700)),
        );
    }
    let c = Case::new("bad.toml", t);
    refused_at(
        &c,
        "[levers]",
        "levers",
        &["at most 2000 schedule entries over all levers, got 2104"],
    );
}

#[test]
fn too_many_targets_name_the_limit() {
    refused_with_extra(
        99,
        |i| {
            format!("[[target]]\nname = \"extra {i}\"\nmetric = \"audience_m\"\nyear = 2030\nabove = 1.0\n\n")
        },
        "[[sector]]",
        (
            "[[target]]",
            "target",
            "at most 100 [[target]] entries, got 101",
        ),
    );
}

#[test]
fn too_many_uncertainty_entries_name_the_limit() {
    refused_with_extra(
        998,
        |i| format!("\"response.extra{i}\" = {{ dist = \"fixed\", value = 0.0 }}\n"),
        "\"response.bass_q\" =",
        (
            "[uncertainty]",
            "uncertainty",
            "at most 1000 [uncertainty] entries, got 1001",
        ),
    );
}

#[test]
fn long_names_name_the_limit() {
    let long = "s".repeat(65);
    let c = Case::edit("name = \"film\"", &format!("name = \"{long}\""));
    refused_at(
        &c,
        &long,
        &format!("sector.{long}.name"),
        &["a sector name may have at most 64 characters, got 65"],
    );
    let long = "t".repeat(101);
    let c = Case::edit(
        "name = \"services trade surplus in 2030\"",
        &format!("name = \"{long}\""),
    );
    refused_at(
        &c,
        &long,
        &format!("target.{long}.name"),
        &["a target name may have at most 100 characters, got 101"],
    );
}

// ---- values that would overflow the model ----

#[test]
fn growth_rates_beyond_their_range_are_refused() {
    // Both used to validate and give NaN or inf in a run.
    let c = Case::edit("\ngrowth = 0.05\n", "\ngrowth = 60\n");
    refused_at(
        &c,
        "\ngrowth = 60",
        "sector.film.growth",
        &["must be in [-1, 1], got 60"],
    );
    let c = Case::edit("\ndemand_growth = 0.02\n", "\ndemand_growth = 100\n");
    refused_at(
        &c,
        "\ndemand_growth = 100",
        "market.north_america.demand_growth",
        &["must be in [-1, 1], got 100"],
    );
}

#[test]
fn huge_values_are_refused_with_their_range() {
    for (from, to, field, range) in [
        (
            "\nfunding_bn_per_year = 0.0\n",
            "\nfunding_bn_per_year = 1e308\n",
            "levers.funding_bn_per_year",
            "must be in [0, 10000], got 1e308",
        ),
        (
            "addressable_m = 330.0",
            "addressable_m = 1e308",
            "market.north_america.addressable_m",
            "must be in (0, 10000], got 1e308",
        ),
        (
            "\nown_subscribers_m = 1.0\n",
            "\nown_subscribers_m = 1e308\n",
            "market.north_america.own_subscribers_m",
            "must be in [0, 10000]",
        ),
        (
            "exports_bn = { arts_crafts = 0.8,",
            "exports_bn = { arts_crafts = 1e308,",
            "base.wuxi.exports_bn.arts_crafts",
            "must be in [0, 10000]",
        ),
        (
            "\nfunding_elasticity = 0.04\n",
            "\nfunding_elasticity = 1e308\n",
            "response.funding_elasticity",
            "must be in [-1, 1]",
        ),
        (
            "\ndigital_reach_elasticity = 2.0\n",
            "\ndigital_reach_elasticity = 1e308\n",
            "response.digital_reach_elasticity",
            "must be in [0, 100]",
        ),
        (
            "\nfavorability_elasticity = 0.5\n",
            "\nfavorability_elasticity = 1e308\n",
            "response.favorability_elasticity",
            "must be in [0, 2]",
        ),
        (
            "\nexports_weight = 0.4\n",
            "\nexports_weight = 1e308\n",
            "index.exports_weight",
            "must be in [0, 1000000]",
        ),
        (
            "\ngoods_bn = 11.6\n",
            "\ngoods_bn = 1e308\n",
            "imports.goods_bn",
            "must be in (0, 10000]",
        ),
    ] {
        let c = Case::edit(from, to);
        let needle = to.trim_start_matches('\n');
        refused_at(&c, needle, field, &[range]);
    }
}

#[test]
fn rates_that_compound_beyond_the_budget_name_the_largest() {
    // Each rate is in its range, but 200 years of both overflow the statistics.
    let t = replace_once(&baseline_text(), "\nyears = 12\n", "\nyears = 200\n");
    let t = replace_once(&t, "\ngrowth = 0.10\n", "\ngrowth = 1.0\n");
    let t = replace_once(&t, "\ndemand_growth = 0.06\n", "\ndemand_growth = 0.9\n");
    let c = Case::new("bad.toml", t);
    refused_at(
        &c,
        "\ngrowth = 1.0",
        "sector.video_games.growth",
        &[
            "over the 200-year horizon",
            "sector `video_games`",
            "market `south_asia`",
            "beyond e^",
        ],
    );
}

// ---- names ----

#[test]
fn base_naming_an_unknown_sector() {
    let c = Case::edit(
        "exports_bn = { arts_crafts = 0.8,",
        "exports_bn = { arts_craft = 0.8,",
    );
    refused_at(
        &c,
        "arts_craft = 0.8",
        "base.wuxi.exports_bn.arts_craft",
        &["unknown sector `arts_craft`", "did you mean `arts_crafts`?"],
    );
}

#[test]
fn unknown_initial_regime() {
    let c = Case::edit("initial_regime = \"tension\"", "initial_regime = \"war\"");
    refused_at(
        &c,
        "initial_regime = \"war\"",
        "market.north_america.initial_regime",
        &["unknown value `war`", "`open`"],
    );
}

// ---- [uncertainty] ----

#[test]
fn unknown_uncertainty_path() {
    let c = Case::edit("\"response.bass_q\" =", "\"response.bass_qq\" =");
    refused_at(
        &c,
        "\"response.bass_qq\"",
        "uncertainty.\"response.bass_qq\"",
        &["cannot draw `response.bass_qq`", "did you mean `bass_q`?"],
    );
}

#[test]
fn uncertainty_path_naming_an_unknown_market() {
    let c = Case::edit(
        "\"response.bass_q\" =",
        "\"market.atlantis.piracy\" = { dist = \"uniform\", min = 0.1, max = 0.2 }\n\"response.bass_q\" =",
    );
    refused_at(
        &c,
        "\"market.atlantis.piracy\"",
        "uncertainty.\"market.atlantis.piracy\"",
        &["no [[market]] named `atlantis`"],
    );
}

#[test]
fn export_share_is_not_drawable() {
    let c = Case::edit(
        "\"response.bass_q\" =",
        "\"market.oceania.export_share\" = { dist = \"uniform\", min = 0.04, max = 0.06 }\n\"response.bass_q\" =",
    );
    refused_at(
        &c,
        "\"market.oceania.export_share\"",
        "uncertainty.\"market.oceania.export_share\"",
        &["not drawable"],
    );
}

#[test]
fn unknown_distribution_name() {
    let c = Case::edit("dist = \"triangular\"", "dist = \"triangle\"");
    refused_at(
        &c,
        "dist = \"triangle\"",
        "uncertainty.\"response.bass_q\".dist",
        &[
            "unknown distribution `triangle`",
            "did you mean `triangular`?",
        ],
    );
}

#[test]
fn normal_without_min_on_a_non_negative_parameter() {
    let c = Case::edit(
        "\"response.digital_reach_elasticity\" = { dist = \"uniform\", min = 1.0, max = 3.0 }",
        "\"response.digital_reach_elasticity\" = { dist = \"normal\", mean = 2.0, sd = 0.5 }",
    );
    refused_at(
        &c,
        "\"response.digital_reach_elasticity\"",
        "uncertainty.\"response.digital_reach_elasticity\"",
        &["must be in [0, 100]", "add `min = 0` to truncate"],
    );
}

#[test]
fn lognormal_that_would_overflow_is_refused() {
    // mu = 709.5 without `max` used to draw +inf.
    let c = Case::edit(
        "\"response.bass_q\" = { dist = \"triangular\", min = 0.2, mode = 0.38, max = 0.6 }",
        "\"response.bass_q\" = { dist = \"lognormal\", mu = 709.5, sigma = 1.0 }",
    );
    refused_at(
        &c,
        "\"response.bass_q\" =",
        "uncertainty.\"response.bass_q\"",
        &[
            "`response.bass_q` must be in [0, 100]",
            "gives draws in [",
            ", inf] (exp(mu + 10 sigma) overflows)",
            "add `max = 100` to truncate",
        ],
    );
}

#[test]
fn lognormal_that_would_underflow_on_a_positive_parameter_is_refused() {
    // sigma = 1000 used to draw exactly 0 (underflow) on a parameter that must be positive.
    let c = Case::edit(
        "\"response.bass_q\" =",
        "\"response.bass_p\" = { dist = \"lognormal\", mu = 0.0, sigma = 1000.0, max = 1.0 }\n\"response.bass_q\" =",
    );
    refused_at(
        &c,
        "\"response.bass_p\" =",
        "uncertainty.\"response.bass_p\"",
        &[
            "`response.bass_p` must be in (0, 100]",
            "gives draws in [0, 1] (exp(mu - 10 sigma) rounds to 0)",
            "add `min` (a number above 0) to truncate",
        ],
    );
}

#[test]
fn uniform_beyond_the_range_is_refused() {
    // +-8e307 used to overflow the model.
    let c = Case::edit(
        "\"response.bass_q\" =",
        "\"sector.film.growth\" = { dist = \"uniform\", min = -8e307, max = 8e307 }\n\"response.bass_q\" =",
    );
    refused_at(
        &c,
        "\"sector.film.growth\" =",
        "uncertainty.\"sector.film.growth\"",
        &["`sector.film.growth` must be in [-1, 1] but this distribution gives draws in [-8e307, 8e307]"],
    );
}

#[test]
fn distribution_missing_a_parameter() {
    let c = Case::edit(
        "{ dist = \"uniform\", min = 1.0, max = 3.0 }",
        "{ dist = \"uniform\", min = 1.0 }",
    );
    refused_at(
        &c,
        "\"response.digital_reach_elasticity\"",
        "uncertainty.\"response.digital_reach_elasticity\"",
        &["`uniform` needs `max`"],
    );
}

#[test]
fn unquoted_uncertainty_path() {
    let c = Case::edit("\"response.bass_q\" =", "response.bass_q =");
    refused(&c.file, &[&c.at("response.bass_q ="), "quoted path"]);
}

// ---- [[target]] ----

#[test]
fn target_year_not_on_a_step() {
    let c = Case::edit("\nyear = 2030\n", "\nyear = 2030.1\n");
    refused_at(
        &c,
        "\nyear = 2030.1",
        "target.\"services trade surplus in 2030\".year",
        &["year 2030.1 is not at a whole step"],
    );
}

#[test]
fn target_year_beyond_the_horizon() {
    let c = Case::edit("\nyear = 2030\n", "\nyear = 2040\n");
    refused_at(
        &c,
        "\nyear = 2040",
        "target.\"services trade surplus in 2030\".year",
        &["outside the horizon 2019..=2031"],
    );
}

#[test]
fn target_with_above_and_below() {
    let c = Case::edit("\nabove = 0.0\n", "\nabove = 0.0\nbelow = 5.0\n");
    refused_at(
        &c,
        "\nbelow = 5.0",
        "target.\"services trade surplus in 2030\".below",
        &["exactly one of `above` or `below`"],
    );
}

#[test]
fn unknown_target_metric() {
    let c = Case::edit("metric = \"audience_m\"", "metric = \"audience\"");
    refused_at(
        &c,
        "metric = \"audience\"",
        "target.\"one billion overseas audience in 2030\".metric",
        &["unknown outcome `audience`", "did you mean `audience_m`?"],
    );
}

// ---- files and extends ----

#[test]
fn extends_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let b = dir.path().join("b.toml");
    fs::write(&a, "[scenario]\nextends = \"b.toml\"\nname = \"a\"\n").unwrap();
    fs::write(&b, "[scenario]\nextends = \"a.toml\"\n").unwrap();
    let e = refused(
        &a,
        &[
            &format!("{}:2:", b.display()),
            "field `scenario.extends`",
            "extends cycle",
        ],
    );
    assert!(e.contains("a.toml -> ") && e.contains("b.toml -> "), "{e}");
}

#[test]
fn extends_itself() {
    let c = Case::new(
        "self.toml",
        "[scenario]\nextends = \"self.toml\"\nname = \"a\"\n".into(),
    );
    refused(&c.file, &[&c.at("extends"), "extends cycle"]);
}

#[test]
fn missing_parent() {
    let c = Case::new(
        "child.toml",
        "[scenario]\nextends = \"nope.toml\"\nname = \"a\"\n".into(),
    );
    refused(
        &c.file,
        &[
            &c.at("extends"),
            "field `scenario.extends`",
            "parent scenario `nope.toml` not found",
        ],
    );
}

#[test]
fn error_in_a_parent_names_the_parent_file() {
    let c = Case::new(
        "parent.toml",
        replace_once(&baseline_text(), "\npiracy = 0.15\n", "\npiracy = 2.0\n"),
    );
    let child = c.dir.path().join("child.toml");
    fs::write(
        &child,
        "[scenario]\nextends = \"parent.toml\"\nname = \"child\"\n",
    )
    .unwrap();
    refused(
        &child,
        &[
            &c.at("\npiracy = 2.0"),
            "field `market.north_america.piracy`",
            "must be in [0, 1]",
        ],
    );
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("does_not_exist.toml");
    refused(
        &f,
        &[&format!("{}: cannot read file", f.display()), "not found"],
    );
}

#[test]
fn several_problems_are_all_reported() {
    let t = replace_once(&baseline_text(), "\nyears = 12\n", "\nyears = 0\n");
    let t = replace_once(&t, "\nbass_q = 0.38\n", "\nbass_q = -1.0\n");
    let c = Case::new("bad.toml", t);
    let e = refused(
        &c.file,
        &[
            "problems in scenario",
            "field `scenario.years`",
            "field `response.bass_q`",
        ],
    );
    let years = e.find("scenario.years").unwrap();
    let bass = e.find("response.bass_q").unwrap();
    assert!(
        years < bass,
        "problems should be listed in line order:\n{e}"
    );
}

// ---- usage errors ----

#[test]
fn run_paths_zero() {
    let e = refused_in_fresh_dir(&["run", "--paths", "0", "--quiet"], true);
    assert!(e.contains("--paths"), "{e}");
    refused_in_fresh_dir(&["run", "--paths", "0"], false);
}

#[test]
fn run_paths_not_a_number() {
    refused_in_fresh_dir(&["run", "--paths", "many", "--quiet"], true);
}

#[test]
fn run_quantiles_out_of_range() {
    let e = refused_in_fresh_dir(
        &["run", "--paths", "10", "--quantiles", "0,0.5", "--quiet"],
        true,
    );
    assert!(e.contains("--quantiles"), "{e}");
    refused_in_fresh_dir(
        &["run", "--paths", "10", "--quantiles", "0.5,1.5", "--quiet"],
        true,
    );
}

#[test]
fn run_threads_beyond_the_limit() {
    // Refused before any worker thread is started (an unbounded count used to exhaust memory).
    let e = refused_in_fresh_dir(
        &["run", "--paths", "10", "--threads", "100000", "--quiet"],
        true,
    );
    assert!(e.contains("--threads"), "{e}");
}

#[test]
fn simd_cap_that_names_no_build() {
    // Checked in `cli::main` before any command runs (here `run`), so nothing is written.
    let cwd = tempfile::tempdir().unwrap();
    let o = softpower()
        .current_dir(cwd.path())
        .env("SOFTPOWER_SIMD", "avx3")
        .args(["run", "--paths", "10", "--quiet"])
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("SOFTPOWER_SIMD=\"avx3\"") && e.contains("avx512-gather"),
        "{e}"
    );
    assert!(fs::read_dir(cwd.path()).unwrap().next().is_none());
}

#[test]
fn unknown_subcommand() {
    let e = refused_in_fresh_dir(&["frobnicate"], false);
    assert!(e.contains("frobnicate"), "{e}");
}

#[test]
fn unknown_flag() {
    refused_in_fresh_dir(&["run", "--pathz", "10"], true);
}

#[test]
fn compare_with_one_file() {
    let f = repo().join("scenarios/baseline.toml");
    refused_in_fresh_dir(&["compare", f.to_str().unwrap(), "--paths", "10"], true);
}

#[test]
fn compare_with_different_structure() {
    let c = Case::edit("name = \"oceania\"", "name = \"australasia\"");
    let base = repo().join("scenarios/baseline.toml");
    let args = [
        "compare",
        base.to_str().unwrap(),
        c.file.to_str().unwrap(),
        "--paths",
        "10",
        "--quiet",
    ];
    let e = refused_in_fresh_dir(&args, true);
    assert!(e.contains("cannot compare"), "{e}");
    assert!(e.contains("markets differ"), "{e}");
    assert!(e.contains("australasia") && e.contains("oceania"), "{e}");
    assert!(e.contains(&c.file.display().to_string()), "{e}");
    refused_in_fresh_dir(&args[..5], false);
}

#[test]
fn compare_with_a_different_time_grid() {
    let c = Case::edit("\nyears = 12\n", "\nyears = 13\n");
    let base = repo().join("scenarios/baseline.toml");
    let e = refused_in_fresh_dir(
        &[
            "compare",
            base.to_str().unwrap(),
            c.file.to_str().unwrap(),
            "--paths",
            "10",
            "--quiet",
        ],
        true,
    );
    assert!(e.contains("time grid differs"), "{e}");
}

#[test]
fn compare_with_an_invalid_second_file() {
    let c = Case::edit("\npiracy = 0.15\n", "\npiracy = 1.5\n");
    let base = repo().join("scenarios/baseline.toml");
    let e = refused_in_fresh_dir(
        &[
            "compare",
            base.to_str().unwrap(),
            c.file.to_str().unwrap(),
            "--paths",
            "10",
            "--quiet",
        ],
        true,
    );
    assert!(e.contains(&c.at("\npiracy = 1.5")), "{e}");
    assert!(e.contains("field `market.north_america.piracy`"), "{e}");
}

#[test]
fn validate_reports_each_bad_file_and_counts_them() {
    let c = Case::edit("\npiracy = 0.15\n", "\npiracyy = 0.15\n");
    let good = repo().join("scenarios/baseline.toml");
    let cwd = tempfile::tempdir().unwrap();
    let o = softpower()
        .current_dir(cwd.path())
        .args(["validate", good.to_str().unwrap(), c.file.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stdout.contains("baseline.toml: ok"), "{stdout}");
    assert!(stderr.contains("piracyy"), "{stderr}");
    assert!(stderr.contains("1 of 2 scenario files invalid"), "{stderr}");
}

#[test]
fn validate_accepts_every_canonical_scenario() {
    let mut files: Vec<PathBuf> = fs::read_dir(repo().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    let cwd = tempfile::tempdir().unwrap();
    let o = softpower()
        .current_dir(cwd.path())
        .arg("validate")
        .args(&files)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for f in &files {
        assert!(stdout.contains(&format!("{}: ok", f.display())), "{stdout}");
    }
    assert!(fs::read_dir(cwd.path()).unwrap().next().is_none());
}

// ---- --set ----

fn baseline_path() -> String {
    repo().join("scenarios/baseline.toml").display().to_string()
}

#[test]
fn set_with_an_unknown_key_is_refused_by_name() {
    let f = baseline_path();
    for cmd in ["run", "validate"] {
        let mut args = vec![cmd, f.as_str(), "--set", "levers.fundng_bn_per_year=1"];
        if cmd == "run" {
            args.extend(["--paths", "20", "--quiet"]);
        }
        let e = refused_in_fresh_dir(&args, cmd == "run");
        assert!(
            e.contains("--set `levers.fundng_bn_per_year=1`: field `levers.fundng_bn_per_year`: unknown key"),
            "{e}"
        );
        assert!(e.contains("did you mean `funding_bn_per_year`?"), "{e}");
    }
    let p = repo()
        .join("scenarios/export_push.toml")
        .display()
        .to_string();
    let e = refused_in_fresh_dir(
        &[
            "compare",
            &f,
            &p,
            "--paths",
            "20",
            "--quiet",
            "--set",
            "response.bass_qq=0.3",
        ],
        true,
    );
    assert!(e.contains("--set `response.bass_qq=0.3`"), "{e}");
}

#[test]
fn set_with_a_wrong_type_or_an_out_of_range_value_is_refused() {
    let f = baseline_path();
    let e = refused_in_fresh_dir(
        &["run", &f, "--quiet", "--set", "scenario.paths=many"],
        true,
    );
    assert!(
        e.contains(
            "--set `scenario.paths=many`: field `scenario.paths`: invalid type: string \"many\""
        ),
        "{e}"
    );
    let e = refused_in_fresh_dir(
        &["validate", &f, "--set", "market.oceania.piracy=1.5"],
        false,
    );
    assert!(
        e.contains("--set `market.oceania.piracy=1.5`: field `market.oceania.piracy`: must be in [0, 1], got 1.5"),
        "{e}"
    );
    let e = refused_in_fresh_dir(&["validate", &f, "--set", "market.mars.piracy=0.1"], false);
    assert!(e.contains("no [[market]] named `mars`"), "{e}");
    let e = refused_in_fresh_dir(&["validate", &f, "--set", "no-equals-sign"], false);
    assert!(e.contains("expected KEY=VALUE"), "{e}");
    let e = refused_in_fresh_dir(
        &["validate", &f, "--set", "levers.visa_easing.2022=0.5"],
        false,
    );
    assert!(e.contains("is floating point `0.1`, not a table"), "{e}");
}
