//! The toolkit every part of a scenario is validated with, generic and model alike: key paths
//! and positions, problems by field, typed readers over TOML tables, value ranges and
//! "did you mean" hints, and the declarations of the keys every table takes.

mod ctx;
mod decl;
mod locate;
mod range;
mod suggest;

pub use ctx::{describe_value, Ctx, Issue};
pub use decl::{declared, key_names, FieldDecl, Key, Kind, OtherKeys, TableDecl};
pub use locate::{display_path, kp, with_index, with_key, KeyPath, Loc, Seg, SpanMap};
pub use range::{show, Range};
pub use suggest::{closest, hint, hint_or_list};
