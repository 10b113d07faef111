//! Sobol's G function `y = Π_i (|4 x_i − 2| + a_i) / (1 + a_i)` (Saltelli and Sobol 1995): with
//! x_i uniform on [0, 1], E(y) = 1 and V(y) = Π (1 + V_i) − 1 with V_i = 1 / (3 (1 + a_i)²);
//! small a_i make input i important.

use super::{static_info, StaticSpec};
use crate::input::{kp, with_index, with_key, Ctx, Key, Kind, OtherKeys, Range, TableDecl};
use crate::model::{ModelEntry, ModelInput, ModelSpec, ParamInfo};

/// The registry entry.
pub const ENTRY: ModelEntry = ModelEntry {
    name: "sobol_g",
    doc: "test function: y = Π (|4 x_i − 2| + a_i) / (1 + a_i) (static)",
    dynamic: false,
    sections: &[Key::new(
        "model",
        Kind::Table(&MODEL),
        "Coefficients `a` and inputs x1 ... xk of the G function",
    )],
    validate,
};

/// The values an input `x_i` may take.
pub const X_RANGE: Range = Range::UNIT;
/// The values a coefficient `a_i` may take.
pub const A_RANGE: Range = Range::NON_NEG;

/// `[model]`: `a` and one optional input per coefficient.
const MODEL: TableDecl = TableDecl {
    keys: &[Key::new(
        "a",
        Kind::Array {
            items: &Kind::Number(A_RANGE),
            min: 1,
            max: MAX_INPUTS,
        },
        "Coefficients a_1 ... a_k, one per input (small: the input matters)",
    )
    .required()],
    fields: &[],
    other: Some(OtherKeys {
        pattern: "^x[1-9][0-9]*$",
        what: "an input x1 ... xk (k coefficients)",
        kind: Kind::Number(X_RANGE),
        unit: "",
        doc: "input in [0, 1] (default 0.5)",
        drawable: true,
    }),
};

/// Most coefficients `a` may have.
pub const MAX_INPUTS: usize = 64;

/// `y` at parameters `[x_1 … x_k, a_1 … a_k]`.
pub fn sobol_g(p: &[f64]) -> f64 {
    let k = p.len() / 2;
    let (x, a) = p.split_at(k);
    x.iter()
        .zip(a)
        .map(|(&x, &a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
        .product()
}

fn validate(c: &mut Ctx, input: ModelInput<'_>) -> Option<Box<dyn ModelSpec>> {
    let t = c.section(input.doc, "model")?;
    let path = kp(&["model"]);
    let before = c.issues().len();
    let a: Vec<f64> = match t.get("a") {
        None => {
            c.issue(
                with_key(&path, "a"),
                "required field missing: an array of 1 to 64 coefficients, e.g. [0, 1, 4.5]",
            );
            Vec::new()
        }
        Some(toml::Value::Array(v)) => {
            let ap = with_key(&path, "a");
            if v.is_empty() || v.len() > MAX_INPUTS {
                c.issue(
                    ap.clone(),
                    format!("needs 1 to {MAX_INPUTS} coefficients, got {}", v.len()),
                );
            }
            v.iter()
                .enumerate()
                .map(|(i, x)| {
                    let p = with_index(&ap, i);
                    match x.as_float().or_else(|| x.as_integer().map(|n| n as f64)) {
                        Some(f) => c.check_range(p, f, A_RANGE).unwrap_or(0.0),
                        None => {
                            c.wrong_type(p, x, "a number");
                            0.0
                        }
                    }
                })
                .collect()
        }
        Some(v) => {
            c.wrong_type(with_key(&path, "a"), v, "an array of numbers");
            Vec::new()
        }
    };
    let k = a.len().min(MAX_INPUTS);
    let xs: Vec<String> = (1..=k).map(|i| format!("x{i}")).collect();
    let mut known: Vec<&str> = vec!["a"];
    known.extend(xs.iter().map(String::as_str));
    c.known_keys(t, &known, &path, "[model] of `sobol_g`");
    let mut params: Vec<ParamInfo> = xs
        .iter()
        .map(|key| ParamInfo {
            path: format!("model.{key}"),
            unit: String::new(),
            range: X_RANGE,
            doc: "input in [0, 1]".into(),
            value: c.num_or(t, &path, key, X_RANGE, 0.5).unwrap_or(0.5),
            drawable: true,
        })
        .collect();
    params.extend(a.iter().enumerate().map(|(i, &v)| ParamInfo {
        path: format!("model.a.{}", i + 1),
        unit: String::new(),
        range: A_RANGE,
        doc: "coefficient (small: the input matters)".into(),
        value: v,
        drawable: false,
    }));
    (c.issues().len() == before).then(|| {
        Box::new(StaticSpec::new(
            static_info("sobol_g", params, "Sobol G function y"),
            sobol_g,
        )) as Box<dyn ModelSpec>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // x = 0.5 makes every factor a / (1 + a).
        assert!((sobol_g(&[0.5, 0.5, 1.0, 3.0]) - 0.5 * 0.75).abs() < 1e-15);
        assert_eq!(sobol_g(&[0.0, 0.0]), 2.0);
    }
}
