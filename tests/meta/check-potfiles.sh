#!/usr/bin/env bash
# Every file with a translatable string must be listed in po/POTFILES.in, and
# every listed file must exist: otherwise strings silently go untranslated.
set -euo pipefail
cd "${1:?source root}"
listed=$({ grep -v '^#' po/POTFILES.in || true; } | sed '/^$/d' | sort -u)
status=0
for f in $listed; do
  [ -f "$f" ] || { echo "po/POTFILES.in lists a missing file: $f"; status=1; }
done
found=$( (grep -rlE '\b(_|N_|C_|NC_|ngettext|g_dngettext)\s*\(' --include='*.c' app backend 2>/dev/null || true;
          grep -rl 'translatable="yes"' --include='*.ui' resources 2>/dev/null || true;
          ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true) | sort -u)
for f in $found; do
  grep -qxF "$f" <<<"$listed" || { echo "missing from po/POTFILES.in: $f"; status=1; }
done
[ $status = 0 ] && echo "po/POTFILES.in lists all $(wc -w <<<"$found") files with translatable strings"
exit $status
