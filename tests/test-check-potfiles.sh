#!/bin/sh
# Tests tests/check-potfiles.sh itself on a throw-away copy of the tree: it must
# pass on the real tree and fail, naming the file, when a new C file or .ui
# with translatable strings is missing from po/POTFILES.in, or when
# POTFILES.in lists a file that is gone.  TAP output.
# Usage: test-check-potfiles.sh SOURCE_ROOT
set -u
src=$1
checker=$src/tests/check-potfiles.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 failed=0

fresh_copy () {
  rm -rf "$tmp/tree" && mkdir "$tmp/tree"
  (cd "$src" && tar cf - po src resources data) | (cd "$tmp/tree" && tar xf -)
}

# expect PASS|FAIL DESCRIPTION [TEXT-THE-OUTPUT-MUST-NAME]
expect () {
  n=$((n + 1))
  out=$(sh "$checker" "$tmp/tree" 2>&1); rc=$?
  if { [ "$1" = PASS ] && [ $rc -eq 0 ]; } ||
     { [ "$1" = FAIL ] && [ $rc -ne 0 ] && echo "$out" | grep -qF -- "${3:-}"; }; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    echo "$out" | sed 's/^/# /'
    failed=$((failed + 1))
  fi
}

echo "1..5"

fresh_copy
expect PASS "the real tree passes"

fresh_copy
printf '#include <glib/gi18n.h>\nconst char *f (void) { return _("Hello"); }\n' > "$tmp/tree/src/ui/kf-new-page.c"
expect FAIL "a new C file with _() is caught" "src/ui/kf-new-page.c"

fresh_copy
printf '#include <glib/gi18n.h>\nstatic const char *s = N_("Hello");\n' > "$tmp/tree/src/ui/kf-other.c"
expect FAIL "N_() is caught too" "src/ui/kf-other.c"

fresh_copy
printf '<interface><object class="GtkLabel"><property name="label" translatable="yes">Hi</property></object></interface>\n' > "$tmp/tree/resources/ui/kf-new-page.ui"
expect FAIL "a new .ui with translatable strings is caught" "resources/ui/kf-new-page.ui"

fresh_copy
rm "$tmp/tree/src/ui/kf-application.c"
expect FAIL "a listed file that no longer exists is caught" "src/ui/kf-application.c"

[ $failed -eq 0 ]
