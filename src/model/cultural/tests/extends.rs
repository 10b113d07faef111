//! `extends`: deep merge, whole replacement, positions in the right file, cycles, missing parents.

use std::path::{Path, PathBuf};

use super::*;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn extends_merges_and_positions_follow_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", BASELINE_TOML);
    let child = "[scenario]\nextends = \"base.toml\"\nname = \"child\"\n\n[response]\nbass_q = 0.5\n\n\
                 [levers]\nvisa_easing = { 2019 = 0.1, 2022 = 0.6 }\n\n\
                 [[market]]\nname = \"world\"\nexport_share = 1.0\naddressable_m = 3000.0\ndemand_growth = 0.02\npiracy = 0.3\n\
                 partner_reach = 0.3\nfavorability = 0.3\ntension_hazard = 0.2\nrelief_rate = 0.4\nban_hazard = 0.05\n\
                 unban_rate = 0.3\ninitial_regime = \"open\"\nown_subscribers_m = 5.0\n";
    let c = write(dir.path(), "child.toml", child);
    let s = load_file(&c).unwrap();
    assert_eq!(s.name, "child");
    assert_eq!(
        s.description,
        "Status quo: policy levers held at 2019 levels"
    );
    assert_eq!(spec(&s).params.response.bass_q, 0.5);
    assert_eq!(spec(&s).params.response.bass_p, 0.01);
    assert_eq!(spec(&s).markets.len(), 1);
    assert_eq!(spec(&s).params.levers.get(LeverKind::Visa).entries.len(), 2);
    // A schedule in the parent is replaced whole by the child's number.
    let grandchild =
        "[scenario]\nextends = \"child.toml\"\nname = \"g\"\n[levers]\nvisa_easing = 0.2\n";
    let g = write(dir.path(), "g.toml", grandchild);
    let s = load_file(&g).unwrap();
    assert_eq!(
        spec(&s).params.levers.get(LeverKind::Visa),
        &Schedule::constant(0.2)
    );
    // Errors point at the file that wrote the value.
    let bad_child = child.replace("piracy = 0.3", "piracy = 3");
    let c = write(dir.path(), "child.toml", &bad_child);
    let e = load_file(&c).unwrap_err();
    let shown = c.display().to_string();
    assert!(
        e.first().to_string().starts_with(&format!(
            "{shown}:{}:10: field `market.world.piracy`",
            line_of(&bad_child, "piracy = 3")
        )),
        "{e}"
    );
    write(
        dir.path(),
        "base.toml",
        &edit("bass_p = 0.01", "bass_p = -0.01"),
    );
    write(dir.path(), "child.toml", child);
    let e = load_file(&c).unwrap_err();
    let parent = dir.path().join("base.toml").display().to_string();
    let want = format!(
        "{parent}:{}:10: field `response.bass_p`",
        line_of(BASELINE_TOML, "bass_p = 0.01")
    );
    assert!(e.first().to_string().starts_with(&want), "{e}");
}

#[test]
fn extends_cycles_and_missing_parents() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.toml", "[scenario]\nextends = \"b.toml\"\n");
    write(
        dir.path(),
        "b.toml",
        "[scenario]\nname = \"b\"\nextends = \"a.toml\"\n",
    );
    let e = load_file(&a).unwrap_err();
    let msg = e.first().to_string();
    assert!(
        matches!(e.first(), ScenarioError::ExtendsCycle { chain, .. } if chain.len() == 3),
        "{msg}"
    );
    assert!(
        msg.contains("extends cycle:") && msg.contains("a.toml -> ") && msg.contains("b.toml -> "),
        "{msg}"
    );
    let s = write(
        dir.path(),
        "self.toml",
        "[scenario]\nextends = \"self.toml\"\n",
    );
    assert!(matches!(
        load_file(&s).unwrap_err().first(),
        ScenarioError::ExtendsCycle { .. }
    ));
    let m = write(
        dir.path(),
        "m.toml",
        "[scenario]\nname = \"m\"\nextends = \"nowhere.toml\"\n",
    );
    let e = load_file(&m).unwrap_err();
    let msg = e.first().to_string();
    assert!(
        msg.contains(":3:11: field `scenario.extends`: parent scenario `nowhere.toml` not found"),
        "{msg}"
    );
    let e = load_str("[scenario]\nextends = \"baseline.toml\"\n", "stdin", None).unwrap_err();
    assert!(e.first().to_string().contains("no directory"), "{e}");
    let ok = load_str(
        "[scenario]\nextends = \"baseline.toml\"\nname = \"x\"\n",
        "stdin",
        Some(&scenarios_dir()),
    )
    .unwrap();
    assert_eq!(ok.name, "x");
}
