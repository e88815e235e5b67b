#!/usr/bin/env bash
# The template is regenerated from the sources and every language must
# translate all of it: no untranslated or fuzzy message, and msgfmt --check
# (format strings, headers) passes.
set -euo pipefail
src=${1:?source root}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
xgettext --files-from=po/POTFILES.in --directory=. --output="$tmp/aura.pot" \
  --from-code=UTF-8 --add-comments=Translators --package-name=aura \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_prefix_error:2:c-format --flag=g_printerr:1:c-format --flag=g_print:1:c-format
status=0
for lang in $(sed 's/#.*//' po/LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmp/aura.pot" -o "$tmp/$lang.po"
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1) || { echo "$lang: $stats"; status=1; continue; }
  echo "$lang: $stats"
  if grep -qE 'untranslated|fuzzy' <<<"$stats"; then
    echo "$lang: incomplete; these messages need a translation:"
    msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep '^msgid' | head -40
    msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" | grep '^msgid' | head -20
    status=1
  fi
  LC_ALL=C msgfmt --check -o /dev/null "po/$lang.po" || status=1
done
exit $status
