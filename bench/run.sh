#!/usr/bin/env bash
# Benchmark gclint against its peers on a large HAR and on a tree of small payload files.
#
#   bash bench/run.sh [SIZE_MB]       full run (default 100 MB HAR, 10,000 payloads, peers)
#   bash bench/run.sh --quick         gclint only, 10 MB HAR, 1,000 payloads (same as QUICK=1)
#
# Environment: RUNS (default 5), SINGLE_RUNS (default 20), PAYLOADS (default 10000), BIG_MB
# (a second HAR measured once for memory, default 1024, 0 to skip; 0 with --quick),
# PEER_TIMEOUT (seconds, default 600), BENCH_DIR (inputs and outputs, default
# /tmp/gclint-bench), BENCH_PEERS (peer installs, default /tmp/gclint-bench-peers).
# See bench/README.md.
set -euo pipefail

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

QUICK=${QUICK:-0}
SIZE_MB=""
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h|--help) usage; exit 0 ;;
    ''|*[!0-9.]*) echo "bench/run.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    *) SIZE_MB=$arg ;;
  esac
done
if [[ $QUICK == 1 ]]; then
  SIZE_MB=${SIZE_MB:-10}
  PAYLOADS=${PAYLOADS:-1000}
else
  SIZE_MB=${SIZE_MB:-100}
  PAYLOADS=${PAYLOADS:-10000}
fi
RUNS=${RUNS:-5}
# A second, bigger HAR measured once, for memory: peak RSS must not grow with the input.
if [[ $QUICK == 1 ]]; then BIG_MB=${BIG_MB:-0}; else BIG_MB=${BIG_MB:-1024}; fi
SINGLE_RUNS=${SINGLE_RUNS:-20}
PEER_TIMEOUT=${PEER_TIMEOUT:-600}
REDOCLY_DRIFT_PIN=2.77.0   # a @redocly/cli release known to have the `drift` command

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH=$ROOT/bench
SHARED=$ROOT/../shared
MAKE_HAR=$SHARED/bench/make-har.py
PEER_CONF=$SHARED/bench/peers
WORK=${BENCH_DIR:-/tmp/gclint-bench}
PEERS=${BENCH_PEERS:-/tmp/gclint-bench-peers}
ENDPOINT='PATCH /api/v2/conversations/{conversationId}/participants/{participantId}'
SCHEMA=$ROOT/schemas/bodies/MediaParticipantRequest.schema.json
export PYTHONDONTWRITEBYTECODE=1
# Redocly CLI: no usage telemetry and no update check (only the npm registry is reachable).
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

helper() { python3 "$BENCH/bench.py" "$@"; }
say() { printf '==> %s\n' "$*" >&2; }

if [[ ! -f $MAKE_HAR ]]; then
  echo "bench/run.sh: $MAKE_HAR not found: this benchmark needs the shared/ folder next to the"
  echo "project (../shared/bench/make-har.py generates the HAR). Nothing to do."
  exit 0
fi
for cmd in python3 cargo timeout; do
  command -v "$cmd" >/dev/null || { echo "bench/run.sh: '$cmd' is required" >&2; exit 2; }
done
[[ -f $SCHEMA ]] || { echo "bench/run.sh: $SCHEMA not found" >&2; exit 2; }

mkdir -p "$WORK" "$PEERS"
WORK=$(cd "$WORK" && pwd)
PEERS=$(cd "$PEERS" && pwd)
case "$PEERS/" in
  "$ROOT"/*) echo "bench/run.sh: BENCH_PEERS ($PEERS) must be outside the project" >&2; exit 2 ;;
esac

# ---------------------------------------------------------------- 1. build
say "cargo build --release"
cargo build --release
GCLINT=$ROOT/target/release/gclint

# ---------------------------------------------------------------- 2. inputs
# gen_har SIZE_MB PATH: writes the HAR (reused when already there) and PATH.entries, the entry
# count make-har.py reports.
gen_har() {
  local size=$1 out=$2
  if [[ -s $out && -s $out.entries ]]; then
    say "reusing $out"
    return
  fi
  say "generating $out (${size} MB)"
  python3 "$MAKE_HAR" "$size" "$out.tmp" > "$out.log"
  sed -n 's/.*: \([0-9][0-9]*\) entries.*/\1/p' "$out.log" > "$out.entries"
  mv "$out.tmp" "$out"
  [[ -s $out.entries ]] || { echo "bench/run.sh: make-har.py did not report an entry count ($out.log)" >&2; exit 2; }
}
HAR=$WORK/bench-${SIZE_MB}mb.har
gen_har "$SIZE_MB" "$HAR"
HAR_ENTRIES=$(cat "$HAR.entries")
HAR_BYTES=$(stat -c %s "$HAR")

