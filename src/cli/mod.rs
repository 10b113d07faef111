//! Command-line interface: argument parsing, exit codes, and one module per subcommand.
//!
//! Exit codes: 0 success, 2 bad input or usage, 1 anything else.

mod bench;
mod common;
mod compare;
mod explore;
mod merge;
mod pieces;
mod run;
mod schema;
mod seek;
mod sensitivity;
mod shard;
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
    /// Which factors matter: Sobol, Morris or one-at-a-time sensitivity of a scenario's outputs,
    /// from its `[sensitivity]` section (default: Sobol over its `[uncertainty]` parameters).
    Sensitivity(sensitivity::SensitivityArgs),
    /// Experiments over the policy space: a grid, Latin hypercube or Sobol design of factor
    /// values from the scenario's `[explore]` section, on common random numbers.
    Explore(explore::ExploreArgs),
    /// Goal seek: the smallest factor value at which a target's probability reaches P.
    Seek(seek::SeekArgs),
    /// Join the partial results of a job's shards (`run`, `compare`, `explore` or `sensitivity`
    /// with `--shard I/N --partial PATH`, or `run --checkpoint` blocks) into the output set the
    /// job would write on one machine.
    Merge(merge::MergeArgs),
    /// Check scenario files without running them.
    Validate(validate::ValidateArgs),
    /// Measure throughput against the random-number floor, thread scaling and memory.
    Bench(bench::BenchArgs),
    /// Print the JSON Schema (draft 2020-12) of scenario files, for editors (taplo, Even Better
    /// TOML): every section, key, unit and range of every registered model.
    Schema(schema::SchemaArgs),
    /// Scenarios embedded in the binary: `softpower scenario show baseline` prints the baseline
    /// (so that an installed binary's users can write a file that `extends` it).
    Scenario {
        /// What to do.
        #[command(subcommand)]
        action: ScenarioAction,
    },
}

/// `softpower scenario ...`.
#[derive(Debug, Subcommand)]
pub enum ScenarioAction {
    /// Print an embedded scenario (`baseline`) as TOML.
    Show {
        /// Its name.
        name: String,
    },
}

/// Watch SIGINT and SIGTERM: either one asks the engine and the writers to stop
/// ([`crate::engine::run::INTERRUPTED`]). Returns the signal that came, once one has.
fn watch_signals() -> impl Fn() -> Option<i32> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let flags = [
        (SIGINT, Arc::new(AtomicBool::new(false))),
        (SIGTERM, Arc::new(AtomicBool::new(false))),
    ];
    for (sig, flag) in &flags {
        let _ = signal_hook::flag::register(*sig, Arc::clone(flag));
    }
    let watched = flags.clone();
    std::thread::spawn(move || loop {
        if watched.iter().any(|(_, f)| f.load(Ordering::Relaxed)) {
            crate::engine::run::INTERRUPTED.store(true, Ordering::Relaxed);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    });
    move || {
        flags
            .iter()
            .find(|(_, f)| f.load(Ordering::Relaxed))
            .map(|(s, _)| *s)
    }
}

/// Parse the process arguments, run, print any error, and map it to an exit code. SIGINT and
/// SIGTERM stop a run within about a second, leave no temporary files and the previous outputs
/// untouched, and exit 130 and 143.
pub fn main() -> ExitCode {
    let signal = watch_signals();
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
    if let Err(e) = crate::engine::simd::cap_from_env() {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let result = dispatch(cli);
    if let Some(sig) = signal() {
        let name = if sig == signal_hook::consts::SIGINT {
            "SIGINT"
        } else {
            "SIGTERM"
        };
        if result.is_ok() {
            eprintln!("interrupted by {name} after the results were written");
        } else {
            eprintln!(
                "interrupted by {name}: stopped; nothing was written and earlier results are untouched"
            );
        }
        return ExitCode::from(128 + sig as u8);
    }
    match result {
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
        Some(Command::Sensitivity(a)) => sensitivity::run(a),
        Some(Command::Explore(a)) => explore::run(a),
        Some(Command::Seek(a)) => seek::run(a),
        Some(Command::Merge(a)) => merge::run(a),
        Some(Command::Validate(a)) => validate::run(a),
        Some(Command::Bench(a)) => bench::run(a),
        Some(Command::Schema(a)) => schema::run(a),
        Some(Command::Scenario {
            action: ScenarioAction::Show { name },
        }) => {
            if name != "baseline" {
                return Err(BadInput(format!(
                    "no embedded scenario `{}`; the embedded one is `baseline`",
                    crate::scenario::name_problem(&name).map_or(name.clone(), |_| "?".into())
                ))
                .into());
            }
            print!("{}", crate::scenario::BASELINE_TOML);
            Ok(ExitCode::SUCCESS)
        }
    }
}
