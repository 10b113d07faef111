//! Joint conditions, `[uncertainty]` entries, targets and quantiles.

use super::*;

#[test]
fn joint_conditions() {
    bad(
        "restriction_effect = 0.3",
        "restriction_effect = 2.5",
        "imports.restriction_effect",
        "must stay below 1",
    );
    let t = edit(
        "exports_weight = 0.4\naudience_weight = 0.3\nfavorability_weight = 0.3",
        "exports_weight = 0.0\naudience_weight = 0.0\nfavorability_weight = 0.0",
    );
    expect_one(&t, "[index]", "index", "positive sum");
    let t = edit("piracy = 0.15", "piracy = 1.0").replacen(
        "ip_protection = 0.5",
        "ip_protection = 0.0",
        1,
    );
    expect_one(
        &t,
        "piracy = 1.0",
        "market.north_america.piracy",
        "almost no retention",
    );
    bad(
        "tension_export_penalty = 0.1",
        "tension_export_penalty = 1.0",
        "response.tension_export_penalty",
        "below 1 because a market starts in tension",
    );
    // Near 1 is not enough: exports relative to 1e-4 of access could jump 10 000-fold.
    bad(
        "tension_export_penalty = 0.1",
        "tension_export_penalty = 0.9999",
        "response.tension_export_penalty",
        "which must be at least 0.001",
    );
    let t = edit("piracy = 0.15", "piracy = 0.9999").replacen(
        "ip_protection = 0.5",
        "ip_protection = 0.0",
        1,
    );
    expect_one(
        &t,
        "piracy = 0.9999",
        "market.north_america.piracy",
        "below 0.001",
    );
    bad(
        "restriction_effect = 0.3",
        "restriction_effect = 1.9999",
        "imports.restriction_effect",
        "at least 0.001 of services imports is left",
    );
}

#[test]
fn uncertainty_entries() {
    let u = "\"response.bass_q\" = { dist = \"triangular\", min = 0.2, mode = 0.38, max = 0.6 }";
    let entry = |to: &str, field: &str, msg: &str| bad(u, to, field, msg);
    let f = "uncertainty.\"response.bass_q\"";
    entry(
        "\"response.bass_qq\" = { dist = \"fixed\", value = 0.3 }",
        "uncertainty.\"response.bass_qq\"",
        "did you mean `bass_q`?",
    );
    entry(
        "\"market.oceania.export_share\" = { dist = \"fixed\", value = 0.05 }",
        "uncertainty.\"market.oceania.export_share\"",
        "not drawable",
    );
    entry(
        "\"scenario.years\" = { dist = \"fixed\", value = 3 }",
        "uncertainty.\"scenario.years\"",
        "not drawable",
    );
    entry(
        "\"base.wuxi.count\" = { dist = \"fixed\", value = 3 }",
        "uncertainty.\"base.wuxi.count\"",
        "not drawable",
    );
    entry(
        "\"levers.visa_easing.2022\" = { dist = \"fixed\", value = 0.3 }",
        "uncertainty.\"levers.visa_easing.2022\"",
        "is a constant",
    );
    entry(
        "\"response.bass_q\" = { dist = \"normall\", mean = 0.4, sd = 0.1 }",
        &format!("{f}.dist"),
        "did you mean `normal`?",
    );
    entry(
        "\"response.bass_q\" = { dist = \"normal\", mean = 0.4 }",
        f,
        "`normal` needs `sd`",
    );
    entry(
        "\"response.bass_q\" = { dist = \"normal\", mean = 0.4, sd = 0.1, mode = 0.3, min = 0.0 }",
        &format!("{f}.mode"),
        "not a parameter of `normal`",
    );
    entry(
        "\"response.bass_q\" = { dist = \"normal\", mean = 0.4, sdd = 0.1 }",
        &format!("{f}.sdd"),
        "did you mean `sd`?",
    );
    entry(
        "\"response.bass_q\" = { dist = \"normal\", mean = 0.4, sd = 0.0, min = 0.0 }",
        &format!("{f}.sd"),
        "must be > 0",
    );
    entry(
        "\"response.bass_q\" = { dist = \"uniform\", min = 0.5, max = 0.5 }",
        &format!("{f}.max"),
        "below `max`",
    );
    entry(
        "\"response.bass_q\" = { dist = \"triangular\", min = 0.2, mode = 0.7, max = 0.6 }",
        &format!("{f}.mode"),
        "must lie in [min, max]",
    );
    entry(
        "\"response.bass_q\" = { dist = \"beta\", alpha = -1, beta = 2 }",
        &format!("{f}.alpha"),
        "must be > 0",
    );
    entry(
        "\"response.bass_q\" = { dist = \"lognormal\", mu = 0, sigma = 1, min = -1 }",
        &format!("{f}.min"),
        "must be >= 0",
    );
    // Supports must stay in the parameter's valid range.
    entry(
        "\"response.bass_q\" = { dist = \"normal\", mean = 0.4, sd = 0.1 }",
        f,
        "add `min = 0`",
    );
    entry(
        "\"market.oceania.piracy\" = { dist = \"uniform\", min = 0.0, max = 1.2 }",
        "uncertainty.\"market.oceania.piracy\"",
        "must be in [0, 1]",
    );
    entry(
        "\"market.oceania.piracy\" = { dist = \"normal\", mean = 0.1, sd = 0.1, min = 0 }",
        "uncertainty.\"market.oceania.piracy\"",
        "add `max = 1`",
    );
    entry(
        "\"market.oceania.piracy\" = { dist = \"normal\", mean = 0.5, sd = 0.2, min = 0, max = 1.5 }",
        "uncertainty.\"market.oceania.piracy\"",
        "set `max` to at most 1",
    );
    entry(
        "\"response.bass_q\" = { dist = \"lognormal\", mu = 800, sigma = 1 }",
        f,
        "exp(mu + 10 sigma) overflows",
    );
    entry(
        "\"response.bass_p\" = { dist = \"uniform\", min = 0.0, max = 0.1 }",
        "uncertainty.\"response.bass_p\"",
        "must be in (0, 100]",
    );
    entry(
        "\"levers.funding_bn_per_year\" = { dist = \"fixed\", value = -1 }",
        "uncertainty.\"levers.funding_bn_per_year\"",
        "the value -1",
    );
    entry(
        "\"response.bass_q\" = { dist = \"normal\", mean = 0.0, sd = 0.01, min = 0.1 }",
        &format!("{f}.min"),
        "keeps only",
    );
    entry(
        "\"imports.restriction_effect\" = { dist = \"uniform\", min = 0.0, max = 2.5 }",
        "uncertainty.\"imports.restriction_effect\"",
        "over its [uncertainty] support",
    );
    entry(
        "\"imports.growth\" = { dist = \"uniform\", min = -1e308, max = 1e308 }",
        "uncertainty.\"imports.growth\".max",
        "too large",
    );
    entry(
        "response.bass_q = { dist = \"uniform\", min = 0.2, max = 0.5 }",
        "uncertainty.response",
        "write \"response.bass_q\" = { dist = ... }",
    );
    // A normal whose 10-sd window lies inside the range needs no bound; it is cut there.
    let s = load_str(
        &edit(
            u,
            "\"market.oceania.piracy\" = { dist = \"normal\", mean = 0.5, sd = 0.04 }",
        ),
        "ok",
        None,
    )
    .unwrap();
    let d = s.uncertainty()[0].dist.support();
    assert!(
        (d.0 - 0.1).abs() < 1e-12 && (d.1 - 0.9).abs() < 1e-12,
        "{d:?}"
    );
    // A positive parameter may take an unbounded log-normal.
    load_str(
        &edit(
            u,
            "\"response.bass_p\" = { dist = \"lognormal\", mu = -4.6, sigma = 0.3 }",
        ),
        "ok",
        None,
    )
    .unwrap();
    // Two spellings of the same slot.
    let t = edit(u, "\"levers.visa_easing\" = { dist = \"uniform\", min = 0, max = 1 }\n\"levers.visa_easing.2019\" = { dist = \"uniform\", min = 0, max = 1 }")
        .replacen("visa_easing = 0.1", "visa_easing = { 2019 = 0.1 }", 1);
    let errs = errors_of(&t);
    assert!(
        errs.len() == 1 && errs[0].contains("draws the same parameter"),
        "{errs:?}"
    );
}

