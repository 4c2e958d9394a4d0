#!/usr/bin/env bash
# The reliability tests that take minutes, with the real `pagos` binary: `kill -9` in the middle
# of billing and delivery, four servers racing on one PostgreSQL, and a minute of load on
# 1 000 000 orders. Their figures are the ones
# in RELIABILITY.md. The README's test command runs them too.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

if [ -z "${PAGOS_TEST_POSTGRES_URL:-}" ]; then
    start_test_postgres
    trap stop_test_postgres EXIT
fi
say "reliability tests (real pagos processes, SQLite and PostgreSQL)"
# One at a time: each runs several servers and measures them.
cargo test -p server --test reliability -- --test-threads=1 --nocapture
