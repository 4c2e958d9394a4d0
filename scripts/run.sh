#!/usr/bin/env bash
# Builds and serves Pagos on http://127.0.0.1:3000 with its embedded SQLite database
# (data/pagos.db). Installs what the machine is missing first. The first visit asks to
# create the administrator account.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

ensure_rust_tools
ensure_node_packages

say "building and serving Pagos (release); open http://${PAGOS_ADDR:-127.0.0.1:3000}"
exec cargo leptos serve --release --split
