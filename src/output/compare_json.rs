//! `compare.json`: the [`Comparison`] struct serialised (pretty-printed); its fields are the schema.

use super::{Output, Rendered};
use crate::compare::Comparison;

/// The `compare.json` format.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompareJson;

impl Output<Comparison> for CompareJson {
    fn name(&self) -> &'static str {
        "compare.json"
    }

    fn render(&self, c: &Comparison) -> anyhow::Result<Vec<Rendered>> {
        let mut bytes = serde_json::to_vec_pretty(c)?;
        bytes.push(b'\n');
        Ok(vec![("compare.json".into(), bytes)])
    }
}
