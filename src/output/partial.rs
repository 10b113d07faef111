//! Partial result files (`.part`): one shard's or one checkpoint block's mergeable statistics,
//! self-describing and checked, for `softpower merge` and `run --checkpoint`.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `SPPART\r\n` |
//! | 4 | format version ([`FORMAT_VERSION`]) |
//! | 8 | body length `n` |
//! | n | body: [`Header`], then each set's counts, then the partial's blocks, in postcard (serde) |
//! | 4 | CRC-32 (IEEE) of every byte before it |
//!
//! The header names the job by a SHA-256 of everything that fixes its statistics (the format
//! and engine versions, the kind of job, every resolved scenario, paths, seed, the quantile
//! accuracy, the chunk and pilot sizes): partials merge only with partials of the same job.

use crate::engine::reduce::Partial;
use crate::engine::run::{RunOptions, CHUNK_PATHS, PILOT_CHUNKS};
use crate::results::ENGINE_VERSION;
use crate::scenario::Scenario;
use crate::stats::BinningState;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The file's first bytes.
pub const MAGIC: &[u8; 8] = b"SPPART\r\n";
/// Version of the layout and of the body's types; a reader refuses any other.
pub const FORMAT_VERSION: u32 = 1;
/// Bytes before the body.
const PREFIX: usize = 8 + 4 + 8;
/// The largest partial read (a binned partial holds its grid and counts: a few MiB).
pub const MAX_PARTIAL_BYTES: u64 = 1 << 32;

/// What a job computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobKind {
    /// `softpower run`: one scenario's statistics.
    Run,
    /// `softpower compare`: several scenarios on the same paths, and their differences.
    Compare,
    /// `softpower explore`: the experiments of a design.
    Explore,
    /// `softpower sensitivity`: the design points of a sensitivity study.
    Sensitivity,
}

impl JobKind {
    /// The command that makes it.
    pub fn command(self) -> &'static str {
        match self {
            JobKind::Run => "run",
            JobKind::Compare => "compare",
            JobKind::Explore => "explore",
            JobKind::Sensitivity => "sensitivity",
        }
    }
}

/// How the job was cut: which piece this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Piece {
    /// Shard `index` of `count` (`--shard I/N`).
    Shard {
        /// 0-based.
        index: u64,
        /// Shards of the job.
        count: u64,
    },
    /// Shard `index` of `count` of a study's design rows (`explore` or `sensitivity` with
    /// `--shard I/N`): rows `[⌊index·rows/count⌋, ⌊(index+1)·rows/count⌋)`.
    Rows {
        /// 0-based.
        index: u64,
        /// Shards of the study.
        count: u64,
    },
    /// Checkpoint block `index` of a `--checkpoint` run: chunks `[index·block, (index+1)·block)`.
    Block {
        /// 0-based.
        index: u64,
        /// Chunks per block.
        chunks: u64,
    },
}

impl std::fmt::Display for Piece {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Piece::Shard { index, count } | Piece::Rows { index, count } => {
                write!(f, "shard {index}/{count}")
            }
            Piece::Block { index, .. } => write!(f, "checkpoint block {index}"),
        }
    }
}

/// One scenario of the job, enough to write its results without the scenario file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRecord {
    /// The resolved scenario (after `extends` and overrides), as TOML.
    pub resolved: String,
    /// The file it was read from, as given (`None`: the embedded baseline).
    pub source_file: Option<String>,
}

/// Everything a partial says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// softpower's version that wrote it.
    pub engine_version: String,
    /// What the job computes.
    pub kind: JobKind,
    /// SHA-256 (hex) of what fixes the job's statistics (see the module docs).
    pub job: String,
    /// The job's seed.
    pub seed: u64,
    /// The job's paths.
    pub paths: u64,
    /// The job's chunks (a study's: its design rows).
    pub chunks: u64,
    /// Which piece of the job this is.
    pub piece: Piece,
    /// The chunks (a study's: design rows) it covers, `[lo, hi)`.
    pub range: (u64, u64),
    /// The job's scenarios (the reference first, for a comparison).
    pub scenarios: Vec<ScenarioRecord>,
    /// Threads that simulated it.
    pub threads: usize,
    /// Wall time of its simulation, seconds.
    pub elapsed_s: f64,
}

