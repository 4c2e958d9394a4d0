#!/usr/bin/env bash
# The benchmark suite: builds the release bundle, starts a throwaway PostgreSQL, then prints
# one table (SQLite and PostgreSQL, each figure beside its baseline and budget). Takes about
# ten minutes on two cores once built. The table is also written to target/bench-table.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

ensure_rust_tools
ensure_node_packages
start_test_postgres
trap stop_test_postgres EXIT

say "release build of the browser bundle and the server"
cargo leptos build --release --split

say "benchmarks (release)"
cargo bench -p server --bench suite | tee target/bench-table.md
