//! The Monte Carlo engine: chunks of paths, per-path random streams, deterministic parallel reduction.
