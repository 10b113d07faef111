//! Bad values of plain fields: ranges, non-finite numbers, missing and unknown keys, names, sizes, levers.

use super::*;

#[test]
fn ranges_of_plain_fields() {
    let na = "piracy = 0.15\npartner_reach = 0.35";
    bad(
        na,
        "piracy = 1.5\npartner_reach = 0.35",
        "market.north_america.piracy",
        "must be in [0, 1], got 1.5",
    );
    bad(
        "favorability = 0.25",
        "favorability = 0.0005",
        "market.north_america.favorability",
        "[0.001, 1]",
    );
    bad(
        "addressable_m = 330.0",
        "addressable_m = 0.0",
        "market.north_america.addressable_m",
        "must be in (0, 10000]",
    );
    bad(
        "own_subscribers_m = 1.0",
        "own_subscribers_m = -1.0",
        "market.north_america.own_subscribers_m",
        "must be in [0, 10000]",
    );
    bad(
        "tension_hazard = 0.4",
        "tension_hazard = -0.4",
        "market.north_america.tension_hazard",
        "must be in [0, 1000]",
    );
    bad(
        "tension_export_penalty = 0.1",
        "tension_export_penalty = 1.2",
        "response.tension_export_penalty",
        "[0, 1]",
    );
    bad(
        "bass_p = 0.01",
        "bass_p = 0.0",
        "response.bass_p",
        "must be in (0, 100]",
    );
    bad(
        "bass_q = 0.38",
        "bass_q = -0.1",
        "response.bass_q",
        "must be in [0, 100]",
    );
    bad(
        "churn = 0.1",
        "churn = -1",
        "response.churn",
        "must be in [0, 100]",
    );
    bad(
        "goods_bn = 11.6",
        "goods_bn = 0",
        "imports.goods_bn",
        "must be in (0, 10000]",
    );
    bad(
        "exports_half_bn = 100.0",
        "exports_half_bn = -1.0",
        "index.exports_half_bn",
        "must be in (0, 1000000]",
    );
    bad(
        "funding_scale_bn = 0.5",
        "funding_scale_bn = 0",
        "sector.arts_crafts.funding_scale_bn",
        "must be in [0.000001, 10000]",
    );
    bad(
        "hit_volatility = 0.05",
        "hit_volatility = -0.05",
        "sector.arts_crafts.hit_volatility",
        "must be in [0, 2]",
    );
    // Growth and the funding elasticity may be negative.
    load_str(&edit("growth = 0.02", "growth = -0.02"), "ok.toml", None).unwrap();
    load_str(
        &edit("funding_elasticity = 0.04", "funding_elasticity = -0.04"),
        "ok.toml",
        None,
    )
    .unwrap();
}

#[test]
fn non_finite_numbers() {
    bad(
        "bass_p = 0.01",
        "bass_p = nan",
        "response.bass_p",
        "finite number, got nan",
    );
    bad(
        "max = 0.6 }",
        "max = inf }",
        "uncertainty.\"response.bass_q\".max",
        "finite",
    );
    bad(
        "above = 0.0",
        "above = -inf",
        "target.\"services trade surplus in 2030\".above",
        "finite",
    );
}

#[test]
fn missing_and_unknown_fields() {
    // A missing field points at its table.
    let t = edit("churn = 0.1\n", "");
    expect_one(&t, "[response]", "response.churn", "required field missing");
    let t = edit("initial_regime = \"tension\"\n", "");
    let errs = errors_of(&t);
    assert!(
        errs[0].contains("field `market.north_america.initial_regime`: required field missing"),
        "{errs:?}"
    );
    // A missing section has no line.
    let start = BASELINE_TOML.find("[index]").unwrap();
    let end = BASELINE_TOML.find("[uncertainty]").unwrap();
    let t = format!("{}{}", &BASELINE_TOML[..start], &BASELINE_TOML[end..]);
    assert_eq!(
        errors_of(&t),
        vec!["bad.toml: field `index`: required section [index] missing".to_string()]
    );
    bad(
        "piracy = 0.15",
        "piracyy = 0.15",
        "market.north_america.piracyy",
        "unknown key `piracyy` in [[market]]; did you mean `piracy`?",
    );
    bad("[imports]", "[import]", "import", "did you mean `imports`?");
    bad(
        "years = 12",
        "years = \"12\"",
        "scenario.years",
        "invalid type: string",
    );
    bad(
        "count = 23\n",
        "count = 2.5\n",
        "base.other_designated.count",
        "invalid type",
    );
}

