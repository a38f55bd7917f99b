#!/usr/bin/env bash
# Time gclint's walk over a tree of JavaScript, TypeScript and Python source: files/s, MB/s and
# peak RSS, and what it reported. On a tree of ordinary code (no Genesys SDK, no Genesys API
# calls) every finding is a false alarm.
#
#   bash bench/source.sh [GCLINT] [TREE]    GCLINT: the binary to time (default target/release/gclint;
#                                           build it with --release), TREE: the tree to walk
#                                           (default /tmp/source-corpus/big)
#
# Environment: RUNS (default 3; the best run is reported), BENCH_DIR (outputs, default
# /tmp/gclint-bench). Wall time from the shell's clock, peak RSS from GNU time (/usr/bin/time -v).
# The files/s and MB/s figures count the source files (.js .mjs .cjs .jsx .ts .mts .cts .tsx .py
# .pyi) that the walk visits (not node_modules/) and their bytes; it visits the other files too.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
GCLINT=${1:-$ROOT/target/release/gclint}
TREE=${2:-/tmp/source-corpus/big}
RUNS=${RUNS:-3}
WORK=${BENCH_DIR:-/tmp/gclint-bench}
if [[ ! -x $GCLINT || ! -d $TREE ]]; then
  [[ -x $GCLINT ]] || echo "bench/source.sh: $GCLINT is not an executable (cargo build --release)" >&2
  [[ -d $TREE ]] || echo "bench/source.sh: $TREE is not a directory" >&2
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
GCLINT=$(cd "$(dirname "$GCLINT")" && pwd)/$(basename "$GCLINT")
TREE=$(cd "$TREE" && pwd)
[[ -x /usr/bin/time ]] || { echo "bench/source.sh: GNU time (/usr/bin/time) is required" >&2; exit 2; }
mkdir -p "$WORK"
OUT=$WORK/source.out
TIME=$WORK/source.time

# The tree as gclint's walk sees it (hidden directories, `target` and `node_modules` are not
# entered: see src/input/walk.rs): source files by extension (the files the source reader
# takes), their bytes, and every file.
walked() {
  find "$TREE" -mindepth 1 -type d \( -name '.*' -o -name target -o -name node_modules \) -prune -o -type f "$@"
}
SOURCE_RE='.*\.\(js\|mjs\|cjs\|jsx\|ts\|mts\|cts\|tsx\|py\|pyi\)'
walked -regex "$SOURCE_RE" -printf '%s %f\n' >"$WORK/source.list"
FILES=$(wc -l <"$WORK/source.list")
BYTES=$(awk '{s += $1} END {print s + 0}' "$WORK/source.list")
ALL_FILES=$(walked -print | wc -l)
ALL_BYTES=$(walked -printf '%s\n' | awk '{s += $1} END {print s + 0}')
SKIPPED=$(find "$TREE" -mindepth 1 -type d \( -name '.*' -o -name target -o -name node_modules \) -prune -print | wc -l)
echo "tree: $TREE"
printf 'source files: %d (%.1f MB); all files: %d (%.1f MB); MB = 2^20 bytes\n' "$FILES" \
  "$(awk -v b="$BYTES" 'BEGIN {print b / 1048576}')" "$ALL_FILES" "$(awk -v b="$ALL_BYTES" 'BEGIN {print b / 1048576}')"
awk '{n = split($2, p, "."); e = (n > 1 ? p[n] : ""); c[e]++} END {for (e in c) printf "  .%-4s %7d\n", e, c[e]}' \
  "$WORK/source.list" | sort -k2,2nr
[[ $SKIPPED == 0 ]] || echo "not walked: $SKIPPED hidden, target or node_modules director(y/ies) (not counted above)"
[[ $FILES -gt 0 ]] || echo "note: the tree holds no source file; the figures below are for the walk alone"

# RUNS runs, each after reading the tree once untimed (so that every run finds it in the page
# cache); the best (shortest) run is reported, with its peak RSS.
best_wall="" best_rss="" status=0
for ((i = 1; i <= RUNS; i++)); do
  find "$TREE" -type f -exec cat {} + >/dev/null
  status=0
  # Wall time from the shell's clock (GNU time's is in hundredths), peak RSS from GNU time.
  start=$EPOCHREALTIME
  /usr/bin/time -v -o "$TIME" "$GCLINT" check --format compact "$TREE" >"$OUT" 2>"$WORK/source.err" || status=$?
  wall=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN {print b - a}')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TIME")
  printf '  run %d: %.3f s, peak RSS %.1f MB, exit %d\n' "$i" "$wall" "$(awk -v r="$rss" 'BEGIN {print r / 1024}')" "$status" >&2
  if [[ -z $best_wall ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN {exit !(a < b)}'; then
    best_wall=$wall best_rss=$rss
  fi
done
# Exit 0 (nothing found) and 1 (findings) are reports; anything else is gclint failing.
if [[ $status -gt 1 ]]; then
  echo "bench/source.sh: gclint exited $status:" >&2
  head -20 "$WORK/source.err" >&2
  exit 1
fi
per_s() { awk -v n="$1" -v w="$best_wall" 'BEGIN {print (w > 0 ? n / w : 0)}'; }
printf '%-14s %7d source files  %7.3f s  %8.0f files/s  %7.1f MB/s  %7.1f MB peak RSS  (best of %d)\n' \
  "gclint check" "$FILES" "$best_wall" "$(per_s "$FILES")" "$(per_s "$BYTES" | awk '{print $1 / 1048576}')" \
  "$(awk -v r="$best_rss" 'BEGIN {print r / 1024}')" "$RUNS"

# What gclint reported (the last run's output; compact lines are `path:line:col: severity[rule] message`).
FINDING_RE='^[^ ].*: (error|warning|info)\['
FINDINGS=$(grep -c -E "$FINDING_RE" "$OUT" || true)
FLAGGED=$( (grep -E "$FINDING_RE" "$OUT" || true) | sed -E 's/^(.*[^0-9:]):[0-9]+(:[0-9]+)?: (error|warning|info)\[.*/\1/; s/^(.*): (error|warning|info)\[.*/\1/' | sort -u | wc -l)
echo "findings: $FINDINGS in $FLAGGED file(s)"
if [[ $FINDINGS -gt 0 ]]; then
  echo "by rule:"
  grep -oE ': (error|warning|info)\[[a-z-]+\]' "$OUT" | sed 's/^: //' | sort | uniq -c | sort -rn | sed 's/^/  /'
  echo "findings (on a tree of ordinary code each is a false alarm; the first 50):"
  grep -E "$FINDING_RE" "$OUT" | head -50 | sed 's/^/  /'
  echo "full output: $OUT"
fi
