//! Structure check: scenarios compared path by path must share sectors, markets, bases and steps.

use crate::scenario::Scenario;

/// Describe the first structural difference between `a` and `b`, if any.
pub fn difference(a: &Scenario, b: &Scenario) -> Option<String> {
    let time = |s: &Scenario| (s.start_year, s.years, s.steps_per_year);
    if time(a) != time(b) {
        return Some(format!(
            "time grid differs: start_year/years/steps_per_year {:?} vs {:?}",
            time(a),
            time(b)
        ));
    }
    let names = |v: Vec<String>| v.join(", ");
    let sectors = |s: &Scenario| {
        s.sectors
            .iter()
            .map(|x| {
                format!(
                    "{} ({:?}{})",
                    x.name,
                    x.kind,
                    if x.digital { ", digital" } else { "" }
                )
            })
            .collect()
    };
    if a.sectors != b.sectors {
        return Some(format!(
            "sectors differ: [{}] vs [{}]",
            names(sectors(a)),
            names(sectors(b))
        ));
    }
    let markets = |s: &Scenario| s.markets.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
    if markets(a) != markets(b) {
        return Some(format!(
            "markets differ: [{}] vs [{}]",
            names(markets(a)),
            names(markets(b))
        ));
    }
    for (ma, mb) in a.markets.iter().zip(&b.markets) {
        if ma.initial_regime != mb.initial_regime {
            return Some(format!(
                "market `{}` starts {:?} in one and {:?} in the other",
                ma.name, ma.initial_regime, mb.initial_regime
            ));
        }
    }
    let bases = |s: &Scenario| {
        s.bases
            .iter()
            .map(|x| {
                let secs: Vec<&str> = x
                    .sectors
                    .iter()
                    .map(|&i| s.sectors[i].name.as_str())
                    .collect();
                format!(
                    "{} (count {}, {}: {})",
                    x.name,
                    x.count,
                    if x.designated {
                        "designated"
                    } else {
                        "not designated"
                    },
                    secs.join("/")
                )
            })
            .collect::<Vec<_>>()
    };
    let (ba, bb) = (bases(a), bases(b));
    if ba != bb {
        let first = ba.iter().zip(&bb).find(|(x, y)| x != y);
        return Some(match first {
            Some((x, y)) => format!("bases differ: {x} vs {y}"),
            None => format!("bases differ: {} vs {} entries", ba.len(), bb.len()),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_kind_of_difference() {
        let a = crate::scenario::baseline();
        assert_eq!(difference(&a, &a.clone()), None);
        let mut b = a.clone();
        b.years += 1;
        assert!(difference(&a, &b).unwrap().contains("time grid"));
        let mut b = a.clone();
        b.markets[0].name = "mars".into();
        assert!(difference(&a, &b).unwrap().contains("mars"));
        let mut b = a.clone();
        b.bases[6].count = 22;
        assert!(difference(&a, &b).unwrap().contains("count 22"));
        let mut b = a.clone();
        b.sectors[0].digital = true;
        assert!(difference(&a, &b).unwrap().contains("sectors differ"));
    }
}
