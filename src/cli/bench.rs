//! `softpower bench [SCENARIO]`: throughput, floor, thread scaling (`--scaling`: a sweep over
//! thread counts) and memory.

use super::common::{self, BadInput};
use crate::bench;
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `bench`.
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// Scenario file (default: the embedded baseline).
    pub scenario: Option<PathBuf>,
    /// Paths per timed run.
    #[arg(long, default_value_t = 20_000)]
    pub paths: u64,
    /// Threads of the parallel run (default: all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Timed repetitions of each workload; the fastest counts.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Write the customBiggerIsBetter JSON list here.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Exit 1 when floor_efficiency falls below this (a CI regression guard).
    #[arg(long)]
    pub min_floor_efficiency: Option<f64>,
    /// Also measure the engine at 1, 2, 4, … threads up to --threads (or all cores), each with
    /// at least eight 1024-path chunks per thread.
    #[arg(long)]
    pub scaling: bool,
    /// Scenario overrides.
    #[command(flatten)]
    pub set: common::SetArgs,
}

/// Run the command.
pub fn run(a: BenchArgs) -> anyhow::Result<ExitCode> {
    let s = common::load(a.scenario.as_deref(), a.set.overrides()?)?;
    if a.paths == 0 {
        return Err(BadInput("--paths must be at least 1".into()).into());
    }
    if a.threads > common::MAX_THREADS {
        return Err(BadInput(format!("--threads must be at most {}", common::MAX_THREADS)).into());
    }
    let r = bench::run(&s, a.paths, a.threads, a.repeat, a.scaling)?;
    println!(
        "scenario {}: {} paths × {} steps, {} threads, best of {} runs each",
        r.scenario,
        r.paths,
        r.steps,
        r.threads,
        a.repeat.max(1)
    );
    {
        use crate::engine::simd::{detected, level, use_gathers, Level, CAP_VAR};
        let table = match (level(), use_gathers()) {
            (Level::Avx512Fma, true) => ", the sampler's table read by gathers",
            (Level::Avx512Fma, false) => ", the sampler's table read by loads",
            _ => "",
        };
        println!(
            "hot loops: the {} builds{table} (this CPU supports {}; {CAP_VAR} caps it)",
            level().name(),
            detected().name()
        );
    }
    println!(
        "draws per step: {} uniforms, {} normals ({} of them through exp: log-normal shocks)",
        r.draws.uniforms, r.draws.normals, r.draws.exps
    );
    for m in r.metrics() {
        println!("  {:<38} {:>14.4e} {}", m.name, m.value, m.unit);
    }
    if let Some(b) = r.peak_rss_bytes {
        println!(
            "  {:<38} {:>14.1} MiB",
            "peak_rss",
            b as f64 / (1024.0 * 1024.0)
        );
    }
    let parts = &r.breakdown.parts;
    let plain_ns = 1e9 / r.single_thread_path_steps_per_s;
    let profiled_ns = parts.elapsed.as_secs_f64() * 1e9 / parts.path_steps.max(1) as f64;
    println!(
        "where one thread's time goes (profiled run: {profiled_ns:.0} ns per path-step, \
         {:+.1} % against the plain run's {plain_ns:.0} ns):",
        (profiled_ns / plain_ns - 1.0) * 100.0
    );
    println!("  {:<12} {:>12} {:>7}", "part", "ns/step", "share");
    for p in crate::engine::Part::ALL {
        let ns = parts.ns_per_path_step(p);
        println!(
            "  {:<12} {:>12.1} {:>6.1}%",
            p.name(),
            ns,
            100.0 * ns / profiled_ns.max(1e-9)
        );
    }
    println!(
        "  floor (uniforms, normals, one exp per shock): {:.1} ns per path-step",
        1e9 / r.floor_path_steps_per_s
    );
    println!("normal sampler builds (uniforms and normals of a path-step):");
    for t in &r.breakdown.samplers {
        println!(
            "  {:<12} {:>12.1} ns{}",
            t.name,
            t.ns_per_path_step,
            if t.dispatched { "  (the engine's)" } else { "" }
        );
    }
    if let Some(st) = &r.study {
        println!(
            "design points ({} × {} paths, varying {}; one thread): {:.3} s against {:.3} s as one point: {:+.1} % per point",
            st.points,
            bench::study::PATHS_PER_POINT,
            st.factors.join(" and "),
            st.points_s,
            st.reference_s,
            st.overhead() * 100.0
        );
    }
    if !r.scaling.is_empty() {
        println!("thread scaling (best of {} runs each):", a.repeat.max(1));
        println!(
            "  {:>7} {:>9} {:>16} {:>8} {:>10}",
            "threads", "paths", "path-steps/s", "speedup", "efficiency"
        );
        for (p, e) in r
            .scaling
            .iter()
            .zip(bench::scaling::efficiencies(&r.scaling))
        {
            println!(
                "  {:>7} {:>9} {:>16.4e} {:>8.2} {:>10.3}",
                p.threads,
                p.paths,
                p.path_steps_per_s,
                e * p.threads as f64,
                e
            );
        }
    }
    if let Some(p) = &a.json {
        let bytes = serde_json::to_vec_pretty(&r.metrics())?;
        crate::output::atomic::write_file(p, &bytes)
            .with_context(|| format!("writing {}", p.display()))?;
    }
    if let Some(min) = a.min_floor_efficiency {
        let fe = r.floor_efficiency();
        if fe < min {
            eprintln!("floor_efficiency {fe:.3} is below the threshold {min}");
            return Ok(ExitCode::from(1));
        }
        println!("floor_efficiency {fe:.3} ≥ threshold {min}: ok");
    }
    Ok(ExitCode::SUCCESS)
}
