//! The shape of the house, checked on the source text: no top-level module of the library
//! imports one that imports it back (directly or through others), and no name of the
//! cultural-export model (outcome, parameter, lever or section key) appears outside that
//! model's own module and the tests.

use softpower::model::cultural::{outcomes, params};
use softpower::model::cultural::{Imports, IndexWeights, MarketParams, Response, SectorParams};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The library's code of a file: test files and `#[cfg(test)]` modules left out.
fn library_code(p: &Path) -> Option<String> {
    let name = p.file_name()?.to_str()?;
    let in_tests_dir = p.components().any(|c| c.as_os_str() == "tests");
    if name == "tests.rs" || name == "testdata.rs" || name.ends_with("_tests.rs") || in_tests_dir {
        return None;
    }
    let text = fs::read_to_string(p).ok()?;
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(l) = lines.next() {
        if l.trim() == "#[cfg(test)]" {
            if let Some(next) = lines.peek() {
                if next.trim_start().starts_with("mod ") && next.trim_end().ends_with('{') {
                    break; // a test module closes the file by convention
                }
            }
            lines.next(); // the item under the attribute (a `mod x;` line or a use)
            continue;
        }
        out.push_str(l);
        out.push('\n');
    }
    Some(out)
}

/// Top-level module of a source file (`engine` for src/engine/run.rs, `results` for src/results.rs).
fn top_module(p: &Path) -> Option<String> {
    let rel = p.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let m = first.trim_end_matches(".rs").to_string();
    (m != "lib" && m != "main").then_some(m)
}

#[test]
fn top_level_modules_form_no_cycle() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut modules = BTreeSet::new();
    for f in &files {
        let Some(m) = top_module(f) else { continue };
        modules.insert(m.clone());
        let Some(code) = library_code(f) else {
            continue;
        };
        let code: String = code
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + 7..];
            let dep: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !dep.is_empty() && dep != m && dep.chars().next().is_some_and(|c| c.is_lowercase()) {
                edges.entry(m.clone()).or_default().insert(dep);
            }
        }
    }
    assert!(modules.len() >= 10, "{modules:?}");
    // Depth-first search for a cycle, reporting it.
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|x| x == m) {
            let mut c = stack[i..].to_vec();
            c.push(m.to_string());
            return Some(c);
        }
        if done.contains(m) {
            return None;
        }
        stack.push(m.to_string());
        for d in edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(d, edges, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in &modules {
        if let Some(cycle) = visit(m, &edges, &mut Vec::new(), &mut done) {
            panic!(
                "import cycle between top-level modules: {}\nedges: {edges:#?}",
                cycle.join(" -> ")
            );
        }
    }
}

#[test]
fn cultural_names_stay_in_the_cultural_module() {
    let mut names: BTreeSet<String> = BTreeSet::new();
    names.extend(outcomes::HEAD.iter().map(|s| s.to_string()));
    names.extend(outcomes::TAIL.iter().map(|s| s.to_string()));
    names.extend(params::lever_names().map(String::from));
    for fields in [
        Response::FIELDS,
        Imports::FIELDS,
        IndexWeights::FIELDS,
        SectorParams::FIELDS,
        MarketParams::FIELDS,
    ] {
        names.extend(fields.iter().map(|f| f.name.to_string()));
    }
    // Plain English words among the field names (`growth`, `piracy`) say nothing by
    // themselves; the model's identifiers all have an underscore.
    names.retain(|n| n.contains('_'));
    assert!(names.len() > 40, "{names:?}");
    let cultural = src().join("model").join("cultural");
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut found = Vec::new();
    for f in files.iter().filter(|f| !f.starts_with(&cultural)) {
        let Some(code) = library_code(f) else {
            continue;
        };
        for (n, line) in code.lines().enumerate() {
            for name in &names {
                let hit = line.match_indices(name.as_str()).any(|(i, _)| {
                    let before = line[..i].chars().next_back();
                    let after = line[i + name.len()..].chars().next();
                    let ident =
                        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                    !ident(before) && !ident(after)
                });
                if hit {
                    found.push(format!(
                        "{}:{}: `{name}`: {}",
                        f.display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "cultural names outside src/model/cultural:\n{}",
        found.join("\n")
    );
}
