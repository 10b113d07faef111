//! Jobs in pieces: a `run` or `compare` shard written as a partial result, and a run in
//! checkpoint blocks that resumes from the blocks already saved.

use super::common::{self, BadInput};
use super::run::{run_options, summarise};
use super::shard::Shard;
use crate::engine::run::{chunk_count, CHUNK_PATHS, PILOT_CHUNKS};
use crate::engine::shard::{compare_range, run_grids, run_range, shard_range, RangeResult};
use crate::engine::{self, AnyModel, PathSetup, RunOutput, SummaryAcc};
use crate::output::partial::{
    job_hash, read, scenario_records, Header, JobKind, PartialFile, Piece,
};
use crate::output::partial_set::{gather, piece_range};
use crate::results::{Summary, ENGINE_VERSION};
use crate::scenario::Scenario;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Most checkpoint blocks of a run: blocks are `⌈chunks / 32⌉` chunks, at least the pilot and
/// at most 256 chunks (256 Ki paths).
const CHECKPOINT_BLOCKS: u64 = 32;
/// Most chunks of a checkpoint block.
const MAX_BLOCK_CHUNKS: u64 = 256;

/// Chunks per checkpoint block of a job of `chunks` chunks (a function of the job alone, so a
/// resumed run cuts the same blocks).
pub fn block_chunks(chunks: u64) -> u64 {
    chunks
        .div_ceil(CHECKPOINT_BLOCKS)
        .clamp(PILOT_CHUNKS, MAX_BLOCK_CHUNKS)
}

/// Paths in chunks `[lo, hi)` of a job of `paths` paths.
fn paths_in((lo, hi): (u64, u64), paths: u64) -> u64 {
    (hi * CHUNK_PATHS).min(paths) - (lo * CHUNK_PATHS).min(paths)
}

/// The header of a piece of a job of `scenarios` run with `opts`.
fn header(
    kind: JobKind,
    scenarios: &[&Scenario],
    opts: &engine::RunOptions,
    piece: Piece,
    range: (u64, u64),
    elapsed: Duration,
    threads: usize,
) -> anyhow::Result<Header> {
    let records = scenario_records(scenarios)?;
    Ok(Header {
        engine_version: ENGINE_VERSION.into(),
        kind,
        job: job_hash(kind, &records, opts),
        seed: opts.seed,
        paths: opts.paths,
        chunks: chunk_count(opts.paths),
        piece,
        range,
        scenarios: records,
        threads,
        elapsed_s: elapsed.as_secs_f64(),
    })
}

/// Write a piece and say so.
fn save<A: Serialize>(
    header: Header,
    r: RangeResult<A>,
    path: &Path,
    quiet: bool,
) -> anyhow::Result<()> {
    let (piece, range, paths, secs) = (header.piece, header.range, header.paths, header.elapsed_s);
    let file = PartialFile {
        header,
        states: r.states(),
        partial: r.partial,
    };
    let bytes = file.to_bytes()?;
    crate::output::atomic::write_file(path, &bytes)?;
    if !quiet {
        let (lo, hi) = (range.0 * CHUNK_PATHS, (range.1 * CHUNK_PATHS).min(paths));
        println!(
            "{piece}: paths {lo}..{hi} of {paths} in {secs:.2} s, {} bytes to {}",
            bytes.len(),
            path.display()
        );
    }
    Ok(())
}

/// `run --shard I/N --partial PATH`.
pub fn run_shard(
    s: &Scenario,
    threads: usize,
    quiet: bool,
    shard: &Shard,
) -> anyhow::Result<ExitCode> {
    let (model, setup) = (s.build_model(), s.path_setup());
    let opts = run_options(s, threads);
    let range = shard_range(chunk_count(opts.paths), shard.index, shard.count);
    let total = paths_in(range, opts.paths);
    let (r, elapsed, used) = common::with_progress(total, quiet, "paths", |p| {
        run_range(&*model, &setup, &opts, range, None, p)
    })?;
    let piece = Piece::Shard {
        index: shard.index,
        count: shard.count,
    };
    let h = header(JobKind::Run, &[s], &opts, piece, range, elapsed, used)?;
    save(h, r, &shard.partial, quiet)?;
    Ok(ExitCode::SUCCESS)
}