/// A partial result: its header, each set's counts and the blocks of its range.
#[derive(Debug, Serialize, Deserialize)]
pub struct PartialFile<A> {
    /// What it is.
    pub header: Header,
    /// Per set of quantile cells, the counts of its binned accumulators (`None`: exact).
    pub states: Vec<Option<BinningState>>,
    /// The statistics of the range.
    pub partial: Partial<A>,
}

/// The records of a job's scenarios.
pub fn scenario_records(scenarios: &[&Scenario]) -> anyhow::Result<Vec<ScenarioRecord>> {
    scenarios
        .iter()
        .map(|s| {
            Ok(ScenarioRecord {
                resolved: toml::to_string(s.resolved())?,
                source_file: s.source_file().map(|p| p.display().to_string()),
            })
        })
        .collect()
}

/// The job's SHA-256, hex: of the format and engine versions, `kind`, the resolved scenarios
/// and what of `opts` fixes the statistics (not the threads).
pub fn job_hash(kind: JobKind, records: &[ScenarioRecord], opts: &RunOptions) -> String {
    #[derive(Serialize)]
    struct Identity<'a> {
        format: u32,
        engine: &'a str,
        kind: JobKind,
        scenarios: Vec<&'a str>,
        paths: u64,
        seed: u64,
        alpha: u64,
        exact: bool,
        chunk_paths: u64,
        pilot_chunks: u64,
    }
    let id = Identity {
        format: FORMAT_VERSION,
        engine: ENGINE_VERSION,
        kind,
        scenarios: records.iter().map(|r| r.resolved.as_str()).collect(),
        paths: opts.paths,
        seed: opts.seed,
        alpha: opts.alpha.to_bits(),
        exact: opts.exact_quantiles,
        chunk_paths: CHUNK_PATHS,
        pilot_chunks: PILOT_CHUNKS,
    };
    let bytes = postcard::to_stdvec(&id).expect("plain data serialises");
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A shard of a study: its header and its design rows evaluated.
#[derive(Debug, Serialize, Deserialize)]
pub struct StudyPartial {
    /// What it is.
    pub header: Header,
    /// The rows.
    pub piece: crate::experiment::EvalPiece,
}

/// A partial's bytes: the layout of the module docs around `body` (whose first field must be
/// its [`Header`]).
pub fn encode<T: Serialize>(body: &T) -> anyhow::Result<Vec<u8>> {
    let body = postcard::to_stdvec(body)?;
    let mut out = Vec::with_capacity(PREFIX + body.len() + 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&body);
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    Ok(out)
}

impl<A: Serialize> PartialFile<A> {
    /// The file's bytes.
    pub fn to_bytes(&self) -> anyhow::Result<Vec<u8>> {
        encode(self)
    }

    /// Write it to `path` atomically (a reader never sees half a file).
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        super::atomic::write_file(path, &self.to_bytes()?)
    }
}

/// Why a file is not a usable partial (the caller adds its name).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// It could not be read.
    #[error("cannot read it: {0}")]
    Io(#[from] std::io::Error),
    /// It is not a partial result.
    #[error("not a softpower partial result (no `SPPART` signature)")]
    NotPartial,
    /// Another layout version.
    #[error("partial format version {0}; this softpower ({ENGINE_VERSION}) reads version {FORMAT_VERSION}")]
    Version(u32),
    /// Shorter than its header says.
    #[error("truncated: {got} bytes where the header announces {want}")]
    Truncated {
        /// Bytes present.
        got: u64,
        /// Bytes announced.
        want: u64,
    },
    /// The checksum does not match.
    #[error("corrupt: its CRC-32 checksum does not match its contents")]
    Checksum,
    /// The body does not decode.
    #[error("corrupt: {0}")]
    Body(String),
}

