//! Scenario errors: every problem names the file, the line and column where known, the field and what is wrong.

use std::fmt;
use std::path::PathBuf;

/// How the embedded baseline is named in messages.
pub const EMBEDDED_BASELINE: &str = "<embedded baseline>";

/// One problem found while reading a scenario.
///
/// Display shows `file:line:col: field `path`: message` (the line and column are left out where no
/// position is known, e.g. for a required field that no file sets).
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// A file could not be read.
    #[error("{file}: cannot read file: {}", io_reason(error))]
    Io {
        /// The path as given (or as resolved from `extends`).
        file: String,
        /// The underlying error.
        error: std::io::Error,
    },
    /// The text is not valid TOML.
    #[error("{file}:{line}:{col}: TOML syntax error: {message}")]
    Syntax {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (characters).
        col: usize,
        /// What the parser says.
        message: String,
    },
    /// A field is missing, unknown, of the wrong type or out of range.
    #[error("{}field `{}`: {}", at(file, *line, *col), clean(field), clean(message))]
    Invalid {
        /// File name.
        file: String,
        /// 1-based line, where known.
        line: Option<usize>,
        /// 1-based column, where known.
        col: Option<usize>,
        /// Dotted field path, e.g. `market.north_america.piracy` or `[[market]] #3 .piracy`.
        field: String,
        /// What is wrong (with a "did you mean" hint where one is close).
        message: String,
    },
    /// `extends` leads back to a file already in the chain.
    #[error("{file}:{line}:{col}: field `scenario.extends`: extends cycle: {}", chain.join(" -> "))]
    ExtendsCycle {
        /// File whose `extends` closes the cycle.
        file: String,
        /// 1-based line of that `extends`.
        line: usize,
        /// 1-based column of that `extends`.
        col: usize,
        /// The files in order, the first repeated at the end.
        chain: Vec<String>,
    },
    /// The file named by `extends` does not exist (or the text has no directory to resolve it in).
    #[error(
        "{file}:{line}:{col}: field `scenario.extends`: parent scenario `{parent}` not found{}",
        looked(resolved)
    )]
    MissingParent {
        /// File containing the `extends`.
        file: String,
        /// 1-based line of the `extends` value.
        line: usize,
        /// 1-based column of the `extends` value.
        col: usize,
        /// The value of `extends` as written.
        parent: String,
        /// Where it was looked for (`None` when the text has no base directory).
        resolved: Option<PathBuf>,
    },
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "file not found".to_string(),
        _ => e.to_string(),
    }
}

/// User text as shown in a message: control characters (a newline that could forge a
/// `file:line:col` line, an ANSI escape) written as escapes.
pub(crate) fn clean(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn at(file: &str, line: Option<usize>, col: Option<usize>) -> String {
    let file = clean(file);
    match (line, col) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}: "),
        (Some(l), None) => format!("{file}:{l}: "),
        _ => format!("{file}: "),
    }
}

fn looked(p: &Option<PathBuf>) -> String {
    match p {
        Some(p) => format!(" (looked for `{}`)", p.display()),
        None => " (in-memory scenario text has no directory to resolve `extends` in)".to_string(),
    }
}

impl ScenarioError {
    /// The file the problem is in.
    pub fn file(&self) -> &str {
        match self {
            ScenarioError::Io { file, .. }
            | ScenarioError::Syntax { file, .. }
            | ScenarioError::Invalid { file, .. }
            | ScenarioError::ExtendsCycle { file, .. }
            | ScenarioError::MissingParent { file, .. } => file,
        }
    }

    /// 1-based line, where known.
    pub fn line(&self) -> Option<usize> {
        match self {
            ScenarioError::Io { .. } => None,
            ScenarioError::Invalid { line, .. } => *line,
            ScenarioError::Syntax { line, .. }
            | ScenarioError::ExtendsCycle { line, .. }
            | ScenarioError::MissingParent { line, .. } => Some(*line),
        }
    }

