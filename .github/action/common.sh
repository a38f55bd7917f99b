# What the action's steps share (sourced by install.sh and run.sh): failing a step with one
# annotation, and writing a step output.

# fail_with TITLE CODE MESSAGE...: one annotation that says what to do, then the step fails with
# CODE. On stderr (the runner reads workflow commands there too), so that it is seen when fail
# runs inside $(...). Escaped as workflow-command data, so that a hostile input quoted in the
# message cannot start a command of its own on a new line.
fail_with() {
  local title="$1" code="$2"
  shift 2
  local msg="$*"
  msg="${msg//%/%25}"
  msg="${msg//$'\r'/%0D}"
  msg="${msg//$'\n'/%0A}"
  printf '::error title=%s::%s\n' "$title" "$msg" >&2
  exit "$code"
}

# set_output NAME VALUE: a step output. A line break in the value would write a second output
# (say exit-code=0): refused. (Each script defines `fail`.)
set_output() {
  case "$2" in *$'\n'* | *$'\r'*) fail "output $1 would hold a line break" ;; esac
  printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
}
