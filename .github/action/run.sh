#!/usr/bin/env bash
# Run step of the gclint action: runs `gclint check` once and records what happened. It always
# exits 0 when gclint ran, so that the SARIF upload step after it still runs; the action's last
# step fails the job with gclint's exit code.
#
# Inputs (mapped explicitly by action.yml; `-` in an input's name becomes `_`):
#   INPUT_PATHS           what to check, one path per line (a line is one path, spaces and all);
#                         default `.`
#   INPUT_ARGS            more arguments, split at blanks and line breaks; '...' and "..." keep
#                         blanks inside an argument and \ escapes one character. Nothing is
#                         expanded: no variables, no commands, no globs.
#   INPUT_FORMAT          gclint's --format on stdout (default github: annotations on the diff)
#   INPUT_SARIF           true: also write SARIF (for the upload step)
#   INPUT_SARIF_CATEGORY  the SARIF category (default: gclint/<job id>/, plus the shard)
#   INPUT_BASELINE        --baseline FILE
#   INPUT_FAIL_ON         --fail-on error|warning|info|never (default: gclint's, i.e. its config's)
# Environment: GCLINT_BIN (the installed binary; default gclint on PATH), RUNNER_TEMP,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_JOB.
#
# Outputs: exit-code, errors, warnings, infos, report (gclint's JSON report), sarif-file,
# sarif-category.
set -euo pipefail
# No globbing anywhere: inputs are only ever words, never patterns.
set -f

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fail() { fail_with gclint 2 "$@"; }

trim() {
  local s="$1"
  s="${s#"${s%%[![:space:]]*}"}"
  s="${s%"${s##*[![:space:]]}"}"
  printf '%s' "$s"
}

# Splits $1 into the array `words` the way a shell splits a command line's words, but expanding
# nothing: quotes group, a backslash escapes, `$`, backticks, `;`, `*` stay plain characters.
split_words() {
  local s="$1" n="${#1}" i=0 c quote="" word="" inword=false
  words=()
  while [ "$i" -lt "$n" ]; do
    c="${s:i:1}"
    if [ -n "$quote" ]; then
      if [ "$c" = "$quote" ]; then
        quote=""
      elif [ "$quote" = '"' ] && [ "$c" = "\\" ] && [ $((i + 1)) -lt "$n" ]; then
        # Inside "...", a backslash only escapes " and itself (as in a shell; the other escapes
        # there are about expansions, which never happen here).
        case "${s:i+1:1}" in
          '"' | "\\") i=$((i + 1)) && word="$word${s:i:1}" ;;
          *) word="$word$c" ;;
        esac
      else
        word="$word$c"
      fi
    else
      case "$c" in
        ' ' | $'\t' | $'\n' | $'\r')
          if [ "$inword" = true ]; then words+=("$word"); fi
          word="" inword=false
          ;;
        "'" | '"') quote="$c" inword=true ;;
        "\\")
          i=$((i + 1))
          if [ "$i" -lt "$n" ]; then word="$word${s:i:1}"; fi
          inword=true
          ;;
        *) word="$word$c" inword=true ;;
      esac
    fi
    i=$((i + 1))
  done
  [ -z "$quote" ] || fail "args: unterminated $quote quote"
  if [ "$inword" = true ]; then words+=("$word"); fi
}

bin="${GCLINT_BIN:-gclint}"
: "${RUNNER_TEMP:?RUNNER_TEMP is not set}"

# Paths: one a line, taken whole (a path may hold spaces, `*` or `$(...)`: it is only ever a
# quoted argument). Empty lines are skipped; CR is dropped for workflows written on Windows.
paths=()
while IFS= read -r line || [ -n "$line" ]; do
  line="$(trim "${line%$'\r'}")"
  [ -n "$line" ] && paths+=("$line")
done <<EOF
${INPUT_PATHS:-.}
EOF
[ "${#paths[@]}" -gt 0 ] || paths=(.)

words=()
split_words "${INPUT_ARGS:-}"
extra=(${words[@]+"${words[@]}"})

