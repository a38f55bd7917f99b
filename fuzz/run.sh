#!/usr/bin/env bash
# Runs every fuzz target (libFuzzer through cargo-fuzz) for a bounded time and prints, per
# target, the executions, the time and the crashes found. Seeds come from ../fixtures; the
# corpora grow under fuzz/corpus/, crashing inputs land in fuzz/artifacts/TARGET/.
#
#   bash fuzz/run.sh                          # every target, 60 s each
#   FUZZ_SECONDS=10 bash fuzz/run.sh curl har # some targets, 10 s each
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain, RUSTC_BOOTSTRAP=1 lets
# cargo-fuzz use the nightly-only sanitizer flag; no sanitizer is used (`-s none`): gclint has no
# unsafe code, and what is looked for are panics, stack overflows, hangs and memory blow-ups.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(har payload jsonl sdk_text http_file curl span redact suggest_render config walk data_action quiet gc_log postman insomnia terraform source)
fi
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2
    exit 2
fi
# Build once; the targets then run as plain binaries (so a run never waits for a rebuild).
cargo fuzz build -s none || exit 2
bin=target/$(rustc -vV | sed -n 's/^host: //p')/release

seed() {
    local target=$1 dir=corpus/$1
    mkdir -p "$dir" "artifacts/$target"
    # Seeds are copied into a corpus grown by earlier runs too (never over what it holds), so a
    # fixture added since (a HAR with notification frames) reaches every corpus.
    case $target in
        har) cp -n ../fixtures/har/*.har "$dir"/ ;;
        payload) cp -n ../fixtures/payloads/*.json "$dir"/ ;;
        quiet) cp -n ../fixtures/payloads/*.json ../fixtures/not-traffic/*.json "$dir"/ ;;
        jsonl) cp -n ../fixtures/logs/*.jsonl ../fixtures/logs/*.ndjson "$dir"/ ;;
        sdk_text) cp -n ../fixtures/logs/sdk-text.log "$dir"/ ;;
        http_file) cp -n ../fixtures/http/*.http "$dir"/ ;;
        curl) cp -n ../fixtures/curl/* "$dir"/ ;;
        data_action) cp -n ../fixtures/genesys/data-actions/*.json "$dir"/ ;;
        gc_log) cp -n ../fixtures/genesys/gc-log/*.log "$dir"/ ;;
        postman) cp -n ../fixtures/genesys/collections/*.postman_collection.json "$dir"/ ;;
        insomnia) cp -n ../fixtures/genesys/collections/*.insomnia.json "$dir"/ ;;
        terraform) cp -n ../fixtures/genesys/terraform/*.tf "$dir"/ ;;
        source) cp -n ../fixtures/source/* ../tests/rules/unknown-sdk-*/*/* "$dir"/ ;;
        span)
            printf '%s\n%s\n%s' 'a\\u00e9\\ud83d\\ude00\\"b' '/a/0' '{"a": [1, {"b": 2}]}' >"$dir/seed1"
            printf '%s\n%s\n%s' '{\\"state\\":\\"x\\"}' '/state' '{"state": "x"}' >"$dir/seed2"
            ;;
        suggest_render)
            # origin, note, method, host, URL tail, header value, body string, JS and Python
            # methods, flags; 0xFF separates them.
            printf '%s\377' 'f.har entry 0' 'note' 'PATCH' 'mypurecloud.com' 'c1' 'v' 'disconnected' \
                patchConversationsCallParticipant patch_conversations_call_participant >"$dir/seed1"
            printf '\001' >>"$dir/seed1"
            printf '%s\377' $'x\ntouch PWNED' $'\u2028n' 'PUT' '$(touch PWNED)' $'"; touch PWNED; "\r\n' \
                $'\e[2J' "'" 'a(b)' 'import' >"$dir/seed2"
            printf '\006' >>"$dir/seed2"
            ;;
        config)
            printf '[rules]\nselect = ["ALL"]\nignore = ["put-method"]\n[[per-path-ignores]]\nglob = "fixtures/**/*.har"\nrules = ["enum-case"]\n' >"$dir/seed1"
            printf '\001**/{a,b}/*.json' >"$dir/seed2"
            printf '\003payloads/*.json' >"$dir/seed3"
            ;;
        walk)
            printf '\000\001\002\002\001\000\002\003\003\000\004\002\005\001\006\200' >"$dir/seed1"
            printf '\000\004\002\002\000\006\002\001' >"$dir/seed2"
            ;;
        redact) cp -n ../fixtures/har/clean-chrome.har ../fixtures/logs/*.jsonl ../fixtures/curl/* ../fixtures/http/*.http \
            ../fixtures/logs/sdk-text.log "$dir"/ ;;
    esac
}

printf '%-10s %12s %8s %8s %s\n' target executions seconds crashes artifacts
total_crashes=0
for t in "${targets[@]}"; do
    seed "$t"
    before=$(ls "artifacts/$t" | wc -l)
    log=$(mktemp)
    start=$(date +%s)
    # The walk target builds a tree per run: on a memory file system when there is one.
    tmp=${TMPDIR:-/tmp}
    [ "$t" = walk ] && [ -d /dev/shm ] && [ -w /dev/shm ] && tmp=/dev/shm
    TMPDIR=$tmp "$bin/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" -max_total_time="$seconds" -timeout=20 \
        -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1 >"$log" 2>&1
    took=$(( $(date +%s) - start ))
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
    [ -z "$runs" ] && runs=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    after=$(ls "artifacts/$t" | wc -l)
    crashes=$(( after - before ))
    total_crashes=$(( total_crashes + crashes ))
    new=$(ls -t "artifacts/$t" | head -n "$crashes" | tr '\n' ' ')
    printf '%-10s %12s %8s %8s %s\n' "$t" "${runs:-?}" "$took" "$crashes" "$new"
    if [ "$crashes" -gt 0 ]; then
        grep -E "panicked|ERROR: libFuzzer|SUMMARY" "$log" | head -5 | sed 's/^/    /'
    fi
    rm -f "$log"
done
echo "crashes found: $total_crashes"
[ "$total_crashes" -eq 0 ]