/// `compare --shard I/N --partial PATH`.
pub fn compare_shard(
    scenarios: &[Scenario],
    threads: usize,
    quiet: bool,
    shard: &Shard,
) -> anyhow::Result<ExitCode> {
    let models: Vec<_> = scenarios.iter().map(Scenario::build_model).collect();
    let refs: Vec<&dyn AnyModel> = models.iter().map(|m| &**m).collect();
    let setups: Vec<PathSetup> = scenarios.iter().map(Scenario::path_setup).collect();
    let setup_refs: Vec<&PathSetup> = setups.iter().collect();
    let opts = run_options(&scenarios[0], threads);
    let range = shard_range(chunk_count(opts.paths), shard.index, shard.count);
    let total = paths_in(range, opts.paths);
    let (r, elapsed, used) = common::with_progress(total, quiet, "paths", |p| {
        compare_range(&refs, &setup_refs, &opts, range, p)
    })?;
    let piece = Piece::Shard {
        index: shard.index,
        count: shard.count,
    };
    let all: Vec<&Scenario> = scenarios.iter().collect();
    let h = header(JobKind::Compare, &all, &opts, piece, range, elapsed, used)?;
    save(h, r, &shard.partial, quiet)?;
    Ok(ExitCode::SUCCESS)
}

/// `run --checkpoint DIR`: every block not yet saved in `dir` (for this job), then the job
/// joined from the saved blocks: the same statistics as a run in one piece.
pub fn run_checkpointed(
    s: &Scenario,
    threads: usize,
    quiet: bool,
    dir: &Path,
) -> anyhow::Result<(Summary, SummaryAcc)> {
    let (model, setup) = (s.build_model(), s.path_setup());
    let opts = run_options(s, threads);
    let chunks = chunk_count(opts.paths);
    let block = block_chunks(chunks);
    let blocks = chunks.div_ceil(block);
    let job = job_hash(JobKind::Run, &scenario_records(&[s])?, &opts);
    std::fs::create_dir_all(dir).map_err(|e| {
        BadInput(format!(
            "cannot create checkpoint directory {}: {e}",
            dir.display()
        ))
    })?;
    let mut saved: Vec<Option<PathBuf>> = vec![None; blocks as usize];
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            BadInput(format!(
                "cannot read checkpoint directory {}: {e}",
                dir.display()
            ))
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "part"))
        .collect();
    entries.sort();
    for p in entries {
        match read::<SummaryAcc>(&p) {
            Ok(f) if f.header.job != job => {
                return Err(BadInput(format!(
                    "{} holds a partial result of another job ({}): give this run its own \
                     --checkpoint directory, or remove the old one",
                    dir.display(),
                    p.display()
                ))
                .into());
            }
            Ok(f) => match f.header.piece {
                Piece::Block { index, chunks: c } if c == block && index < blocks => {
                    saved[index as usize] = Some(p);
                }
                other => eprintln!(
                    "warning: {} is {other}, not a block of this run: ignored",
                    p.display()
                ),
            },
            Err(e) => eprintln!(
                "warning: {}: {e}; its block is simulated again",
                p.display()
            ),
        }
    }
    let todo: Vec<u64> = (0..blocks)
        .filter(|&b| saved[b as usize].is_none())
        .collect();
    if !quiet && todo.len() < blocks as usize {
        println!(
            "resuming from {} of {blocks} blocks saved in {}",
            blocks as usize - todo.len(),
            dir.display()
        );
    }
    let ranges: Vec<(u64, u64)> = todo
        .iter()
        .map(|&index| {
            piece_range(
                Piece::Block {
                    index,
                    chunks: block,
                },
                chunks,
            )
        })
        .collect();
    let total: u64 = ranges.iter().map(|&r| paths_in(r, opts.paths)).sum();
    common::with_progress(total, quiet, "paths", |progress| -> anyhow::Result<()> {
        let grids = if ranges.iter().any(|r| r.0 > 0) {
            run_grids(&*model, &setup, &opts)?
        } else {
            None
        };
        let (mut base, mut done) = (0, blocks as usize - todo.len());
        for (&index, &range) in todo.iter().zip(&ranges) {
            let shifted = progress.map(|f| move |d: u64| f(base + d));
            let p = shifted.as_ref().map(|f| f as &(dyn Fn(u64) + Sync));
            let (r, elapsed, used) =
                match run_range(&*model, &setup, &opts, range, grids.clone(), p) {
                    Ok(r) => r,
                    Err(e) => {
                        eprintln!(
                            "stopped: {done} of {blocks} blocks are saved in {}; the same \
                             command resumes from them",
                            dir.display()
                        );
                        return Err(e.into());
                    }
                };
            let piece = Piece::Block {
                index,
                chunks: block,
            };
            let h = header(JobKind::Run, &[s], &opts, piece, range, elapsed, used)?;
            let path = dir.join(format!("block-{index:06}.part"));
            save(h, r, &path, true)?;
            saved[index as usize] = Some(path);
            base += paths_in(range, opts.paths);
            done += 1;
        }
        Ok(())
    })?;
    let files: Vec<PathBuf> = saved.into_iter().flatten().collect();
    let joined = gather::<SummaryAcc>(&files).map_err(BadInput)?;
    let out = RunOutput {
        acc: joined.acc.unwrap_or_else(|| empty_acc(s)),
        elapsed: Duration::from_secs_f64(joined.elapsed_s),
        threads: joined.threads,
    };
    let (mut summary, acc) = summarise(s, out)?;
    summary.pieces = Some(joined.pieces);
    Ok((summary, acc))
}

