//! `[seek]`: goal seek, the smallest (or with `decreasing`, the largest) value of one factor in
//! `[min, max]` at which a target's probability reaches `probability`. `softpower seek` fills
//! it from its flags; a file may hold one too.

use super::study::{check_factor_box, Factor, Spread};
use super::types::{Target, Uncertain};
use crate::input::{declared, hint_or_list, key_names, kp, show, with_key, Ctx, Key, Kind, Range};
use crate::limits::MAX_PATHS;
use crate::model::ModelSpec;

/// `[seek]` keys.
pub const SEEK_KEYS: &[Key] = &[
    Key::new(
        "factor",
        Kind::ParamPath,
        "The factor searched: a dotted parameter path",
    )
    .required(),
    Key::new("min", Kind::Number(Range::ANY), "Low end of the search").required(),
    Key::new("max", Kind::Number(Range::ANY), "High end of the search").required(),
    Key::new(
        "target",
        Kind::Text,
        "Name of the [[target]] whose probability is sought",
    )
    .required(),
    Key::new(
        "probability",
        Kind::Number(Range::left_open(0.0, 1.0)),
        "The probability to reach",
    )
    .required(),
    Key::new(
        "decreasing",
        Kind::Bool,
        "Seek the largest value keeping the probability at least `probability` (default false)",
    ),
    Key::new(
        "paths",
        Kind::Integer(1, MAX_PATHS),
        "Paths of every evaluation (default the scenario's)",
    ),
];

/// A validated `[seek]` section.
#[derive(Debug, Clone, PartialEq)]
pub struct SeekDef {
    /// The factor searched, uniform over `[min, max]`.
    pub factor: Factor,
    /// Index of the target.
    pub target: usize,
    /// The probability to reach, in (0, 1].
    pub probability: f64,
    /// Seek the largest value keeping the probability at least `probability` (it falls as the
    /// factor grows), instead of the smallest reaching it.
    pub decreasing: bool,
    /// Paths of every evaluation (the same in each).
    pub paths: u64,
}

/// Validates `[seek]` if present.
pub(crate) fn seek(
    c: &mut Ctx,
    doc: &toml::Table,
    spec: &dyn ModelSpec,
    uncertainty: &[Uncertain],
    targets: &[Target],
    paths: u64,
) -> Option<SeekDef> {
    let s = c.opt_table(doc, &[], "seek")?;
    let p = kp(&["seek"]);
    let before = c.issues().len();
    c.known_keys(s, &key_names(SEEK_KEYS), &p, "[seek]");
    let num = |c: &mut Ctx, name: &str| c.num(s, &p, name, declared(SEEK_KEYS, name).range());
    let path = c.text(s, &p, "factor");
    let min = num(c, "min");
    let max = num(c, "max");
    let target = c.text(s, &p, "target");
    let probability = num(c, "probability");
    let decreasing = c.boolean_or(s, &p, "decreasing", false);
    let paths = c
        .int_or(
            s,
            &p,
            "paths",
            declared(SEEK_KEYS, "paths").ints(),
            paths as i64,
        )
        .map(|x| x as u64);
    let target = target.and_then(|name| {
        let i = targets.iter().position(|t| t.name == name);
        if i.is_none() {
            c.issue(
                with_key(&p, "target"),
                format!(
                    "unknown target `{name}`{}",
                    hint_or_list(&name, targets.iter().map(|t| t.name.as_str()))
                ),
            );
        }
        i
    });
    let factor = path.and_then(|path| {
        let param = match spec.resolve(&path) {
            Ok(i) => i,
            Err(msg) => {
                c.issue(
                    with_key(&p, "factor"),
                    format!("unknown factor `{path}`: {msg}"),
                );
                return None;
            }
        };
        let (min, max) = (min?, max?);
        if min >= max {
            c.issue(
                with_key(&p, "max"),
                format!(
                    "`min` must be below `max`, got min = {}, max = {}",
                    show(min),
                    show(max)
                ),
            );
            return None;
        }
        let info = &spec.info().params[param];
        if !info.range.covers(min, max) {
            c.issue(
                with_key(&p, "min"),
                format!(
                    "factor `{path}` ranges over [{}, {}], but `{path}` {}",
                    show(min),
                    show(max),
                    info.range.describe()
                ),
            );
            return None;
        }
        Some(Factor {
            path,
            param,
            spread: Spread::Uniform { min, max },
            base: info.value,
        })
    });
    if let Some(f) = &factor {
        check_factor_box(c, spec, uncertainty, std::slice::from_ref(f), "seek");
    }
    let (factor, target, probability, decreasing, paths) =
        (factor?, target?, probability?, decreasing?, paths?);
    (c.issues().len() == before).then_some(SeekDef {
        factor,
        target,
        probability,
        decreasing,
        paths,
    })
}
