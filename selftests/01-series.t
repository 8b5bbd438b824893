#!/bin/sh
# The series: every entry exists, every patch file is in the series, each is
# mail-ready, and all apply in order with fuzz 0 to a pristine base.
# requires:
# timeout: 300
. "$(dirname "$0")/lib.sh"

listed=$(series_patches)
# A patch commented out in the series ("# foo.patch") is a visible decision.
disabled=$(series_disabled)

missing=""
for p in $listed; do [ -f "$TOP/patches/$p" ] || missing="$missing $p"; done
check "every patch in series exists${missing:+ (missing:$missing)}" [ -z "$missing" ]

stray=""
for f in $(cd "$TOP/patches" && find . -name '*.patch' | sed 's|^\./||'); do
	# shellcheck disable=SC2086
	word_in "$f" $listed $disabled || stray="$stray $f"
done
check "every patch file is named in series${stray:+ (not:$stray)}" [ -z "$stray" ]

for p in $listed; do
	f=$TOP/patches/$p
	bad=""
	grep -q '^From: .*<.*@.*>' "$f" || bad="$bad From:"
	grep -Eq '^Subject: (\[PATCH[^]]*\] )?[a-z0-9_/.-]+: [A-Z]' "$f" || bad="$bad Subject:"
	grep -q '^Signed-off-by: .*<.*@.*>' "$f" || bad="$bad Signed-off-by:"
	check "$p is mail-ready${bad:+ (bad or missing:$bad)}" [ -z "$bad" ]
done

# Apply in order with fuzz 0 to pristine copies of just the files touched.
scratch=$BUILD/series-check
rm -rf "$scratch" && mkdir -p "$scratch"
# shellcheck disable=SC2086
pristine_copy "$scratch" $listed
n=0
for p in $listed; do
	n=$((n + 1))
	if out=$(cd "$scratch" && patch -p1 -F0 -N --no-backup-if-mismatch -s <"$TOP/patches/$p" 2>&1); then
		ok 0 "$p applies with fuzz 0"
	else
		ok 1 "$p applies with fuzz 0"
		printf '%s\n' "$out" | head -5 | sed 's/^/# /'
	fi
done
[ "$n" -gt 0 ] || skip "series applies with fuzz 0" "the series is empty"
rm -rf "$scratch"
exit 0