/// The statistics of no paths.
pub(crate) fn empty_acc(s: &Scenario) -> SummaryAcc {
    SummaryAcc::new(
        s.steps() + 1,
        s.info().outcomes.len(),
        s.path_setup().targets.len(),
        &engine::QuantileMode::Exact,
    )
}

/// A shard writes a partial result, never an output set.
pub fn no_out_for_shards(out_given: bool) -> anyhow::Result<()> {
    if out_given {
        return Err(BadInput(
            "a shard writes its partial result (--partial), not an output directory: --out \
             goes to `softpower merge`"
                .into(),
        )
        .into());
    }
    Ok(())
}

/// A study's design, for its shards.
#[derive(Debug)]
pub struct Study<'a> {
    /// `Explore` or `Sensitivity`.
    pub kind: JobKind,
    /// The factors.
    pub factors: &'a [crate::scenario::Factor],
    /// The design rows, row-major.
    pub values: &'a [f64],
    /// What each row measures.
    pub outputs: &'a [crate::scenario::StudyOutput],
    /// Paths per row.
    pub paths: u64,
}

/// The engine's options of a study of `s` with `paths` paths per row (what its job identity
/// covers).
pub fn study_options(s: &Scenario, paths: u64) -> engine::RunOptions {
    engine::RunOptions {
        paths,
        seed: s.seed(),
        threads: 0,
        alpha: crate::stats::DEFAULT_ALPHA,
        exact_quantiles: false,
    }
}

/// `explore` or `sensitivity` with `--shard I/N --partial PATH`: design rows
/// `[⌊I·rows/N⌋, ⌊(I+1)·rows/N⌋)`.
pub fn study_shard(
    s: &Scenario,
    study: &Study<'_>,
    threads: usize,
    quiet: bool,
    shard: &Shard,
) -> anyhow::Result<ExitCode> {
    let rows = (study.values.len() / study.factors.len().max(1)) as u64;
    let piece = Piece::Rows {
        index: shard.index,
        count: shard.count,
    };
    let range = piece_range(piece, rows);
    let opts = study_options(s, study.paths);
    let span = (range.0 as usize, range.1 as usize);
    let ev = common::with_progress(range.1 - range.0, quiet, "design points", |progress| {
        let by_row = progress.map(|p| move |done: u64| p(done / study.paths.max(1)));
        crate::experiment::evaluate_rows(
            s,
            study.factors,
            study.values,
            span,
            study.outputs,
            study.paths,
            threads,
            by_row.as_ref().map(|f| f as &(dyn Fn(u64) + Sync)),
        )
    })?;
    let elapsed = Duration::from_secs_f64(ev.elapsed_s);
    let mut h = header(study.kind, &[s], &opts, piece, range, elapsed, ev.threads)?;
    h.chunks = rows;
    let bytes = crate::output::partial::encode(&crate::output::partial::StudyPartial {
        header: h,
        piece: ev,
    })?;
    crate::output::atomic::write_file(&shard.partial, &bytes)?;
    if !quiet {
        println!(
            "{piece}: design rows {}..{} of {rows} in {:.2} s, {} bytes to {}",
            range.0,
            range.1,
            elapsed.as_secs_f64(),
            bytes.len(),
            shard.partial.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