    /// 1-based column, where known.
    pub fn col(&self) -> Option<usize> {
        match self {
            ScenarioError::Io { .. } => None,
            ScenarioError::Invalid { col, .. } => *col,
            ScenarioError::Syntax { col, .. }
            | ScenarioError::ExtendsCycle { col, .. }
            | ScenarioError::MissingParent { col, .. } => Some(*col),
        }
    }

    /// The dotted field path, where the problem concerns one field.
    pub fn field(&self) -> Option<&str> {
        match self {
            ScenarioError::Invalid { field, .. } => Some(field),
            ScenarioError::ExtendsCycle { .. } | ScenarioError::MissingParent { .. } => {
                Some("scenario.extends")
            }
            _ => None,
        }
    }
}

/// Every problem found in a scenario (at least one), in file and line order.
#[derive(Debug)]
pub struct ScenarioErrors(Vec<ScenarioError>);

impl ScenarioErrors {
    /// Wrap a non-empty list, sorting it by file, line and column (errors without a line last in
    /// their file, in the order found).
    pub(crate) fn new(mut errors: Vec<ScenarioError>) -> Self {
        debug_assert!(!errors.is_empty());
        errors.sort_by(|a, b| {
            let key = |e: &ScenarioError| (e.line().is_none(), e.line(), e.col());
            a.file().cmp(b.file()).then(key(a).cmp(&key(b)))
        });
        ScenarioErrors(errors)
    }

    /// The first problem (by file and line).
    pub fn first(&self) -> &ScenarioError {
        &self.0[0]
    }

    /// All problems.
    pub fn errors(&self) -> &[ScenarioError] {
        &self.0
    }

    /// Number of problems (≥ 1).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: there is at least one problem.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// All problems, by value.
    pub fn into_vec(self) -> Vec<ScenarioError> {
        self.0
    }
}

impl From<ScenarioError> for ScenarioErrors {
    fn from(e: ScenarioError) -> Self {
        ScenarioErrors(vec![e])
    }
}

impl fmt::Display for ScenarioErrors {
    /// One problem per line; a count first when there are several.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() > 1 {
            writeln!(f, "{} problems in scenario:", self.0.len())?;
        }
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}

/// 1-based line and column (in characters) of a byte offset into `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut off = offset;
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_with_and_without_position() {
        let e = ScenarioError::Invalid {
            file: "scenarios/bad.toml".into(),
            line: Some(12),
            col: Some(11),
            field: "market.north_america.piracy".into(),
            message: "must be in [0, 1], got 1.5".into(),
        };
        assert_eq!(
            e.to_string(),
            "scenarios/bad.toml:12:11: field `market.north_america.piracy`: must be in [0, 1], got 1.5"
        );
        let e = ScenarioError::Invalid {
            file: "a.toml".into(),
            line: None,
            col: None,
            field: "response".into(),
            message: "required section missing".into(),
        };
        assert_eq!(
            e.to_string(),
            "a.toml: field `response`: required section missing"
        );
        let e = ScenarioError::Io {
            file: "nope.toml".into(),
            error: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        assert_eq!(e.to_string(), "nope.toml: cannot read file: file not found");
    }

    #[test]
    fn line_col_counts_characters() {
        let t = "a = 1\nbé = 2\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        let off = t.find('2').unwrap();
        assert_eq!(line_col(t, off), (2, 6));
    }

    #[test]
    fn errors_sorted_and_counted() {
        let mk = |line| ScenarioError::Invalid {
            file: "f".into(),
            line,
            col: Some(1),
            field: "x".into(),
            message: "m".into(),
        };
        let errs = ScenarioErrors::new(vec![mk(None), mk(Some(9)), mk(Some(2))]);
        assert_eq!(errs.first().line(), Some(2));
        assert_eq!(errs.len(), 3);
        assert!(errs
            .to_string()
            .starts_with("3 problems in scenario:\nf:2:1: "));
    }
}
