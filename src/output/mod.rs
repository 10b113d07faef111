//! Output formats: one module per format behind the small [`Output`] trait, written atomically.
//!
//! Every format renders into memory first; only when all of them succeeded are the files written,
//! each to a temporary name and then renamed, so a failed run never leaves half-written output.

pub mod atomic;
pub mod compare_csv;
pub mod compare_json;
pub mod csv;
pub mod human;
pub mod json;
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

/// Render every format, then write all files under `dir` atomically. Returns the paths written.
pub fn write_all<T: ?Sized>(
    dir: &Path,
    summary: &T,
    formats: &[&dyn Output<T>],
) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for f in formats {
        let mut r = f
            .render(summary)
            .map_err(|e| e.context(format!("rendering {}", f.name())))?;
        files.append(&mut r);
    }
    atomic::write_files(dir, &files)
}
