//! A set of partial results checked to be one job, covered exactly once, then joined: what
//! `softpower merge` and `run --checkpoint` turn into the job's statistics.

use super::partial::{read, Header, PartialFile, Piece};
use crate::engine::reduce::Merge;
use crate::engine::run::CHUNK_PATHS;
use crate::engine::shard::{join, shard_range};
use crate::engine::QuantileSets;
use crate::results::ENGINE_VERSION;
use serde::de::DeserializeOwned;
use std::path::PathBuf;

/// A joined job.
#[derive(Debug)]
pub struct Joined<A> {
    /// The first partial's header (the job's description).
    pub header: Header,
    /// The job's statistics, sealed (`None`: no paths).
    pub acc: Option<A>,
    /// Sum of the pieces' simulation times, seconds.
    pub elapsed_s: f64,
    /// Most threads of a piece.
    pub threads: usize,
    /// Number of pieces.
    pub pieces: usize,
}

/// The chunk range a piece of a job of `chunks` chunks must cover.
pub fn piece_range(piece: Piece, chunks: u64) -> (u64, u64) {
    match piece {
        Piece::Shard { index, count } => shard_range(chunks, index, count),
        Piece::Block { index, chunks: b } => {
            let lo = index.saturating_mul(b).min(chunks);
            (lo, lo.saturating_add(b).min(chunks))
        }
    }
}

fn paths_of(chunks: (u64, u64), paths: u64) -> String {
    let lo = chunks.0 * CHUNK_PATHS;
    let hi = (chunks.1 * CHUNK_PATHS).min(paths);
    format!("paths {lo}..{hi}")
}

/// The pieces that would cover the chunks `[lo, hi)` missing from a job cut like `like`.
fn missing(like: Piece, chunks: u64, gap: (u64, u64)) -> Vec<String> {
    match like {
        Piece::Shard { count, .. } => (0..count)
            .filter(|&i| {
                let (a, b) = shard_range(chunks, i, count);
                a < b && a < gap.1 && gap.0 < b
            })
            .map(|index| Piece::Shard { index, count }.to_string())
            .collect(),
        Piece::Block { chunks: b, .. } => (gap.0 / b.max(1)..gap.1.div_ceil(b.max(1)))
            .map(|index| Piece::Block { index, chunks: b }.to_string())
            .collect(),
    }
}

/// Read `files`, check that they are the pieces of one job of this softpower, covering its
/// paths exactly once, and join them (in any order). The error names the file and the problem.
pub fn gather<A: QuantileSets + DeserializeOwned>(files: &[PathBuf]) -> Result<Joined<A>, String> {
    let mut parts: Vec<(PathBuf, PartialFile<A>)> = Vec::with_capacity(files.len());
    for f in files {
        let p = read::<A>(f).map_err(|e| format!("{}: {e}", f.display()))?;
        parts.push((f.clone(), p));
    }
    check_one_job(&parts)?;
    let (first, head) = (parts[0].0.clone(), parts[0].1.header.clone());
    let first = &first;
    let chunks = head.chunks;
    for (f, p) in &parts {
        let want = piece_range(p.header.piece, chunks);
        if p.header.range != want {
            return Err(format!(
                "{}: {} covers chunks {:?}, where {} of this job covers {want:?}",
                f.display(),
                p.header.piece,
                p.header.range,
                p.header.piece
            ));
        }
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| (parts[i].1.header.range, i));
    let mut next = 0u64;
    let mut last: Option<usize> = None;
    for &i in &order {
        let (f, p) = (&parts[i].0, &parts[i].1.header);
        let (lo, hi) = p.range;
        if lo == hi {
            continue;
        }
        if lo > next {
            let names = missing(p.piece, chunks, (next, lo));
            return Err(format!(
                "{} missing ({}): give every piece of the job",
                names.join(", "),
                paths_of((next, lo), head.paths)
            ));
        }
        if lo < next {
            let other = last.map_or(first, |j| &parts[j].0);
            return Err(format!(
                "{} and {} overlap ({}): give each piece once",
                other.display(),
                f.display(),
                paths_of((lo, next.min(hi)), head.paths)
            ));
        }
        next = hi;
        last = Some(i);
    }
    if next < chunks {
        let names = missing(head.piece, chunks, (next, chunks));
        return Err(format!(
            "{} missing ({}): give every piece of the job",
            names.join(", "),
            paths_of((next, chunks), head.paths)
        ));
    }
    let elapsed_s = parts.iter().map(|(_, p)| p.header.elapsed_s).sum();
    let threads = parts
        .iter()
        .map(|(_, p)| p.header.threads)
        .max()
        .unwrap_or(1);
    let pieces = parts.len();
    let acc = join(
        parts
            .into_iter()
            .map(|(_, p)| (p.partial, p.states))
            .collect(),
    )
    .map_err(|e| format!("{}: {e}", first.display()))?;
    Ok(Joined {
        header: head,
        acc,
        elapsed_s,
        threads,
        pieces,
    })
}

/// Every partial of this softpower, of one kind, seed and job.
fn check_one_job<A: Merge>(parts: &[(PathBuf, PartialFile<A>)]) -> Result<(), String> {
    let Some((f0, p0)) = parts.first() else {
        return Err("no partial results given".into());
    };
    let h0 = &p0.header;
    for (f, p) in parts {
        let h = &p.header;
        if h.engine_version != ENGINE_VERSION {
            return Err(format!(
                "{}: written by softpower {}; this is softpower {ENGINE_VERSION}, whose results \
                 could differ: merge it with the version that wrote it",
                f.display(),
                h.engine_version
            ));
        }
        if h.kind != h0.kind {
            return Err(format!(
                "{} is a piece of a `{}` and {} of a `{}`: not one job",
                f0.display(),
                h0.kind.command(),
                f.display(),
                h.kind.command()
            ));
        }
        if h.seed != h0.seed {
            return Err(format!(
                "{} has seed {} and {} seed {}: not one job",
                f0.display(),
                h0.seed,
                f.display(),
                h.seed
            ));
        }
        if h.job != h0.job || h.paths != h0.paths || h.chunks != h0.chunks {
            return Err(format!(
                "{} and {} are pieces of different jobs (the scenario, its overrides or the \
                 number of paths differ)",
                f0.display(),
                f.display()
            ));
        }
    }
    Ok(())
}
