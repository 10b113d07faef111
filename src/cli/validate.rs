//! `softpower validate FILE...`: check scenario files without running them.

use super::common::BadInput;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Check every file, report each, exit 2 if any is invalid.
pub fn run(a: ValidateArgs) -> anyhow::Result<ExitCode> {
    let mut bad = 0;
    for f in &a.files {
        match crate::scenario::load_file(f) {
            Ok(s) => println!(
                "{}: ok (scenario `{}`, {} paths, {} steps)",
                f.display(),
                s.name,
                s.paths,
                s.steps()
            ),
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
