//! The Ishigami function `y = sin x1 + a sin² x2 + b x3⁴ sin x1` (Ishigami and Homma 1990), the
//! standard test of global sensitivity analysis. With x1, x2, x3 uniform on [−π, π]:
//! E(y) = a/2, V(y) = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2.

use super::{static_info, StaticSpec};
use crate::input::{kp, Ctx, FieldDecl, Key, Kind, Range, TableDecl};
use crate::model::{ModelEntry, ModelInput, ModelSpec, ParamInfo};

/// The registry entry.
pub const ENTRY: ModelEntry = ModelEntry {
    name: "ishigami",
    doc: "test function: y = sin x1 + a sin² x2 + b x3⁴ sin x1 (static)",
    dynamic: false,
    sections: &[Key::new(
        "model",
        Kind::Table(&TableDecl::fields(&FIELDS)),
        "Parameters of the Ishigami function (default a = 7, b = 0.1, x1 = x2 = x3 = 0)",
    )],
    validate,
};

/// The values each parameter may take: |y| ≤ 1 + |a| + |b| x3⁴ ≤ 1e30 keeps y, its mean and
/// its sd finite.
pub const RANGE: Range = Range::closed(-1e6, 1e6);

/// Each parameter, in parameter-index order.
const FIELDS: [FieldDecl; 5] = [
    field("a", "coefficient of sin² x2"),
    field("b", "coefficient of x3⁴ sin x1"),
    field("x1", "input 1"),
    field("x2", "input 2"),
    field("x3", "input 3"),
];

/// The value of each parameter a file leaves out, in [`FIELDS`] order.
const DEFAULTS: [f64; 5] = [7.0, 0.1, 0.0, 0.0, 0.0];

const fn field(name: &'static str, doc: &'static str) -> FieldDecl {
    FieldDecl {
        name,
        range: RANGE,
        unit: "",
        doc,
        drawable: true,
    }
}

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
    c.known_keys(t, &FIELDS.map(|f| f.name), &path, "[model] of `ishigami`");
    let before = c.issues().len();
    let params: Vec<ParamInfo> = FIELDS
        .iter()
        .zip(DEFAULTS)
        .map(|(f, default)| ParamInfo {
            path: format!("model.{}", f.name),
            unit: f.unit.into(),
            range: f.range,
            doc: f.doc.into(),
            value: c
                .num_or(t, &path, f.name, f.range, default)
                .unwrap_or(default),
            drawable: f.drawable,
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