#[test]
fn names_kinds_and_bases() {
    // Renaming a sector also orphans its base exports: check the first error only.
    let first = |to: &str, field: &str, msg: &str| {
        let t = edit("name = \"publishing\"", to);
        let e = &errors_of(&t)[0];
        assert!(
            e.starts_with(&format!(
                "bad.toml:{}:8: field `{field}`: ",
                line_of(BASELINE_TOML, "name = \"publishing\"")
            )) && e.contains(msg),
            "{e}"
        );
    };
    first(
        "name = \"arts_crafts\"",
        "sector.arts_crafts.name",
        "duplicate sector name",
    );
    first("name = \"total\"", "sector.total.name", "reserved");
    first(
        "name = \"pub lishing\"",
        "sector.\"pub lishing\".name",
        "only contain",
    );
    bad(
        "kind = \"goods\"",
        "kind = \"good\"",
        "sector.arts_crafts.kind",
        "did you mean `goods`?",
    );
    bad(
        "initial_regime = \"tension\"",
        "initial_regime = \"tensoin\"",
        "market.north_america.initial_regime",
        "did you mean `tension`?",
    );
    bad(
        "tv = 0.01, performing",
        "tvv = 0.01, performing",
        "base.beijing_dongcheng.exports_bn.tvv",
        "unknown sector `tvv`; did you mean `tv`?",
    );
    bad(
        "arts_crafts = 1.0, publishing = 0.3",
        "arts_crafts = -1.0, publishing = 0.3",
        "base.beijing_dongcheng.exports_bn.arts_crafts",
        "must be in [0, 10000]",
    );
    bad(
        "count = 23\n",
        "count = 0\n",
        "base.other_designated.count",
        "between 1 and 100000",
    );
    expect_one(
        &edit("export_share = 0.20", "export_share = 0.21"),
        "[[market]]",
        "market",
        "must sum to 1",
    );
}

#[test]
fn sizes_name_their_limits() {
    bad(
        "steps_per_year = 4",
        "steps_per_year = 366",
        "scenario.steps_per_year",
        "between 1 and 365, got 366",
    );
    bad(
        "years = 12",
        "years = 0",
        "scenario.years",
        "between 1 and 200",
    );
    bad(
        "paths = 10000",
        "paths = 0",
        "scenario.paths",
        "between 1 and 1000000000",
    );
    let t = edit("count = 23\n", "count = 100000\n").replacen(
        "designated = false",
        "designated = false\ncount = 100000",
        1,
    );
    let errs = errors_of(&t);
    assert!(
        errs.len() == 1
            && errs[0].contains("field `base`: 1400027 (base, sector) cells")
            && errs[0].contains("limit of 1000000"),
        "{errs:?}"
    );
}

#[test]
fn levers_and_schedules() {
    bad(
        "visa_easing = 0.1",
        "visa_easing = 1.5",
        "levers.visa_easing",
        "[0, 1]",
    );
    bad(
        "funding_bn_per_year = 0.0",
        "funding_bn_per_year = -1.0",
        "levers.funding_bn_per_year",
        "must be in [0, 10000]",
    );
    bad(
        "visa_easing = 0.1",
        "visa_easing = { 2019 = 0.1, 2022 = 1.2 }",
        "levers.visa_easing.2022",
        "[0, 1], got 1.2",
    );
    bad(
        "visa_easing = 0.1",
        "visa_easing = { soon = 0.1 }",
        "levers.visa_easing.soon",
        "must be years",
    );
    bad(
        "visa_easing = 0.1",
        "visa_easing = {}",
        "levers.visa_easing",
        "at least one entry",
    );
    bad(
        "visa_easing = 0.1",
        "visa_easing = { 2022 = 0.1, \"2022.0\" = 0.2 }",
        "levers.visa_easing.\"2022.0\"",
        "appears twice",
    );
    bad(
        "visa_easing = 0.1",
        "visa_easing = { 2019 = 0.1, 2022.5 = 0.2 }",
        "levers.visa_easing.2022",
        "must be quoted",
    );
    let s = load_str(
        &edit(
            "visa_easing = 0.1",
            "visa_easing = { \"2022.5\" = 0.6, 2019 = 0.1 }",
        ),
        "ok",
        None,
    )
    .unwrap();
    assert_eq!(
        c(&s).params.levers.get(LeverKind::Visa).entries,
        vec![(2019.0, 0.1), (2022.5, 0.6)]
    );
}
