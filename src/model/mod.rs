//! Models the engine can run: the [`Model`] trait and the built-in `cultural-export` model.

pub mod outcomes;
