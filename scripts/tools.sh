# Shared by run.sh and test.sh: installs whatever this machine is missing, once.
# Sourced, not executed.

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the `wasm-bindgen` pin in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else say "need root to run: $*"; return 1
    fi
}

apt_install() {
    say "installing $* with apt"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The tools' own release profiles ask for fat LTO in one codegen unit, which makes a cold
# install several times slower on two cores; a normal optimised build is plenty for them.
fast_install() {
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

ensure_rust_tools() {
    command -v cargo >/dev/null || { say "cargo not found: install Rust with rustup first"; exit 1; }
    if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
    # cargo-leptos downloads wasm-bindgen when it is not on PATH; installing it ourselves
    # keeps builds offline-safe and the CLI in step with the crate.
    if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
        say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
        fast_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
    fi
    if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then
        say "installing cargo-leptos $CARGO_LEPTOS_VERSION"
        fast_install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --force
    fi
}

# npm packages: the e2e runner, and binaryen's wasm-opt for release builds (Debian's older
# wasm-opt produces bundles that fail to hydrate).
ensure_node_packages() {
    command -v npm >/dev/null || apt_install nodejs npm
    if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
        say "installing npm packages"
        (cd "$ROOT/end2end" && npm ci --no-audit --no-fund)
    fi
    export PATH="$ROOT/end2end/node_modules/.bin:$PATH"
}

ensure_chromium() {
    command -v chromium >/dev/null || apt_install chromium
}

# Starts a throwaway PostgreSQL on a free port, owned by this run and stopped when it ends,
# unless PAGOS_TEST_POSTGRES_URL already names one.
start_test_postgres() {
    if [ -n "${PAGOS_TEST_POSTGRES_URL:-}" ]; then
        say "using PostgreSQL at PAGOS_TEST_POSTGRES_URL"
        return
    fi
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        apt_install postgresql
    fi
    local bin port
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    port="$(free_port)"
    PG_DIR="$(mktemp -d /tmp/pagos-test-pg.XXXXXX)"
    local run=()
    if [ "$(id -u)" -eq 0 ]; then
        # PostgreSQL refuses to run as root.
        chown postgres "$PG_DIR"
        run=(runuser -u postgres --)
    fi
    say "starting PostgreSQL on 127.0.0.1:$port"
    "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
    "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" \
        start >/dev/null
    PG_STOP=("${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop)
    export PAGOS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

stop_test_postgres() {
    if [ -n "${PG_DIR:-}" ]; then
        "${PG_STOP[@]}" >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}

free_port() {
    local port
    while :; do
        port=$(( 20000 + RANDOM % 30000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}
