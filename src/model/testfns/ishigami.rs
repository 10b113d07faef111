//! The Ishigami function `y = sin x1 + a sin² x2 + b x3⁴ sin x1` (Ishigami and Homma 1990), the
//! standard test of global sensitivity analysis. With x1, x2, x3 uniform on [−π, π]:
//! E(y) = a/2, V(y) = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2.

use super::{static_info, StaticSpec};
use crate::input::{kp, Ctx, Range};
use crate::model::{ModelEntry, ModelInput, ModelSpec, ParamInfo};

/// The registry entry.
pub const ENTRY: ModelEntry = ModelEntry {
    name: "ishigami",
    doc: "test function: y = sin x1 + a sin² x2 + b x3⁴ sin x1 (static)",
    dynamic: false,
    sections: &["model"],
    validate,
};

/// The values each parameter may take: |y| ≤ 1 + |a| + |b| x3⁴ ≤ 1e30 keeps y, its mean and
/// its sd finite.
pub const RANGE: Range = Range::closed(-1e6, 1e6);

/// `(key, default, doc)` of each parameter, in parameter-index order.
const PARAMS: [(&str, f64, &str); 5] = [
    ("a", 7.0, "coefficient of sin² x2"),
    ("b", 0.1, "coefficient of x3⁴ sin x1"),
    ("x1", 0.0, "input 1"),
    ("x2", 0.0, "input 2"),
    ("x3", 0.0, "input 3"),
];

/// `y` at parameters `[a, b, x1, x2, x3]`.
pub fn ishigami(p: &[f64]) -> f64 {
    let (a, b, x1, x2, x3) = (p[0], p[1], p[2], p[3], p[4]);
    let s2 = x2.sin();
    x1.sin() + a * s2 * s2 + b * x3.powi(4) * x1.sin()
}

fn validate(c: &mut Ctx, input: ModelInput<'_>) -> Option<Box<dyn ModelSpec>> {
    let empty = toml::Table::new();
    let t = c.opt_table(input.doc, &[], "model").unwrap_or(&empty);
    let path = kp(&["model"]);
    c.known_keys(t, &PARAMS.map(|p| p.0), &path, "[model] of `ishigami`");
    let before = c.issues().len();
    let params: Vec<ParamInfo> = PARAMS
        .iter()
        .map(|&(key, default, doc)| ParamInfo {
            path: format!("model.{key}"),
            unit: String::new(),
            range: RANGE,
            doc: doc.into(),
            value: c.num_or(t, &path, key, RANGE, default).unwrap_or(default),
            drawable: true,
        })
        .collect();
    (c.issues().len() == before).then(|| {
        Box::new(StaticSpec::new(
            static_info("ishigami", params, "Ishigami function y"),
            ishigami,
        )) as Box<dyn ModelSpec>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        use std::f64::consts::FRAC_PI_2;
        assert_eq!(ishigami(&[7.0, 0.1, 0.0, 0.0, 0.0]), 0.0);
        let y = ishigami(&[7.0, 0.1, FRAC_PI_2, FRAC_PI_2, 1.0]);
        assert!((y - (1.0 + 7.0 + 0.1)).abs() < 1e-12, "{y}");
    }
}
