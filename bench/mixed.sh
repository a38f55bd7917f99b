#!/usr/bin/env bash
# Time a walk over a large mixed repository: gclint over 10,000 files (ordinary JSON, Data Action
# exports, .tf files, Postman collections, request bodies), beside check-jsonschema on the JSON
# files alone.
#
#   bash bench/mixed.sh GCLINT [COUNT]     GCLINT: the binary to time (build it with --release)
#
# Environment: RUNS (default 3), BENCH_DIR (default /tmp/gclint-bench), BENCH_PEERS (where
# bench/run.sh installs its peers, default /tmp/gclint-bench-peers; check-jsonschema is run from
# there when installed, and skipped otherwise). Prints files/s and peak RSS (GNU time's
# "Maximum resident set size") of each run, the median of RUNS, and what gclint reported by rule:
# every finding on an ordinary file is a false alarm.
set -euo pipefail

if [[ $# -lt 1 || ! -x $1 ]]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
GCLINT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
COUNT=${2:-10000}
RUNS=${RUNS:-3}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/tmp/gclint-bench}
PEERS=${BENCH_PEERS:-/tmp/gclint-bench-peers}
TREE=$WORK/mixed-$COUNT
LIST=$TREE.json-list
SCHEMA=$ROOT/schemas/bodies/MediaParticipantRequest.schema.json
CJS=$PEERS/venv/bin/check-jsonschema
[[ -x /usr/bin/time ]] || { echo "bench/mixed.sh: GNU time (/usr/bin/time) is required" >&2; exit 2; }

mkdir -p "$WORK"
if [[ ! -f $LIST ]]; then
  rm -rf "$TREE"
  python3 "$ROOT/bench/mixed.py" "$TREE" "$COUNT" >&2
fi
JSON_FILES=$(tr -cd '\0' <"$LIST" | wc -c)

# measure NAME FILES CMD...: RUNS runs, each after reading the tree once untimed (so that every
# run finds it in the page cache); prints each run and the median.
measure() {
  local name=$1 files=$2
  shift 2
  local walls=() rsss=()
  for ((i = 1; i <= RUNS; i++)); do
    find "$TREE" -type f -exec cat {} + >/dev/null
    /usr/bin/time -v -o "$WORK/mixed.time" "$@" >"$WORK/mixed-$name.out" 2>"$WORK/mixed-$name.err" || true
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + t[j]; print s}' "$WORK/mixed.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/mixed.time")
    printf '  %s run %d: %.2f s, %d files/s, peak RSS %.1f MB\n' "$name" "$i" "$wall" \
      "$(awk -v f="$files" -v w="$wall" 'BEGIN {print (w > 0 ? int(f / w) : 0)}')" "$(awk -v r="$rss" 'BEGIN {print r / 1024}')" >&2
    walls+=("$wall")
    rsss+=("$rss")
  done
  local mw mr
  mw=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  mr=$(printf '%s\n' "${rsss[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  printf '%-28s %7d files  %7.2f s  %8d files/s  %7.1f MB peak RSS\n' "$name" "$files" "$mw" \
    "$(awk -v f="$files" -v w="$mw" 'BEGIN {print (w > 0 ? int(f / w) : 0)}')" "$(awk -v r="$mr" 'BEGIN {print r / 1024}')"
}

echo "mixed tree: $TREE ($COUNT files, $JSON_FILES *.json), median of $RUNS runs"
measure "gclint check" "$COUNT" "$GCLINT" check --isolated --format json "$TREE"
if [[ -x $CJS ]]; then
  # check-jsonschema validates each JSON file against one body schema (it cannot tell which
  # files are bodies); the list goes through xargs in as many batches as the command line needs.
  measure "check-jsonschema (*.json)" "$JSON_FILES" xargs -0 -a "$LIST" "$CJS" --schemafile "$SCHEMA" -o json
else
  echo "check-jsonschema: not installed in $PEERS (bash bench/run.sh installs it): skipped"
fi

# What gclint reported, by rule and by kind of file: the ordinary files must have none.
python3 - "$WORK/mixed-gclint check.out" <<'EOF'
import collections, json, sys
report = json.load(open(sys.argv[1]))
by = collections.Counter()
for d in report["diagnostics"]:
    path = d["path"]
    kind = ("data-action" if path.endswith(".custom.json") else "terraform" if path.endswith(".tf")
            else "postman" if ".postman_collection." in path
            else "postman-environment" if ".postman_environment." in path
            else "insomnia" if "/insomnia-" in path else "body" if "/body-" in path else "ordinary")
    by[(kind, d["rule"], d["severity"])] += 1
print("gclint findings by kind of file (any on `ordinary` is a false alarm):")
for (kind, rule, severity), n in sorted(by.items()):
    print(f"  {kind:12} {rule:28} {severity:8} {n}")
print("  false alarms: %d" % sum(n for (kind, _, _), n in by.items() if kind == "ordinary"))
EOF
