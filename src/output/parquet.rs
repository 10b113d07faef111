//! A streaming Parquet table of named INT64 and DOUBLE columns, written one row group at a time
//! (for `paths.parquet`, and the one-row-per-experiment tables of studies).
//!
//! The file holds nothing that depends on when or where it was written: the same rows in the same
//! row groups give the same bytes (the footer's `created_by` names the parquet crate's version,
//! a constant of the build). Columns are flat and `REQUIRED`; their names may hold any characters
//! (`.`, `@`, `:`, spaces, parentheses): the schema is built with parquet's type builder, never
//! parsed from text. Values are stored plain (no dictionary) in version 1 data pages, compressed
//! with Snappy; pandas, polars, DuckDB and R's arrow read such files directly. Each column chunk
//! carries min/max statistics; the crate declares DOUBLE columns in the IEEE 754 total order,
//! which readers that predate that order (pyarrow 26, for one) ignore: their filters on a
//! DOUBLE column then read every row group, with the same result.
//!
//! ```
//! use softpower::output::parquet::{Column, TableWriter, Values};
//! let columns = vec![Column::int64("experiment"), Column::double("y@2030:mean")];
//! let mut t = TableWriter::new(Vec::new(), columns).unwrap();
//! t.write_row_group(&[Values::Int64(&[0, 1]), Values::Double(&[0.5, 1.5])]).unwrap();
//! t.write_row_group(&[Values::Int64(&[2]), Values::Double(&[2.5])]).unwrap();
//! let bytes: Vec<u8> = t.finish().unwrap();
//! assert_eq!(&bytes[..4], b"PAR1");
//! ```

use ::parquet::basic::{Compression, Repetition, Type as PhysicalType};
use ::parquet::data_type::{DoubleType, Int64Type};
use ::parquet::file::properties::WriterProperties;
use ::parquet::file::writer::SerializedFileWriter;
use ::parquet::schema::types::Type;
use anyhow::{bail, Context};
use std::io::Write;
use std::sync::Arc;

/// The physical type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// 64-bit signed integers (`INT64`).
    Int64,
    /// 64-bit floating point (`DOUBLE`).
    Double,
}

/// One column of a table's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its name, as readers show it.
    pub name: String,
    /// Its type.
    pub kind: ColumnKind,
}

impl Column {
    /// An `INT64` column.
    pub fn int64(name: impl Into<String>) -> Self {
        Column {
            name: name.into(),
            kind: ColumnKind::Int64,
        }
    }

    /// A `DOUBLE` column.
    pub fn double(name: impl Into<String>) -> Self {
        Column {
            name: name.into(),
            kind: ColumnKind::Double,
        }
    }
}

/// The values of one column in one row group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Values<'a> {
    /// For an [`ColumnKind::Int64`] column.
    Int64(&'a [i64]),
    /// For a [`ColumnKind::Double`] column.
    Double(&'a [f64]),
}

impl Values<'_> {
    fn len(&self) -> usize {
        match self {
            Values::Int64(v) => v.len(),
            Values::Double(v) => v.len(),
        }
    }

    fn kind(&self) -> ColumnKind {
        match self {
            Values::Int64(_) => ColumnKind::Int64,
            Values::Double(_) => ColumnKind::Double,
        }
    }
}

/// A Parquet file being written to `W`: create it with its schema, add row groups in order,
/// then [`TableWriter::finish`] it (a file never finished has no footer and is unreadable).
pub struct TableWriter<W: Write + Send> {
    inner: SerializedFileWriter<W>,
    columns: Vec<Column>,
    rows: u64,
}

impl<W: Write + Send> std::fmt::Debug for TableWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableWriter")
            .field("columns", &self.columns)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

/// The writer settings every table uses.
fn properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_dictionary_enabled(false)
        .build()
}

impl<W: Write + Send> TableWriter<W> {
    /// Start a table with these columns (at least one, names distinct and non-empty), writing
    /// its header to `sink`.
    pub fn new(sink: W, columns: Vec<Column>) -> anyhow::Result<Self> {
        if columns.is_empty() {
            bail!("a Parquet table needs at least one column");
        }
        let mut fields = Vec::with_capacity(columns.len());
        for (i, c) in columns.iter().enumerate() {
            if c.name.is_empty() {
                bail!("column {i} of a Parquet table has no name");
            }
            if columns[..i].iter().any(|o| o.name == c.name) {
                bail!("two columns of a Parquet table are named `{}`", c.name);
            }
            let physical = match c.kind {
                ColumnKind::Int64 => PhysicalType::INT64,
                ColumnKind::Double => PhysicalType::DOUBLE,
            };
            let field = Type::primitive_type_builder(&c.name, physical)
                .with_repetition(Repetition::REQUIRED)
                .build()
                .with_context(|| format!("column `{}`", c.name))?;
            fields.push(Arc::new(field));
        }
        let schema = Type::group_type_builder("schema")
            .with_fields(fields)
            .build()?;
        let inner = SerializedFileWriter::new(sink, Arc::new(schema), Arc::new(properties()))?;
        Ok(TableWriter {
            inner,
            columns,
            rows: 0,
        })
    }

