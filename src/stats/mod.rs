//! Statistics accumulators that merge exactly, so parallel reduction needs no locks.
