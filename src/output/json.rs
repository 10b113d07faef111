//! `summary.json`: the [`Summary`] struct serialised (pretty-printed); its fields are the schema.

use super::{Output, Rendered};
use crate::results::Summary;

/// The `summary.json` format.
#[derive(Debug, Clone, Copy, Default)]
pub struct SummaryJson;

impl Output for SummaryJson {
    fn name(&self) -> &'static str {
        "summary.json"
    }

    fn render(&self, s: &Summary) -> anyhow::Result<Vec<Rendered>> {
        let mut bytes = serde_json::to_vec_pretty(s)?;
        bytes.push(b'\n');
        Ok(vec![("summary.json".into(), bytes)])
    }
}