#[test]
fn targets_and_quantiles() {
    let m = "metric = \"audience_m\"";
    bad(
        m,
        "metric = \"audience\"",
        "target.\"one billion overseas audience in 2030\".metric",
        "did you mean `audience_m`?",
    );
    bad(
        "year = 2030\nabove = 0.0",
        "year = 2030.1\nabove = 0.0",
        "target.\"services trade surplus in 2030\".year",
        "not at a whole step",
    );
    bad(
        "year = 2030\nabove = 0.0",
        "year = 2040\nabove = 0.0",
        "target.\"services trade surplus in 2030\".year",
        "outside the horizon 2019..=2031",
    );
    let t = edit("above = 0.0", "above = 0.0\nbelow = 1.0");
    expect_one(
        &t,
        "below = 1.0",
        "target.\"services trade surplus in 2030\".below",
        "exactly one",
    );
    let t = edit("above = 0.0\n", "");
    expect_one(
        &t,
        "[[target]]",
        "target.\"services trade surplus in 2030\"",
        "needs a threshold",
    );
    let t = edit(
        "name = \"one billion overseas audience in 2030\"",
        "name = \"services trade surplus in 2030\"",
    );
    let needle = "name = \"services trade surplus in 2030\"\nmetric = \"audience_m\"";
    expect_one(
        &t,
        needle,
        "target.\"services trade surplus in 2030\".name",
        "duplicate target name",
    );
    let q = |qs: &str| {
        edit(
            "[levers]",
            &format!("[output]\nquantiles = {qs}\n\n[levers]"),
        )
    };
    expect_one(
        &q("[0.5, 0.5]"),
        "quantiles = ",
        "output.quantiles #2",
        "duplicate quantile",
    );
    expect_one(
        &q("[0.0, 0.5]"),
        "quantiles = ",
        "output.quantiles #1",
        "strictly between 0 and 1",
    );
    let s = load_str(&q("[0.9, 0.1, 0.5]"), "ok", None).unwrap();
    assert_eq!(s.quantiles, vec![0.1, 0.5, 0.9]);
    let s = load_str(
        &edit("year = 2030\nabove = 0.0", "year = 2019\nbelow = 0.0"),
        "ok",
        None,
    )
    .unwrap();
    assert_eq!(
        (s.targets[0].step, s.targets[0].direction),
        (0, Direction::Below)
    );
}
