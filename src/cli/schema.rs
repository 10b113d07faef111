//! `softpower schema [--model NAME] [--out FILE]`: print the JSON Schema (draft 2020-12) of
//! scenario files, for editors (docs/editors.md).

use super::common::BadInput;
use crate::model::Registry;
use crate::scenario::schema::schema;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Describe only this model's scenario files (default: every registered model's).
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
    /// Write the schema to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Generate the schema and write it.
pub fn run(a: SchemaArgs) -> anyhow::Result<ExitCode> {
    let value = schema(&Registry::builtin(), a.model.as_deref()).map_err(BadInput)?;
    let mut text = serde_json::to_string_pretty(&value)?;
    text.push('\n');
    match &a.out {
        Some(path) => crate::output::atomic::write_file(path, text.as_bytes())?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
