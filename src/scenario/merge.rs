//! `extends`: a child file merged over its parent, together with the positions of every value.
//!
//! Tables deep-merge (the child wins); an array (in particular an array of tables such as
//! `[[market]]`) in the child replaces the parent's whole; a schedule (a table of years, such as
//! a lever's) and an `[uncertainty]` entry are replaced whole. Positions follow the values: a replaced value
//! forgets every position the parent had under it.

use crate::input::{KeyPath, Seg, SpanMap};

/// Whether a child's table replaces the parent's whole instead of merging into it: an
/// `[uncertainty]` entry, and a schedule (a table whose keys are all years, such as a lever's
/// `{ 2019 = 0.0, 2022 = 3.0 }`).
fn replaced_whole(path: &[Seg], child: &toml::Table) -> bool {
    let schedule = !child.is_empty() && child.keys().all(|k| k.trim().parse::<f64>().is_ok());
    schedule || matches!(path, [Seg::Key(s), Seg::Key(_)] if s == "uncertainty")
}

fn merge_table(
    dst: &mut toml::Table,
    src: toml::Table,
    path: &mut KeyPath,
    replaced: &mut Vec<KeyPath>,
) {
    for (k, v) in src {
        path.push(Seg::Key(k.clone()));
        match (dst.get_mut(&k), v) {
            (Some(toml::Value::Table(d)), toml::Value::Table(s)) if !replaced_whole(path, &s) => {
                merge_table(d, s, path, replaced);
            }
            (_, v) => {
                replaced.push(path.clone());
                dst.insert(k, v);
            }
        }
        path.pop();
    }
}

/// Merges `child` over `parent` (both table and positions), in place in `parent`.
pub(crate) fn merge(
    parent: &mut toml::Table,
    parent_spans: &mut SpanMap,
    child: toml::Table,
    child_spans: SpanMap,
) {
    let mut replaced = Vec::new();
    merge_table(parent, child, &mut Vec::new(), &mut replaced);
    for r in &replaced {
        parent_spans.forget(r);
    }
    parent_spans.values.extend(child_spans.values);
    parent_spans.keys.extend(child_spans.keys);
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse_file;
    use super::*;
    use crate::input::{kp, with_index, with_key};

    fn merged(parent: &str, child: &str) -> (toml::Table, SpanMap) {
        let p = parse_file(parent, "parent.toml").unwrap();
        let c = parse_file(child, "child.toml").unwrap();
        let (mut t, mut s) = (p.table, p.spans);
        merge(&mut t, &mut s, c.table, c.spans);
        (t, s)
    }

    #[test]
    fn deep_merge_child_wins() {
        let (t, s) = merged(
            "[response]\nbass_p = 0.01\nbass_q = 0.38\n",
            "[response]\nbass_q = 0.5\n",
        );
        assert_eq!(t["response"]["bass_p"].as_float(), Some(0.01));
        assert_eq!(t["response"]["bass_q"].as_float(), Some(0.5));
        assert_eq!(s.values[&kp(&["response", "bass_p"])].file, "parent.toml");
        assert_eq!(s.values[&kp(&["response", "bass_q"])].file, "child.toml");
    }

    #[test]
    fn arrays_of_tables_replaced_whole() {
        let (t, s) = merged(
            "[[market]]\nname = \"a\"\npiracy = 0.1\n[[market]]\nname = \"b\"\npiracy = 0.2\n",
            "\n\n[[market]]\nname = \"c\"\n",
        );
        let m = t["market"].as_array().unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0]["name"].as_str(), Some("c"));
        assert!(m[0].get("piracy").is_none());
        let p = with_key(&with_index(&kp(&["market"]), 0), "piracy");
        assert!(!s.values.contains_key(&p));
        assert!(!s.values.contains_key(&with_index(&kp(&["market"]), 1)));
        assert_eq!(
            s.find(&p).map(|l| (l.file.as_str(), l.line)),
            Some(("child.toml", 3))
        );
    }

    #[test]
    fn levers_and_uncertainty_entries_replaced_whole() {
        let (t, s) = merged(
            "[levers]\nvisa_easing = { 2019 = 0.1, 2022 = 0.6 }\nip_protection = 0.5\n[uncertainty]\n\"response.bass_q\" = { dist = \"normal\", mean = 0.4, sd = 0.1, min = 0.0 }\n",
            "[levers]\nvisa_easing = { 2019 = 0.2 }\n[uncertainty]\n\"response.bass_q\" = { dist = \"uniform\", max = 0.5 }\n",
        );
        let v = t["levers"]["visa_easing"].as_table().unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(t["levers"]["ip_protection"].as_float(), Some(0.5));
        let u = t["uncertainty"]["response.bass_q"].as_table().unwrap();
        assert_eq!(u.len(), 2);
        assert!(!s
            .values
            .contains_key(&kp(&["levers", "visa_easing", "2022"])));
        assert!(!s
            .values
            .contains_key(&kp(&["uncertainty", "response.bass_q", "sd"])));
    }
}