    /// The schema.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Write one row group: `values[j]` holds column `j`'s values, all of one length and of the
    /// column's kind. An empty group (no rows) is skipped.
    pub fn write_row_group(&mut self, values: &[Values<'_>]) -> anyhow::Result<()> {
        if values.len() != self.columns.len() {
            bail!(
                "a row group of {} columns for a table of {}",
                values.len(),
                self.columns.len()
            );
        }
        let rows = values[0].len();
        for (c, v) in self.columns.iter().zip(values) {
            if v.kind() != c.kind {
                bail!(
                    "column `{}` is {:?}, got {:?} values",
                    c.name,
                    c.kind,
                    v.kind()
                );
            }
            if v.len() != rows {
                bail!(
                    "column `{}` has {} values in a row group of {rows} rows",
                    c.name,
                    v.len()
                );
            }
        }
        if rows == 0 {
            return Ok(());
        }
        let mut group = self.inner.next_row_group()?;
        for v in values {
            let mut col = group
                .next_column()?
                .context("the row group ended before its last column")?;
            match v {
                Values::Int64(x) => col.typed::<Int64Type>().write_batch(x, None, None)?,
                Values::Double(x) => col.typed::<DoubleType>().write_batch(x, None, None)?,
            };
            col.close()?;
        }
        group.close()?;
        self.rows += rows as u64;
        Ok(())
    }

    /// Write the footer and hand back the sink (flushed).
    pub fn finish(self) -> anyhow::Result<W> {
        let mut sink = self.inner.into_inner()?;
        sink.flush()?;
        Ok(sink)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ::parquet::file::reader::{FileReader, SerializedFileReader};
    use ::parquet::record::Field;

    /// Every row of a Parquet file, as (column name, field) lists.
    pub(crate) fn read_rows(bytes: Vec<u8>) -> Vec<Vec<(String, Field)>> {
        reader(bytes)
            .get_row_iter(None)
            .unwrap()
            .map(|row| row.unwrap().into_columns())
            .collect()
    }

    /// A reader of these bytes (through a temporary file).
    pub(crate) fn reader(bytes: Vec<u8>) -> SerializedFileReader<std::fs::File> {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(&bytes).unwrap();
        SerializedFileReader::new(f).unwrap()
    }

    fn table(groups: &[(&[i64], &[f64])]) -> Vec<u8> {
        let columns = vec![
            Column::int64("path"),
            Column::double("P(services trade surplus in 2030):lo"),
        ];
        let mut t = TableWriter::new(Vec::new(), columns).unwrap();
        for (a, b) in groups {
            t.write_row_group(&[Values::Int64(a), Values::Double(b)])
                .unwrap();
        }
        t.finish().unwrap()
    }

    #[test]
    fn rows_come_back_in_order_under_their_names() {
        let bytes = table(&[(&[0, 1], &[0.5, -1.0]), (&[], &[]), (&[2], &[1e300])]);
        assert_eq!(
            reader(bytes.clone()).metadata().num_row_groups(),
            2,
            "the empty group is skipped"
        );
        let rows = read_rows(bytes);
        assert_eq!(rows.len(), 3);
        let name = "P(services trade surplus in 2030):lo";
        assert_eq!(rows[2][0], ("path".to_string(), Field::Long(2)));
        assert_eq!(rows[1][1], (name.to_string(), Field::Double(-1.0)));
        assert_eq!(rows[2][1].1, Field::Double(1e300));
    }

    #[test]
    fn the_same_rows_give_the_same_bytes() {
        let g: &[(&[i64], &[f64])] = &[(&[0, 1, 2], &[0.1, 0.2, 0.3])];
        assert_eq!(table(g), table(g));
    }

    #[test]
    fn bad_schemas_and_groups_are_refused() {
        assert!(TableWriter::new(Vec::new(), vec![]).is_err());
        let dup = vec![Column::double("a.b"), Column::double("a.b")];
        assert!(TableWriter::new(Vec::new(), dup).is_err());
        let mut t =
            TableWriter::new(Vec::new(), vec![Column::int64("i"), Column::double("x")]).unwrap();
        assert!(t.write_row_group(&[Values::Int64(&[1])]).is_err());
        assert!(t
            .write_row_group(&[Values::Double(&[1.0]), Values::Double(&[1.0])])
            .is_err());
        assert!(t
            .write_row_group(&[Values::Int64(&[1, 2]), Values::Double(&[1.0])])
            .is_err());
        assert_eq!(t.rows(), 0);
    }
}