/// Read a partial's bytes: signature, version, length, checksum, and the body decoded.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ReadError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(ReadError::NotPartial);
    }
    if bytes.len() < PREFIX {
        return Err(ReadError::Truncated {
            got: bytes.len() as u64,
            want: PREFIX as u64 + 4,
        });
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
    if version != FORMAT_VERSION {
        return Err(ReadError::Version(version));
    }
    let n = u64::from_le_bytes(bytes[12..20].try_into().expect("8 bytes"));
    let want = (PREFIX as u64).saturating_add(n).saturating_add(4);
    if bytes.len() as u64 != want {
        if (bytes.len() as u64) < want {
            return Err(ReadError::Truncated {
                got: bytes.len() as u64,
                want,
            });
        }
        return Err(ReadError::Body(format!(
            "{} bytes where the header announces {want}",
            bytes.len()
        )));
    }
    let (data, crc) = bytes.split_at(bytes.len() - 4);
    if crc32fast::hash(data) != u32::from_le_bytes(crc.try_into().expect("4 bytes")) {
        return Err(ReadError::Checksum);
    }
    postcard::from_bytes(&data[PREFIX..]).map_err(|e| ReadError::Body(e.to_string()))
}

/// Read and check a partial's bytes ([`decode`]), and its blocks.
pub fn from_bytes<A: DeserializeOwned + crate::engine::reduce::Merge>(
    bytes: &[u8],
) -> Result<PartialFile<A>, ReadError> {
    let file: PartialFile<A> = decode(bytes)?;
    file.partial.check().map_err(ReadError::Body)?;
    if let Some(covered) = file.partial.range().filter(|&r| r != file.header.range) {
        return Err(ReadError::Body(format!(
            "its blocks cover chunks {covered:?}, its header says {:?}",
            file.header.range
        )));
    }
    Ok(file)
}

/// The bytes of the file at `path` (at most [`MAX_PARTIAL_BYTES`]).
fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_PARTIAL_BYTES)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Read and check the partial at `path` (see [`from_bytes`]).
pub fn read<A: DeserializeOwned + crate::engine::reduce::Merge>(
    path: &Path,
) -> Result<PartialFile<A>, ReadError> {
    from_bytes(&read_bytes(path)?)
}

/// Read and check the study shard at `path`: its rows are those its header says.
pub fn read_study(path: &Path) -> Result<StudyPartial, ReadError> {
    let p: StudyPartial = decode(&read_bytes(path)?)?;
    let (lo, hi) = p.piece.rows;
    if (lo as u64, hi as u64) != p.header.range || hi < lo {
        return Err(ReadError::Body(format!(
            "its rows are {:?}, its header says {:?}",
            p.piece.rows, p.header.range
        )));
    }
    Ok(p)
}

/// The job's kind as the header of the partial at `path` says (to pick the type to read it as).
pub fn peek_kind(path: &Path) -> Result<JobKind, ReadError> {
    use std::io::Read;
    let mut prefix = vec![0u8; PREFIX + 64];
    let mut f = std::fs::File::open(path)?;
    let mut got = 0;
    while got < prefix.len() {
        match f.read(&mut prefix[got..])? {
            0 => break,
            n => got += n,
        }
    }
    prefix.truncate(got);
    if got < MAGIC.len() || &prefix[..MAGIC.len()] != MAGIC {
        return Err(ReadError::NotPartial);
    }
    if got < PREFIX {
        return Err(ReadError::Truncated {
            got: got as u64,
            want: PREFIX as u64 + 4,
        });
    }
    let version = u32::from_le_bytes(prefix[8..12].try_into().expect("4 bytes"));
    if version != FORMAT_VERSION {
        return Err(ReadError::Version(version));
    }
    // The header's first fields: the engine version (a string), then the kind.
    let (_, rest): (String, &[u8]) =
        postcard::take_from_bytes(&prefix[PREFIX..]).map_err(|e| ReadError::Body(e.to_string()))?;
    let (kind, _): (JobKind, &[u8]) =
        postcard::take_from_bytes(rest).map_err(|e| ReadError::Body(e.to_string()))?;
    Ok(kind)
}
