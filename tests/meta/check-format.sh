#!/usr/bin/env bash
# Fails when a C source or header differs from what clang-format (with the
# repository's .clang-format) would write. `./aura-dev format` fixes it.
set -euo pipefail
cd "${1:?source root}"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.c' '*.h')
else
  mapfile -t files < <(find app backend tests -name '*.[ch]' | sort)
fi
bad=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f (run: ./aura-dev format)"
    bad=1
  fi
done
echo "checked ${#files[@]} files"
exit $bad
