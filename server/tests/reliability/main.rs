//! What must survive crashes, races and load, with the real `pagos` binary on real databases. These
//! take minutes, so they are their own test target, left out of a plain `cargo test`:
//! `./scripts/reliability.sh` runs them (and so does the README's test command). Each prints
//! the figures kept in RELIABILITY.md.

mod crash;
mod harness;
mod load;
mod racing;
