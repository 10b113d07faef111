//! `softpower validate FILE...`: check scenario files (with any `--set` overrides) without
//! running them.

use super::common::{BadInput, SetArgs};
use crate::scenario::Loader;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Overrides applied to every file.
    #[command(flatten)]
    pub set: SetArgs,
}

/// Check every file, report each, exit 2 if any is invalid.
pub fn run(a: ValidateArgs) -> anyhow::Result<ExitCode> {
    let loader = Loader::new().with_overrides(a.set.overrides()?);
    let mut bad = 0;
    for f in &a.files {
        match loader.load_file(f) {
            Ok(s) => {
                for w in s.warnings() {
                    eprintln!("warning: {w}");
                }
                println!(
                    "{}: ok (scenario `{}`, model `{}`, {} paths, {} steps)",
                    f.display(),
                    s.name(),
                    s.info().name,
                    s.paths(),
                    s.steps()
                )
            }
            Err(e) => {
                eprintln!("{e}");
                bad += 1;
            }
        }
    }
    if bad > 0 {
        return Err(BadInput(format!("{bad} of {} scenario files invalid", a.files.len())).into());
    }
    Ok(ExitCode::SUCCESS)
}