format="$(trim "${INPUT_FORMAT:-github}")"
[ -n "$format" ] || format=github
case "$format" in
  human | compact | json | sarif | github | junit) ;;
  *) fail "format must be one of human, compact, json, sarif, github, junit (got: $format)" ;;
esac
fail_on="$(trim "${INPUT_FAIL_ON:-}")"
baseline="$(trim "${INPUT_BASELINE:-}")"
sarif="$(trim "${INPUT_SARIF:-false}")"
case "$sarif" in
  true | false) ;;
  *) fail "sarif must be true or false (got: $sarif)" ;;
esac

out_dir="$(mktemp -d "$RUNNER_TEMP/gclint-run.XXXXXX")"
report="$out_dir/gclint.json"
cmd=("$bin" check --format "$format" --output "json=$report")

if [ "$format" != github ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  # gclint writes the job summary when it writes GitHub annotations, to stdout or to a file:
  # with another stdout format, annotations to a file that is not shown keep the summary.
  cmd+=(--output "github=$out_dir/annotations.txt")
fi

sarif_file="" category=""
if [ "$sarif" = true ]; then
  category="$(trim "${INPUT_SARIF_CATEGORY:-}")"
  if [ -z "$category" ]; then
    # One category per job, and per shard when the job is one of several shards, so that uploads
    # for one commit do not replace each other.
    category="gclint/${GITHUB_JOB:-job}/"
    i=0
    while [ "$i" -lt "${#extra[@]}" ]; do
      shard=""
      case "${extra[$i]}" in
        --shard=*) shard="${extra[$i]#--shard=}" ;;
        --shard) [ $((i + 1)) -ge "${#extra[@]}" ] || shard="${extra[$((i + 1))]}" ;;
      esac
      if [ -n "$shard" ]; then category="${category}shard-${shard%%/*}-of-${shard#*/}/"; fi
      i=$((i + 1))
    done
  fi
  # A SARIF category ends with `/` (gclint adds one to automationDetails.id, and upload-sarif does
  # the same to its category): adding it here keeps the output, the file and the upload equal.
  case "$category" in */) ;; *) category="$category/" ;; esac
  sarif_file="$out_dir/gclint.sarif"
  cmd+=(--output "sarif=$sarif_file" --sarif-category "$category")
fi
[ -z "$baseline" ] || cmd+=(--baseline "$baseline")
[ -z "$fail_on" ] || cmd+=(--fail-on "$fail_on")
cmd+=(${extra[@]+"${extra[@]}"})
# `--` so that a path starting with `-` is a path, not an option.
cmd+=(-- "${paths[@]}")

# The command line, quoted, for the log; the paths and args may hold `::` workflow commands, so
# command processing stops while it is printed (with a token no input can guess).
token="gclint-$(od -An -N12 -tx1 /dev/urandom 2>/dev/null | tr -d ' \n' || true)$$$RANDOM"
printf '::stop-commands::%s\n' "$token"
printf 'Running:'
printf ' %q' "${cmd[@]}"
printf '\n'
printf '::%s::\n' "$token"

set +e
"${cmd[@]}"
code=$?
set -e

set_output exit-code "$code"
if [ -f "$report" ]; then
  set_output report "$report"
  # The JSON report is pretty-printed with the summary last: read its counts without jq.
  for key in errors warnings infos; do
    value="$(awk -v key="\"$key\":" '
      /^  "summary": \{/ { in_summary = 1; next }
      in_summary && $1 == key { v = $2; sub(/,$/, "", v); print v; exit }' "$report")"
    set_output "$key" "${value:-0}"
  done
fi
if [ -n "$sarif_file" ] && [ -f "$sarif_file" ]; then
  set_output sarif-file "$sarif_file"
  set_output sarif-category "$category"
fi
case "$code" in
  0) ;;
  1) echo "gclint reported findings (exit code 1); the action's last step fails the job." ;;
  *) echo "gclint could not check (exit code $code); the action's last step fails the job." ;;
esac
exit 0
