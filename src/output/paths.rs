//! `paths.parquet`: one row per path (`path`, each `[uncertainty]` parameter's drawn value, the
//! chosen outcomes), streamed from a run in row groups of a fixed number of rows, so its bytes
//! depend on the scenario alone, never on the thread count (docs/outputs.md gives the schema).

use super::parquet::{Column, TableWriter, Values};
use crate::engine::{PathRows, CHUNK_PATHS};
use anyhow::bail;
use std::io::Write;

/// The file's name in the output directory.
pub const PATHS_FILE: &str = "paths.parquet";

/// Most rows of a row group.
pub const MAX_GROUP_ROWS: usize = 64 * CHUNK_PATHS as usize;
/// Bytes of values a row group holds at most, beyond one chunk of rows (wide rows give smaller
/// groups).
pub const GROUP_BYTES: usize = 16 << 20;

/// Rows per row group for rows of `columns` columns: [`MAX_GROUP_ROWS`], or fewer (a multiple of
/// a chunk) to stay within [`GROUP_BYTES`].
pub fn group_rows(columns: usize) -> usize {
    let chunk = CHUNK_PATHS as usize;
    let fit = GROUP_BYTES / (8 * columns.max(1)) / chunk * chunk;
    fit.clamp(chunk, MAX_GROUP_ROWS)
}

/// The `paths.parquet` being written: rows come in path order from the run and go out in row
/// groups of [`group_rows`] rows (the last one shorter).
#[derive(Debug)]
pub struct PathsWriter<W: Write + Send> {
    table: TableWriter<W>,
    group: usize,
    next_path: u64,
    paths: Vec<i64>,
    values: Vec<Vec<f64>>,
}

impl<W: Write + Send> PathsWriter<W> {
    /// Start the file on `sink` with the `path` column and `names` (the row's columns in order:
    /// parameters, then outcomes).
    pub fn new(sink: W, names: &[String]) -> anyhow::Result<Self> {
        let mut columns = vec![Column::int64("path")];
        columns.extend(names.iter().map(Column::double));
        let group = group_rows(columns.len());
        Ok(PathsWriter {
            table: TableWriter::new(sink, columns)?,
            group,
            next_path: 0,
            paths: Vec::with_capacity(group),
            values: (0..names.len())
                .map(|_| Vec::with_capacity(group))
                .collect(),
        })
    }

    /// Add the next rows (they must follow the previous ones), writing every row group that
    /// fills up.
    pub fn push(&mut self, rows: &[PathRows]) -> anyhow::Result<()> {
        for r in rows {
            if r.first_path != self.next_path || r.columns.len() != self.values.len() {
                bail!(
                    "paths.parquet: rows from path {} with {} columns where path {} with {} was due",
                    r.first_path,
                    r.columns.len(),
                    self.next_path,
                    self.values.len()
                );
            }
            let mut at = 0;
            while at < r.len() {
                let take = (self.group - self.paths.len()).min(r.len() - at);
                let first = self.next_path;
                self.paths
                    .extend((first..first + take as u64).map(|p| p as i64));
                for (v, c) in self.values.iter_mut().zip(&r.columns) {
                    v.extend_from_slice(&c[at..at + take]);
                }
                self.next_path += take as u64;
                at += take;
                if self.paths.len() == self.group {
                    self.write_group()?;
                }
            }
        }
        Ok(())
    }

    fn write_group(&mut self) -> anyhow::Result<()> {
        let mut cols = vec![Values::Int64(&self.paths)];
        cols.extend(self.values.iter().map(|v| Values::Double(v)));
        self.table.write_row_group(&cols)?;
        self.paths.clear();
        for v in &mut self.values {
            v.clear();
        }
        Ok(())
    }

    /// Rows taken so far.
    pub fn rows(&self) -> u64 {
        self.next_path
    }

    /// Write the last (short) row group and the footer; hand back the sink.
    pub fn finish(mut self) -> anyhow::Result<W> {
        self.write_group()?;
        self.table.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(first: u64, n: usize) -> PathRows {
        PathRows {
            first_path: first,
            columns: vec![(0..n).map(|i| (first as usize + i) as f64 * 0.5).collect()],
        }
    }

    #[test]
    fn groups_have_a_fixed_size_whatever_the_pieces() {
        assert_eq!(group_rows(20), MAX_GROUP_ROWS);
        assert_eq!(group_rows(1001), 2048);
        assert_eq!(group_rows(100_000), CHUNK_PATHS as usize);
        let write = |cuts: &[u64]| {
            let mut w = PathsWriter::new(Vec::new(), &["x".to_string()]).unwrap();
            let n = 150_000u64;
            let mut at = 0;
            for &c in cuts.iter().chain([&n]) {
                w.push(&[rows(at, (c - at) as usize)]).unwrap();
                at = c;
            }
            assert_eq!(w.rows(), n);
            w.finish().unwrap()
        };
        let a = write(&[1024, 5000, 70_000]);
        assert_eq!(a, write(&[]), "the same bytes however the rows come");
        let meta = super::super::parquet::tests::reader(a);
        use ::parquet::file::reader::FileReader;
        let groups: Vec<i64> = meta
            .metadata()
            .row_groups()
            .iter()
            .map(|g| g.num_rows())
            .collect();
        assert_eq!(groups, [65_536, 65_536, 18_928]);
    }

    #[test]
    fn rows_out_of_order_are_refused() {
        let mut w = PathsWriter::new(Vec::new(), &["x".to_string()]).unwrap();
        w.push(&[rows(0, 10)]).unwrap();
        assert!(w.push(&[rows(11, 10)]).is_err());
        assert!(w.push(&[rows(0, 10)]).is_err());
    }
}
