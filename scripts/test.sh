#!/usr/bin/env bash
# Runs every test: unit and integration tests on SQLite and PostgreSQL (debug build), then
# the end-to-end suite in Chromium against the release build. Installs what the machine is
# missing first (Rust tools, npm packages, Chromium, PostgreSQL).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

started=$SECONDS
ensure_rust_tools
ensure_node_packages
ensure_chromium
start_test_postgres
trap stop_test_postgres EXIT

if [ -n "${CI:-}" ]; then
    # A clean clone builds everything once: incremental caches would only take disk.
    export CARGO_INCREMENTAL=0
fi

say "unit and integration tests (SQLite and PostgreSQL)"
# Not --workspace: that would also enable the browser-only `hydrate` feature in the server.
cargo test -p app -p server

# Crashes and racing servers: a few minutes, on the PostgreSQL started above.
./scripts/reliability.sh

if [ -n "${CI:-}" ]; then
    # The release build shares nothing with the debug one; free its disk before starting.
    rm -rf target/debug
fi

say "release build for the end-to-end tests"
# --split: every section but "Pagos" is its own slice of the bundle (README, Development).
cargo leptos build --release --split

say "end-to-end tests in Chromium"
export PAGOS_E2E_PORT="$(free_port)"
(cd end2end && npx playwright test)

say "all tests passed in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
