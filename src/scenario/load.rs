//! Loading: read a file (or text), follow `extends`, merge, validate; every problem is reported
//! with its file, line, column and field.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{ScenarioError, ScenarioErrors, EMBEDDED_BASELINE};
use super::merge::merge;
use super::overrides::{apply, Override};
use super::parse::{parse_file, ParsedFile};
use super::types::Scenario;
use super::validate::validate;
use crate::input::{display_path, Issue, SpanMap};
use crate::model::Registry;

/// The canonical baseline scenario, embedded in the binary.
pub const BASELINE_TOML: &str = include_str!("../../scenarios/baseline.toml");

pub use crate::limits::{MAX_EXTENDS_DEPTH, MAX_FILE_BYTES};

/// Reads a scenario file: a regular file (not a device, FIFO or directory, which could block or
/// never end) of at most [`MAX_FILE_BYTES`].
fn read_text(path: &Path, shown: &str) -> Result<String, ScenarioError> {
    let io = |error: std::io::Error| ScenarioError::Io {
        file: shown.to_string(),
        error,
    };
    let meta = fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(io(std::io::Error::other(
            "not a regular file (a directory, device or FIFO is never read)",
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(io(std::io::Error::other(format!(
            "{} bytes: a scenario file may have at most {MAX_FILE_BYTES} bytes",
            meta.len()
        ))));
    }
    use std::io::Read;
    let mut text = String::new();
    fs::File::open(path)
        .map_err(io)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(io)?;
    Ok(text)
}

/// The embedded baseline, validated.
pub fn baseline() -> Scenario {
    load_str(BASELINE_TOML, EMBEDDED_BASELINE, None)
        .unwrap_or_else(|e| panic!("the embedded baseline scenario is invalid:\n{e}"))
}

/// Reads, merges (`extends`, relative to the file) and validates a scenario file with the
/// built-in models. `Scenario::source_file` is set to `path`.
pub fn load_file(path: &Path) -> Result<Scenario, ScenarioErrors> {
    Loader::new().load_file(path)
}

/// Validates scenario text with the built-in models. `origin` names it in messages (e.g.
/// [`EMBEDDED_BASELINE`]); `extends` is resolved in `base_dir` (an error when `None`).
/// `Scenario::source_file` is `None`.
pub fn load_str(
    text: &str,
    origin: &str,
    base_dir: Option<&Path>,
) -> Result<Scenario, ScenarioErrors> {
    Loader::new().load_str(text, origin, base_dir)
}

/// Loads scenarios with a set of models and overrides (`--set`), applied to the merged raw file
/// before validation.
#[derive(Debug, Clone, Default)]
pub struct Loader {
    registry: Registry,
    overrides: Vec<Override>,
    sections: Vec<&'static str>,
}

impl Loader {
    /// The built-in models, no overrides.
    pub fn new() -> Self {
        Loader::default()
    }

    /// Use these models.
    pub fn with_registry(mut self, registry: Registry) -> Self {
        self.registry = registry;
        self
    }

    /// Apply these overrides, in order, to every scenario loaded.
    pub fn with_overrides(mut self, overrides: Vec<Override>) -> Self {
        self.overrides = overrides;
        self
    }

    /// Treat a file without section `name` (e.g. `sensitivity`) as if it had an empty one, so that
    /// a command that needs the section validates it with its defaults.
    pub fn with_section(mut self, name: &'static str) -> Self {
        self.sections.push(name);
        self
    }

    /// The models this loader knows.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// See [`load_file`].
    pub fn load_file(&self, path: &Path) -> Result<Scenario, ScenarioErrors> {
        let file = path.display().to_string();
        let text = read_text(path, &file)?;
        let identity = fs::canonicalize(path).ok();
        self.load(
            text,
            file,
            path.parent().map(Path::to_path_buf),
            identity,
            Some(path.to_path_buf()),
        )
    }

    /// See [`load_str`].
    pub fn load_str(
        &self,
        text: &str,
        origin: &str,
        base_dir: Option<&Path>,
    ) -> Result<Scenario, ScenarioErrors> {
        self.load(
            text.to_string(),
            origin.to_string(),
            base_dir.map(Path::to_path_buf),
            None,
            None,
        )
    }

    fn load(
        &self,
        text: String,
        file: String,
        dir: Option<PathBuf>,
        identity: Option<PathBuf>,
        source_file: Option<PathBuf>,
    ) -> Result<Scenario, ScenarioErrors> {
        let docs = read_chain(text, file.clone(), dir, identity).map_err(ScenarioErrors::new)?;
        let mut from_root = docs.into_iter().rev();
        let root = from_root.next().expect("at least the file itself");
        let (mut table, mut spans) = (root.table, root.spans);
        for d in from_root {
            merge(&mut table, &mut spans, d.table, d.spans);
        }
        if let Some(toml::Value::Table(s)) = table.get_mut("scenario") {
            s.remove("extends");
        }
        for name in &self.sections {
            table
                .entry(name.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        }
        let mut errors = Vec::new();
        for o in &self.overrides {
            if let Err(message) = apply(&mut table, &mut spans, o) {
                errors.push(ScenarioError::Invalid {
                    file: o.origin(),
                    line: None,
                    col: None,
                    field: o.key.join("."),
                    message,
                });
            }
        }
        if !errors.is_empty() {
            return Err(ScenarioErrors::new(errors));
        }
        let shown = table.clone();
        let (mut s, warnings) = validate(table, &self.registry, source_file)
            .map_err(|issues| to_errors(issues, &spans, &shown, &file))?;
        if !warnings.is_empty() {
            let rendered = to_errors(warnings, &spans, &shown, &file);
            s.warnings = rendered.errors().iter().map(|e| e.to_string()).collect();
        }
        Ok(s)
    }
}

/// Parses the chain child first; returns the files (child first) or every problem found.
fn read_chain(
    mut text: String,
    mut file: String,
    mut dir: Option<PathBuf>,
    mut identity: Option<PathBuf>,
) -> Result<Vec<ParsedFile>, Vec<ScenarioError>> {
    let mut errors = Vec::new();
    let mut docs: Vec<ParsedFile> = Vec::new();
    let mut chain: Vec<(String, Option<PathBuf>)> = Vec::new();
    loop {
        let mut parsed = match parse_file(&text, &file) {
            Ok(p) => p,
            Err(e) => {
                errors.push(e);
                break;
            }
        };
        errors.append(&mut parsed.errors);
        let extends = parsed.extends.clone();
        docs.push(parsed);
        chain.push((file.clone(), identity.clone()));
        let Some((parent, loc)) = extends else { break };
        let Some(d) = dir.as_ref() else {
            errors.push(ScenarioError::MissingParent {
                file: loc.file,
                line: loc.line,
                col: loc.col,
                parent,
                resolved: None,
            });
            break;
        };
        let p = d.join(&parent);
        let shown = p.display().to_string();
        let canonical = match fs::canonicalize(&p) {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                errors.push(ScenarioError::MissingParent {
                    file: loc.file,
                    line: loc.line,
                    col: loc.col,
                    parent,
                    resolved: Some(p),
                });
                break;
            }
            Err(error) => {
                errors.push(ScenarioError::Io { file: shown, error });
                break;
            }
        };
        if chain.iter().any(|(_, id)| id.as_ref() == Some(&canonical)) {
            let mut names: Vec<String> = chain.iter().map(|(f, _)| f.clone()).collect();
            names.push(shown);
            errors.push(ScenarioError::ExtendsCycle {
                file: loc.file,
                line: loc.line,
                col: loc.col,
                chain: names,
            });
            break;
        }
        if docs.len() >= MAX_EXTENDS_DEPTH {
            errors.push(ScenarioError::Invalid {
                file: loc.file,
                line: Some(loc.line),
                col: Some(loc.col),
                field: "scenario.extends".into(),
                message: format!("`extends` chain longer than {MAX_EXTENDS_DEPTH} files"),
            });
            break;
        }
        text = match read_text(&p, &shown) {
            Ok(t) => t,
            Err(e) => {
                errors.push(e);
                break;
            }
        };
        file = shown;
        dir = p.parent().map(Path::to_path_buf);
        identity = Some(canonical);
    }
    if errors.is_empty() {
        Ok(docs)
    } else {
        Err(errors)
    }
}

fn to_errors(
    issues: Vec<Issue>,
    spans: &SpanMap,
    table: &toml::Table,
    file: &str,
) -> ScenarioErrors {
    let errors = issues
        .into_iter()
        .map(|i| {
            let loc = if i.at_key {
                spans.find_key(&i.path)
            } else {
                spans.find(&i.path)
            };
            // Values set by `--set` have no line.
            let pos = loc.filter(|l| l.line > 0);
            ScenarioError::Invalid {
                file: loc.map_or_else(|| file.to_string(), |l| l.file.clone()),
                line: pos.map(|l| l.line),
                col: pos.map(|l| l.col),
                field: display_path(&i.path, table),
                message: i.message,
            }
        })
        .collect();
    ScenarioErrors::new(errors)
}
