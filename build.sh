#!/usr/bin/env bash
# The project's two commands (and two helpers):
#   ./build.sh          installs what is missing, then builds dist/ (the page, the widget)
#   ./build.sh test     builds, then runs every test: Rust (native + wasm in node), lint, and the
#                       end-to-end tests in headless Chromium on file://…/dist
#   ./build.sh serve    builds, then serves dist/ on http://127.0.0.1:8000 for a look
#   ./build.sh bench    builds, then runs the benchmarks (bench/README.md)
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

CRATE=ltv
TARGET=wasm32-unknown-unknown
# The wasm-bindgen CLI must be exactly the crate's version: read it from Cargo.lock.
WBG=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

step() { printf '\n== %s\n' "$*"; }

# Some sandboxes have no /dev/null device: the first `>/dev/null` makes it a regular file, build
# scripts' probes (proc-macro2's) write their rustc errors into it, and the next cargo's target
# probe (`rustc -`, stdin from /dev/null) compiles that text and fails (CI, 2026-12-07). Empty such
# a file before each cargo.
cargo() {
  if [ -f /dev/null ]; then truncate -s 0 /dev/null 2>/dev/null || true; fi
  command cargo "$@"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

setup_build_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
    step "rustup target add $TARGET"
    rustup target add "$TARGET"
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG" ]; then
    step "cargo install wasm-bindgen-cli $WBG (about 2 minutes, once)"
    # Not --locked: its lockfile pins a webpki-roots release the registry here does not have.
    cargo install wasm-bindgen-cli --version "$WBG"
  fi
  # npm ci again only when the lockfile's content changed (not its date: a checkout or a git
  # worktree touches it, and npm ci empties node_modules first).
  local lock
  lock=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -x node_modules/.bin/wasm-opt ] || [ "$(cat node_modules/.ltv-lock 2>/dev/null)" != "$lock" ]; then
    step "npm ci (binaryen's wasm-opt, esbuild, playwright-core)"
    npm ci --no-audit --no-fund
    echo "$lock" > node_modules/.ltv-lock
  fi
}

setup_browser() {
  # A Japanese font only so that the test screenshots are readable (the page ships no fonts).
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
    || ! fc-list 2>/dev/null | grep -qi 'ipagothic\|noto sans cjk'; then
    step "apt-get install chromium chromium-driver fonts-ipafont-gothic (for the browser tests)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      chromium chromium-driver fonts-ipafont-gothic >/dev/null
  fi
}

# PyPI packages in a venv of their own (never committed), pinned; made again when the pins change.
# python_venv DIR WHAT PINS…
python_venv() {
  local venv=$1 what=$2
  shift 2
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.ltv-pins" 2>/dev/null)" != "$*" ]; then
    step "python venv for $what ($*)"
    rm -rf "$venv"
    if ! python3 -m venv "$venv" 2>/dev/null; then
      # Debian's python3 has no ensurepip until python3-venv is installed.
      rm -rf "$venv"
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install -q --disable-pip-version-check "$@"
    echo "$*" > "$venv/.ltv-pins"
  fi
}

# The LTV pack's SQL check (tools/sql/check.py): duckdb runs the DuckDB version on the fixtures,
# dbt-duckdb the dbt package, sqlglot parses the BigQuery and Snowflake ones. dbt-core 1.10: 2.x
# downloads a parser from GitHub while it installs.
setup_sql_tools() {
  python_venv tools/sql/.venv "the pack's SQL check" duckdb==2.0.1 sqlglot==30.31.0 dbt-core==1.10.23 dbt-duckdb==1.9.6
}

# Zopfli writes the gzip the page carries (wasm, sample, messages, CSS, worker) 5 % smaller than
# zlib's best: ~36 KB of the page's 1 MB budget, for ~10 s of build.
ZOPFLI_VENV=build/.venv
setup_zopfli() {
  python_venv "$ZOPFLI_VENV" "zopfli (the page's gzip)" zopfli==0.4.3
}

build() {
  setup_build_tools
  step "cargo build (release, $TARGET)"
  cargo build --locked --release --target "$TARGET"
  rm -rf build/wasm && mkdir -p build/wasm
  step "wasm-bindgen $WBG (--target no-modules: classic scripts work from file://)"
  wasm-bindgen --target no-modules --no-modules-global LtvWasm --no-typescript \
    --out-dir build/wasm "target/$TARGET/release/$CRATE.wasm"
  step "wasm-opt -O3 (npm binaryen; never Debian's, which corrupts the externref table)"
  node_modules/.bin/wasm-opt -O3 "build/wasm/${CRATE}_bg.wasm" -o "build/wasm/${CRATE}_bg.wasm"
  step "sample data and dist/ (gzip by zopfli)"
  setup_zopfli
  node tools/gen-orders.mjs --customers 800 --format sample --out build/sample.csv
  rm -rf dist
  node tools/build-www.mjs "build/wasm/$CRATE.js" "build/wasm/${CRATE}_bg.wasm" build/sample.csv dist \
    --zopfli "$ZOPFLI_VENV/bin/python"
}

run_tests() {
  setup_browser
  step "rustfmt"
  cargo fmt --check
  step "the core stays pure: no wasm-bindgen, js-sys or web-sys outside src/wasm.rs"
  if grep -rnE 'wasm_bindgen|js_sys|web_sys' src --exclude=wasm.rs; then exit 1; fi
  step "one direction of dependencies: the layers documented in src/lib.rs"
  node tools/check-layers.mjs
  step "clippy (host and wasm32)"
  cargo clippy --locked --all-targets -- -D warnings
  cargo clippy --locked --target "$TARGET" --all-targets -- -D warnings
  step "rustdoc: the crate's documentation builds without a warning (no broken intra-doc links)"
  RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked
  step "Rust tests (native)"
  cargo test --locked
  step "wasm-bindgen tests of the façade (node)"
  cargo test --locked --target "$TARGET" --test wasm
  step "the codes the page must translate (build/vocabulary.json, for the i18n test)"
  cargo run --locked -q --example vocabulary > build/vocabulary.json
  step "the LTV pack's SQL: DuckDB's pack of the fixtures = the product's; BigQuery, Snowflake parse"
  setup_sql_tools
  cargo build --locked -q --example pack
  LTV_PACK_BIN=target/debug/examples/pack tools/sql/.venv/bin/python tools/sql/check.py
  step "end-to-end tests (headless Chromium, file://…/dist)"
  node --test --test-concurrency=1 tests/e2e/
}

case "${1:-build}" in
  build) build ;;
  test) build; run_tests ;;
  serve)
    build
    step "serving dist/ on http://127.0.0.1:8000 (Ctrl-C to stop)"
    exec python3 -m http.server 8000 --bind 127.0.0.1 --directory dist ;;
  bench) build; setup_browser; node bench/run.mjs "${@:2}" ;;
  *) echo "usage: $0 [build|test|serve|bench]" >&2; exit 2 ;;
esac
