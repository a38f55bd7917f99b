# Sourced by run.sh and pre-commit.sh: their PASS/FAIL/SKIP lines, and a PATH on which every Rust
# build tool is a trap.

FAILED=0
pass() { printf 'PASS %s\n' "$1"; }
fail() {
    printf 'FAIL %s\n' "$1"
    FAILED=$((FAILED + 1))
}
skip() { printf 'SKIP %s\n' "$1"; }

# notools_path DIR: makes DIR hold a trap for cargo, rustc, rustup and maturin (each fails, and
# records its call in DIR/called; a version query only in DIR/probed, since pip asks `rustc
# --version` for its user-agent string), and prints a PATH that starts with DIR and keeps of
# $PATH the system directories (git and the shell live there; the traps shadow any tool in them)
# and every directory that holds none of the real tools.
notools_path() {
    local traps="$1" tool d path
    mkdir -p "$traps"
    for tool in cargo rustc rustup maturin; do
        cat >"$traps/$tool" <<TRAP
#!/bin/sh
case "\$1" in
    --version | -V | -vV) echo "$tool \$*" >>"$traps/probed" ;;
    *) echo "$tool \$*" >>"$traps/called" ;;
esac
echo "$tool: no toolchain in this test" >&2
exit 1
TRAP
        chmod +x "$traps/$tool"
    done
    path="$traps"
    IFS=: read -r -a dirs <<<"$PATH"
    for d in "${dirs[@]}"; do
        case "$d" in
            /usr/bin | /bin | /usr/sbin | /sbin | /usr/local/bin) path="$path:$d" ;;
            *) if [[ -n "$d" && ! -e "$d/cargo" && ! -e "$d/rustc" && ! -e "$d/maturin" ]]; then path="$path:$d"; fi ;;
        esac
    done
    printf '%s\n' "$path"
}
