//! Output formats: one module per format behind the small [`Output`] trait, written as one unit.
//!
//! Every format renders into memory first; only when all of them succeeded is the set written,
//! into a fresh directory that then replaces the destination whole ([`dir`]), so a failed or
//! interrupted run never leaves half-written or mixed output. A file too large to hold in memory
//! (`paths.parquet`) is streamed into the new set's directory as the run goes
//! ([`dir::Destination::stage`]), and goes with the set or not at all.

pub mod atomic;
pub mod compare_csv;
pub mod compare_json;
pub mod csv;
pub mod dir;
pub mod explore_files;
pub mod human;
pub mod json;
pub mod parquet;
pub mod partial;
pub mod partial_set;
pub mod paths;
pub mod sensitivity_files;
pub mod visuals;

use crate::results::Summary;
use std::path::{Path, PathBuf};

/// A rendered file: its path relative to the output directory and its bytes.
pub type Rendered = (PathBuf, Vec<u8>);

/// One output format of a result type `T` (a run's [`Summary`] unless said otherwise).
pub trait Output<T: ?Sized = Summary> {
    /// Short name, for messages.
    fn name(&self) -> &'static str;
    /// Render the files of this format.
    fn render(&self, result: &T) -> anyhow::Result<Vec<Rendered>>;
}

/// Render every format, then write the whole set as the new content of `dest`. Returns the
/// paths written.
pub fn write_all<T: ?Sized>(
    dest: &dir::Destination,
    result: &T,
    formats: &[&dyn Output<T>],
) -> anyhow::Result<Vec<PathBuf>> {
    dest.write(&render_all(result, formats)?)
}

/// [`write_all`] into a set already started with files streamed into it: render every format,
/// add them and put the whole set in place.
pub fn write_all_staged<T: ?Sized>(
    staging: dir::Staging,
    result: &T,
    formats: &[&dyn Output<T>],
) -> anyhow::Result<Vec<PathBuf>> {
    staging.commit(&render_all(result, formats)?)
}

/// Render every format into memory (stopping at an interruption).
fn render_all<T: ?Sized>(result: &T, formats: &[&dyn Output<T>]) -> anyhow::Result<Vec<Rendered>> {
    let mut files = Vec::new();
    for f in formats {
        if crate::engine::run::INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed) {
            anyhow::bail!(crate::engine::EngineError::Interrupted);
        }
        let mut r = f
            .render(result)
            .map_err(|e| e.context(format!("rendering {}", f.name())))?;
        files.append(&mut r);
    }
    Ok(files)
}

/// [`write_all`] into `path`, checked first (see [`dir::Destination::check`]).
pub fn write_all_to<T: ?Sized>(
    path: &Path,
    force: bool,
    result: &T,
    formats: &[&dyn Output<T>],
) -> anyhow::Result<Vec<PathBuf>> {
    write_all(&dir::Destination::check(path, force)?, result, formats)
}
