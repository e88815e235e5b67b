#!/usr/bin/env bash
# Builds and runs the whole suite, plain and then under ASan + UBSan, and
# prints the totals meson test counted as the very last line:
#   N passed, N failed[, N skipped]
set -uo pipefail
builddir=$1 sandir=$2 sanitize=$3
shift 3
passed=0 failed=0 skipped=0 status=0

# Reads meson's own per-test log and adds its verdicts to the totals.
count() {
  local log=$1/meson-logs/testlog.json
  [ -f "$log" ] || return 0
  read -r p f s < <(python3 - "$log" <<'PY'
import json, sys
p = f = s = 0
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    r = json.loads(line).get("result")
    if r in ("OK", "EXPECTEDFAIL"):
        p += 1
    elif r == "SKIP":
        s += 1
    else:
        f += 1
print(p, f, s)
PY
)
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
}

# run DIR "MESON TEST ARGS" [MESON SETUP ARGS…]
run() {
  local dir=$1 test_args=$2
  shift 2
  rm -f "$dir/meson-logs/testlog.json"
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" || { failed=$((failed + 1)); status=1; return; }
  fi
  if ! meson compile -C "$dir"; then
    echo "build failed in $dir" >&2
    failed=$((failed + 1)) status=1
    return
  fi
  # shellcheck disable=SC2086
  meson test -C "$dir" --print-errorlogs --num-processes 2 $test_args || status=1
  count "$dir"
}

run "$builddir" "" "$@"
if [ "$sanitize" = 1 ]; then
  # The tree checks (formatting, translations) say the same twice: run once.
  run "$sandir" "--no-suite meta --timeout-multiplier 3" -Db_sanitize=address,undefined -Db_lundef=false "$@"
fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit $status
