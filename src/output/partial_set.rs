//! A set of partial results checked to be one job, covered exactly once, then joined: what
//! `softpower merge` and `run --checkpoint` turn into the job's statistics.

use super::partial::{read, read_study, Header, PartialFile, Piece, StudyPartial};
use crate::engine::run::CHUNK_PATHS;
use crate::engine::shard::{join, shard_range};
use crate::engine::QuantileSets;
use crate::experiment::EvalPiece;
use crate::results::ENGINE_VERSION;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

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
        Piece::Rows { index, count } => {
            let cut =
                |i: u64| (u128::from(i) * u128::from(chunks) / u128::from(count.max(1))) as u64;
            (cut(index).min(chunks), cut(index + 1).min(chunks))
        }
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
        Piece::Shard { count, .. } | Piece::Rows { count, .. } => (0..count)
            .map(|index| match like {
                Piece::Rows { .. } => Piece::Rows { index, count },
                _ => Piece::Shard { index, count },
            })
            .filter(|&p| {
                let (a, b) = piece_range(p, chunks);
                a < b && a < gap.1 && gap.0 < b
            })
            .map(|p| p.to_string())
            .collect(),
        Piece::Block { chunks: b, .. } => (gap.0 / b.max(1)..gap.1.div_ceil(b.max(1)))
            .map(|index| Piece::Block { index, chunks: b }.to_string())
            .collect(),
    }
}

/// Read `files`, check that they are the pieces of one job of this softpower, covering its
/// paths exactly once, and join them (in any order). The error names the file and the problem.
pub fn gather<A: QuantileSets + DeserializeOwned>(files: &[PathBuf]) -> Result<Joined<A>, String> {
    let parts = read_checked(files, |f| read::<A>(f), |p: &PartialFile<A>| &p.header)?;
    let (first, head) = (parts[0].0.clone(), parts[0].1.header.clone());
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

/// Read the shards of a study (`explore` or `sensitivity`) and check them as [`gather`] does:
/// the first header and the pieces, in any order (join them with
/// [`crate::experiment::eval::assemble`]).
pub fn gather_study(files: &[PathBuf]) -> Result<(Header, Vec<EvalPiece>), String> {
    let parts = read_checked(files, read_study, |p: &StudyPartial| &p.header)?;
    let head = parts[0].1.header.clone();
    Ok((head, parts.into_iter().map(|(_, p)| p.piece).collect()))
}

/// Read every file with `read`, then check that their headers are one job, covered once.
fn read_checked<T>(
    files: &[PathBuf],
    read: impl Fn(&Path) -> Result<T, super::partial::ReadError>,
    header: impl Fn(&T) -> &Header,
) -> Result<Vec<(PathBuf, T)>, String> {
    let mut parts = Vec::with_capacity(files.len());
    for f in files {
        let p = read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        parts.push((f.clone(), p));
    }
    let heads: Vec<(&Path, &Header)> = parts
        .iter()
        .map(|(f, p)| (f.as_path(), header(p)))
        .collect();
    check_one_job(&heads)?;
    check_cover(&heads)?;
    Ok(parts)
}

/// Each piece covers what its place in the job says, and together they cover the job once.
fn check_cover(parts: &[(&Path, &Header)]) -> Result<(), String> {
    let (first, head) = parts[0];
    let chunks = head.chunks;
    for (f, h) in parts {
        let want = piece_range(h.piece, chunks);
        if h.range != want {
            return Err(format!(
                "{}: {} covers {:?}, where {} of this job covers {want:?}",
                f.display(),
                h.piece,
                h.range,
                h.piece
            ));
        }
    }
    let unit = |r: (u64, u64)| match head.piece {
        Piece::Rows { .. } => format!("design rows {}..{}", r.0, r.1),
        _ => paths_of(r, head.paths),
    };
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| (parts[i].1.range, i));
    let mut next = 0u64;
    let mut last: Option<usize> = None;
    for &i in &order {
        let (f, h) = parts[i];
        let (lo, hi) = h.range;
        if lo == hi {
            continue;
        }
        if lo > next {
            let names = missing(h.piece, chunks, (next, lo));
            return Err(format!(
                "{} missing ({}): give every piece of the job",
                names.join(", "),
                unit((next, lo))
            ));
        }
        if lo < next {
            let other = last.map_or(first, |j| parts[j].0);
            return Err(format!(
                "{} and {} overlap ({}): give each piece once",
                other.display(),
                f.display(),
                unit((lo, next.min(hi)))
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
            unit((next, chunks))
        ));
    }
    Ok(())
}

/// Every partial of this softpower, of one kind, seed and job.
fn check_one_job(parts: &[(&Path, &Header)]) -> Result<(), String> {
    let Some(&(f0, h0)) = parts.first() else {
        return Err("no partial results given".into());
    };
    for &(f, h) in parts {
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
