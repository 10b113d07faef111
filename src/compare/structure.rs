//! Structure check: scenarios compared path by path must share the model, the time grid and
//! whatever the model declares structural (for the cultural model: sectors, markets, bases).

use crate::scenario::Scenario;

/// Describe the first structural difference between `a` and `b`, if any.
pub fn difference(a: &Scenario, b: &Scenario) -> Option<String> {
    if a.info().name != b.info().name {
        return Some(format!(
            "models differ: `{}` vs `{}`",
            a.info().name,
            b.info().name
        ));
    }
    let time = |s: &Scenario| {
        let g = s.grid();
        (g.start_year, g.years, g.steps_per_year)
    };
    if time(a) != time(b) {
        return Some(format!(
            "time grid differs: start_year/years/steps_per_year {:?} vs {:?}",
            time(a),
            time(b)
        ));
    }
    let (sa, sb) = (a.spec().structure(), b.spec().structure());
    for ((what, x), (_, y)) in sa.iter().zip(&sb) {
        if x != y {
            return Some(match x.iter().zip(y).find(|(p, q)| p != q) {
                Some((p, q)) => format!("{what} differ: {p} vs {q}"),
                None => format!("{what} differ: [{}] vs [{}]", x.join(", "), y.join(", ")),
            });
        }
    }
    if sa.len() != sb.len() {
        return Some("the models' structures differ".into());
    }
    None
}
