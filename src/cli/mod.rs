//! Command-line interface: argument parsing, exit codes, and one module per subcommand.
//!
//! Exit codes: 0 success, 2 bad input or usage, 1 anything else.

mod bench;
mod common;
mod compare;
mod run;
mod validate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub use common::BadInput;

/// softpower: Monte Carlo engine for soft-power policy analysis.
#[derive(Debug, Parser)]
#[command(name = "softpower", version, about, long_about = None)]
pub struct Cli {
    /// Subcommand (default: `run` on the embedded baseline scenario).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario and write its summary, charts and report. Without a file it runs the
    /// baseline scenario embedded in the binary.
    Run(run::RunArgs),
    /// Run scenarios on common random numbers and compare them with the first.
    Compare(compare::CompareArgs),
    /// Check scenario files without running them.
    Validate(validate::ValidateArgs),
    /// Measure throughput against the random-number floor, thread scaling and memory.
    Bench(bench::BenchArgs),
}

/// Parse the process arguments, run, print any error, and map it to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.chain().any(|c| c.is::<BadInput>()) {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Run the parsed command.
pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => run::run(run::RunArgs::default()),
        Some(Command::Run(a)) => run::run(a),
        Some(Command::Compare(a)) => compare::run(a),
        Some(Command::Validate(a)) => validate::run(a),
        Some(Command::Bench(a)) => bench::run(a),
    }
}