TREE=$WORK/payloads-$PAYLOADS
SINGLE=$WORK/single-payload.json
if [[ -f $TREE/.done && -s $SINGLE ]]; then
  say "reusing $TREE"
else
  say "generating $PAYLOADS payload files under $TREE"
  rm -rf "$TREE"
  helper payloads "$TREE" "$PAYLOADS" "$SINGLE" >&2
  touch "$TREE/.done"
fi
LIST=$WORK/payloads-$PAYLOADS.list
find "$TREE" -name '*.json' -print0 | sort -z > "$LIST"
TREE_FILES=$(tr -cd '\0' < "$LIST" | wc -c)
TREE_BYTES=$(find "$TREE" -name '*.json' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
SINGLE_BYTES=$(stat -c %s "$SINGLE")

RUN_ID=$(date +%Y%m%d-%H%M%S)
OUT=$WORK/out-$RUN_ID
RESULTS=$OUT/results.jsonl
mkdir -p "$OUT"
: > "$RESULTS"

commas() { sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"; }
HAR_LABEL="HAR ${SIZE_MB} MB ($(commas "$HAR_ENTRIES") entries)"
TREE_LABEL="payload tree ($(commas "$TREE_FILES") files)"
SINGLE_LABEL="single payload"

# A measurement: `spec TOOL INPUT KIND BYTES ENTRIES -- CMD...` adds one tool's command to the
# group, `measure RUNS PATH` runs the group: the tools' runs alternate (gclint, then each peer, then
# gclint again...), so that a change in the machine's speed during the group weighs on all alike,
# and the input at PATH is read (untimed) before each run, so that every run finds it in the
# page cache.
GROUP=()
spec() {
  [[ ${#GROUP[@]} == 0 ]] || GROUP+=("::")
  GROUP+=("$@")
}
measure() {
  local runs=$1 input=$2
  say "$(printf '%s' "${GROUP[0]}"; for ((i = 1; i < ${#GROUP[@]}; i++)); do [[ ${GROUP[i]} == :: ]] && printf ', %s' "${GROUP[i + 1]}"; done) on ${GROUP[1]} ($runs run(s) each, alternating)"
  helper measure "$RESULTS" "$runs" "$PEER_TIMEOUT" "$OUT" "$input" -- "${GROUP[@]}"
  GROUP=()
}
skip() { say "skipping $1 on $2: $3"; helper skip "$RESULTS" "$1" "$2" "$3"; }

# ---------------------------------------------------------------- 3. peers (installed now, measured with gclint below)
DRIFT=() SPECTRAL=() CJS_TREE=() CJS_SINGLE=() CJS=""
if [[ $QUICK != 1 ]]; then
  NPM_LOG=$PEERS/npm-install.log
  BIN=$PEERS/node_modules/.bin

  npm_install() {  # npm_install PACKAGE[@VERSION]
    say "npm install --prefix $PEERS $1 (log: $NPM_LOG)"
    timeout 900 npm install --prefix "$PEERS" --no-audit --no-fund "$1" >>"$NPM_LOG" 2>&1
  }
  has_drift() { "$BIN/redocly" drift --help >/dev/null 2>&1; }
  install_failed() { echo "npm install $1 failed: $(grep -m1 -i 'error' "$NPM_LOG" | cut -c1-100)"; }

  # redocly drift
  DRIFT_SKIP=""
  if ! command -v npm >/dev/null; then
    DRIFT_SKIP="npm not found"
  else
    if [[ ! -x $BIN/redocly ]]; then
      npm_install @redocly/cli || DRIFT_SKIP=$(install_failed @redocly/cli)
    fi
    if [[ -z $DRIFT_SKIP ]] && ! has_drift; then
      say "installed redocly $("$BIN/redocly" --version 2>/dev/null || echo '?') has no drift command; trying $REDOCLY_DRIFT_PIN"
      if npm_install "@redocly/cli@$REDOCLY_DRIFT_PIN"; then
        has_drift || DRIFT_SKIP="neither the latest @redocly/cli nor $REDOCLY_DRIFT_PIN has a drift command"
      else
        DRIFT_SKIP=$(install_failed "@redocly/cli@$REDOCLY_DRIFT_PIN")
      fi
    fi
  fi
  if [[ -z $DRIFT_SKIP ]]; then
    DRIFT=("redocly drift $("$BIN/redocly" --version 2>/dev/null | tail -1)" "$HAR_LABEL" drift "$HAR_BYTES" "$HAR_ENTRIES"
      -- "$BIN/redocly" drift "$HAR" --api "$PEER_CONF/conversations-mini.openapi.json" --match-mode basepath --format json)
  fi

  # Spectral
  SPECTRAL_SKIP=""
  if ! command -v npm >/dev/null; then
    SPECTRAL_SKIP="npm not found"
  elif [[ ! -x $BIN/spectral ]]; then
    npm_install @stoplight/spectral-cli || SPECTRAL_SKIP=$(install_failed @stoplight/spectral-cli)
  fi
  if [[ -z $SPECTRAL_SKIP ]] && ! v=$("$BIN/spectral" --version 2>/dev/null | tail -1); then
    SPECTRAL_SKIP="spectral --version failed"
  fi
  if [[ -z $SPECTRAL_SKIP ]]; then
    SPECTRAL=("spectral $v" "$HAR_LABEL" spectral "$HAR_BYTES" "$HAR_ENTRIES"
      -- "$BIN/spectral" lint -r "$PEER_CONF/spectral-har.yaml" -f json "$HAR")
  fi

  # check-jsonschema
  CJS_SKIP=""
  CJS=$PEERS/venv/bin/check-jsonschema
  if [[ ! -x $CJS ]]; then
    say "python3 -m venv $PEERS/venv && pip install check-jsonschema"
    if ! python3 -m venv "$PEERS/venv" >"$PEERS/pip-install.log" 2>&1; then
      CJS_SKIP="python3 -m venv failed: $(tail -1 "$PEERS/pip-install.log" | cut -c1-100)"
    elif ! timeout 900 "$PEERS/venv/bin/pip" install check-jsonschema >>"$PEERS/pip-install.log" 2>&1; then
      CJS_SKIP="pip install check-jsonschema failed: $(grep -m1 -i error "$PEERS/pip-install.log" | cut -c1-100)"
    fi
  fi
  if [[ -z $CJS_SKIP ]] && ! v=$("$CJS" --version 2>/dev/null | awk '{print $NF}'); then
    CJS_SKIP="check-jsonschema --version failed"
  fi
  if [[ -z $CJS_SKIP ]]; then
    CJS_NAME="check-jsonschema $v"
    # The file list is passed through xargs, which splits it into as many batches as the
    # command-line limit needs; the whole pipeline is timed.
    CJS_TREE=("$CJS_NAME" "$TREE_LABEL" check-jsonschema "$TREE_BYTES" "$TREE_FILES"
      -- xargs -0 -a "$LIST" "$CJS" --schemafile "$SCHEMA" -o json)
    CJS_SINGLE=("$CJS_NAME" "$SINGLE_LABEL" check-jsonschema "$SINGLE_BYTES" 1
      -- "$CJS" --schemafile "$SCHEMA" -o json "$SINGLE")
  fi
fi

# ---------------------------------------------------------------- 4. measurements
# Other work on this machine (a build, a test suite) skews every number below: say so.
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_BEFORE" 'BEGIN {exit !(l > 0.5)}'; then
  say "warning: load average is $LOAD_BEFORE before measuring; results will be noisy"
fi

# The HAR: gclint, redocly drift and Spectral, their runs alternating.
spec gclint "$HAR_LABEL" gclint "$HAR_BYTES" "$HAR_ENTRIES" -- "$GCLINT" check --format json "$HAR"
[[ ${#DRIFT[@]} == 0 ]] || spec "${DRIFT[@]}"
[[ ${#SPECTRAL[@]} == 0 ]] || spec "${SPECTRAL[@]}"
measure "$RUNS" "$HAR"
if [[ $BIG_MB != 0 ]]; then
  BIG=$WORK/bench-${BIG_MB}mb.har
  gen_har "$BIG_MB" "$BIG"
  spec gclint "HAR ${BIG_MB} MB ($(commas "$(cat "$BIG.entries")") entries)" gclint "$(stat -c %s "$BIG")" \
    "$(cat "$BIG.entries")" -- "$GCLINT" check --format json "$BIG"
  measure 1 "$BIG"
fi
# The payload tree and the single payload: gclint and check-jsonschema, alternating.
spec gclint "$TREE_LABEL" gclint "$TREE_BYTES" "$TREE_FILES" -- \
  "$GCLINT" check --format json --endpoint "$ENDPOINT" "$TREE"
[[ ${#CJS_TREE[@]} == 0 ]] || spec "${CJS_TREE[@]}"
measure "$RUNS" "$TREE"
spec gclint "$SINGLE_LABEL" gclint "$SINGLE_BYTES" 1 -- "$GCLINT" check --format json --endpoint "$ENDPOINT" "$SINGLE"
[[ ${#CJS_SINGLE[@]} == 0 ]] || spec "${CJS_SINGLE[@]}"
measure "$RUNS" "$SINGLE"
# Process start to exit on one payload: a tighter loop, its median replaces the one above.
say "gclint on $SINGLE_LABEL: perf_counter loop, $SINGLE_RUNS runs"
ms=$(helper startup "$SINGLE_RUNS" "$GCLINT" check --format json --endpoint "$ENDPOINT" "$SINGLE")
helper set-wall "$RESULTS" gclint "$SINGLE_LABEL" "$(awk -v ms="$ms" 'BEGIN {print ms / 1000}')"
if [[ ${#CJS_SINGLE[@]} != 0 ]]; then
  say "check-jsonschema on $SINGLE_LABEL: perf_counter loop, $SINGLE_RUNS runs"
  ms=$(helper startup "$SINGLE_RUNS" "$CJS" --schemafile "$SCHEMA" "$SINGLE")
  helper set-wall "$RESULTS" "$CJS_NAME" "$SINGLE_LABEL" "$(awk -v ms="$ms" 'BEGIN {print ms / 1000}')"
fi
if [[ $QUICK != 1 ]]; then
  [[ -z $DRIFT_SKIP ]] || skip "redocly drift" "$HAR_LABEL" "$DRIFT_SKIP"
  [[ -z $SPECTRAL_SKIP ]] || skip spectral "$HAR_LABEL" "$SPECTRAL_SKIP"
  if [[ -n $CJS_SKIP ]]; then
    skip check-jsonschema "$TREE_LABEL" "$CJS_SKIP"
    skip check-jsonschema "$SINGLE_LABEL" "$CJS_SKIP"
  fi
fi

# ---------------------------------------------------------------- 5. report
{
  echo
  echo "## gclint benchmark ($([[ $QUICK == 1 ]] && echo quick || echo full), $RUN_ID)"
  echo
  echo "gclint $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?'); median of $RUNS run(s), single payload: median of $SINGLE_RUNS; MB = 2^20 bytes"
  echo
  helper report "$RESULTS"
  echo
  echo "Load average (1 min): $LOAD_BEFORE before measuring, $(cut -d' ' -f1 /proc/loadavg) after"
  echo "Machine: $(nproc) CPUs (nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo)"
  echo
  echo "Outputs: $OUT"
} | tee "$OUT/report.md"
