//! The keys of a scenario file, declared once: name, what each holds, unit and doc. Validators
//! check unknown keys against these declarations and read ranges from them; `softpower schema`
//! turns the same declarations into a JSON Schema (`crate::scenario::schema`).

use super::range::Range;

/// One declared numeric field of a parameter table: the single source of its key, range, unit
/// and documentation (see [`crate::param_table`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldDecl {
    /// Key in the scenario file.
    pub name: &'static str,
    /// Values allowed.
    pub range: Range,
    /// Unit (empty when dimensionless).
    pub unit: &'static str,
    /// One-line documentation.
    pub doc: &'static str,
    /// Whether `[uncertainty]` may draw it.
    pub drawable: bool,
}

/// What the value of a key holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A finite number in this range (an integer is accepted).
    Number(Range),
    /// A number strictly between 0 and 1 (a quantile level, a confidence).
    OpenUnit,
    /// An integer in `[lo, hi]`.
    Integer(i64, i64),
    /// `true` or `false`.
    Bool,
    /// A string.
    Text,
    /// A string matching this regular expression (a name that names a file or a column).
    Name(&'static str),
    /// One of these strings.
    Choice(&'static [&'static str]),
    /// The name of a registered model.
    Model,
    /// The dotted path of a drawable parameter of the scenario's model.
    ParamPath,
    /// An array of at least `min` and at most `max` items of one kind.
    Array {
        /// Kind of every item.
        items: &'static Kind,
        /// Fewest items.
        min: usize,
        /// Most items.
        max: usize,
    },
    /// A table of these keys.
    Table(&'static TableDecl),
    /// An array of tables of these keys, at most `max` of them; an array replaces an inherited
    /// one whole, so its tables' required keys are required in every file.
    Tables(&'static TableDecl, usize),
    /// A table keyed by dotted parameter path, each value of this kind.
    ByParam(&'static Kind),
    /// A number in this range, or a schedule of such numbers by year (`{ 2019 = 0, 2022 = 3 }`).
    Schedule(Range),
    /// An `[uncertainty]` distribution table (`{ dist = "uniform", min = 0, max = 1 }`).
    Dist,
}

/// One declared key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Key {
    /// The key.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// One-line documentation.
    pub doc: &'static str,
    /// Unit (empty when none).
    pub unit: &'static str,
    /// Whether the table it is in needs it (checked by the validator on the merged file; the
    /// schema requires it only where a table is never merged, in an array of tables).
    pub required: bool,
}

impl Key {
    /// An optional key without unit.
    pub const fn new(name: &'static str, kind: Kind, doc: &'static str) -> Key {
        Key {
            name,
            kind,
            doc,
            unit: "",
            required: false,
        }
    }

    /// The same, with a unit.
    pub const fn unit(self, unit: &'static str) -> Key {
        Key { unit, ..self }
    }

    /// The same, required.
    pub const fn required(self) -> Key {
        Key {
            required: true,
            ..self
        }
    }

    /// The bounds of an integer key. Panics if it is not [`Kind::Integer`] (a declaration bug).
    pub fn ints(&self) -> (i64, i64) {
        match self.kind {
            Kind::Integer(lo, hi) => (lo, hi),
            k => panic!("key `{}` is declared {k:?}, not an integer", self.name),
        }
    }

    /// The range of a number key. Panics if it is not [`Kind::Number`] (a declaration bug).
    pub fn range(&self) -> Range {
        match self.kind {
            Kind::Number(r) => r,
            k => panic!("key `{}` is declared {k:?}, not a number", self.name),
        }
    }
}

/// Keys a table may have besides its declared ones, e.g. `x1`, `x2`, ... or sector names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OtherKeys {
    /// Regular expression every such key matches (anchored).
    pub pattern: &'static str,
    /// What the keys are, for docs (e.g. "a sector name").
    pub what: &'static str,
    /// What their values hold.
    pub kind: Kind,
    /// Unit of their values (empty when none).
    pub unit: &'static str,
    /// Their documentation.
    pub doc: &'static str,
    /// Whether a numeric one is a parameter `[uncertainty]` may draw.
    pub drawable: bool,
}

/// The keys of one table: its declared keys, its numeric parameters and any other keys.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableDecl {
    /// Declared keys.
    pub keys: &'static [Key],
    /// Numeric parameters (each required).
    pub fields: &'static [FieldDecl],
    /// Keys beyond these, if the table takes any.
    pub other: Option<OtherKeys>,
}

impl TableDecl {
    /// A table of these keys only.
    pub const fn of(keys: &'static [Key]) -> TableDecl {
        TableDecl {
            keys,
            fields: &[],
            other: None,
        }
    }

    /// A table of these numeric parameters only.
    pub const fn fields(fields: &'static [FieldDecl]) -> TableDecl {
        TableDecl {
            keys: &[],
            fields,
            other: None,
        }
    }

    /// Every declared key and parameter name, in order (what the unknown-key check accepts,
    /// besides any [`OtherKeys`]).
    pub fn names(&self) -> Vec<&'static str> {
        key_names(self.keys)
            .into_iter()
            .chain(self.fields.iter().map(|f| f.name))
            .collect()
    }
}

/// The names of `keys`, in order.
pub fn key_names(keys: &[Key]) -> Vec<&'static str> {
    keys.iter().map(|k| k.name).collect()
}

/// The declaration of `name` in `keys`. Panics if there is none (a declaration bug: every key
/// a validator reads is declared).
pub fn declared<'a>(keys: &'a [Key], name: &str) -> &'a Key {
    keys.iter()
        .find(|k| k.name == name)
        .unwrap_or_else(|| panic!("key `{name}` is not declared"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[Key] = &[
        Key::new("years", Kind::Integer(1, 200), "horizon").unit("years"),
        Key::new("rate", Kind::Number(Range::UNIT), "a rate").required(),
    ];

    #[test]
    fn reads_declarations() {
        assert_eq!(declared(KEYS, "years").ints(), (1, 200));
        assert_eq!(declared(KEYS, "years").unit, "years");
        assert!(!declared(KEYS, "years").required && declared(KEYS, "rate").required);
        assert_eq!(declared(KEYS, "rate").range(), Range::UNIT);
        assert_eq!(key_names(KEYS), ["years", "rate"]);
        const F: &[FieldDecl] = &[FieldDecl {
            name: "x",
            range: Range::ANY,
            unit: "",
            doc: "x",
            drawable: true,
        }];
        let t = TableDecl {
            keys: KEYS,
            fields: F,
            other: None,
        };
        assert_eq!(t.names(), ["years", "rate", "x"]);
    }

    #[test]
    #[should_panic(expected = "not declared")]
    fn undeclared_key_panics() {
        declared(KEYS, "nope");
    }
}
