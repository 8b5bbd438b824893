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

# Mail-ready, without anyone's identity: tools/format-patch adds the
# sender's From: and Signed-off-by: and the [PATCH n/m] numbering.
for p in $listed; do
	f=$TOP/patches/$p
	bad=""
	grep -Eq '^Subject: [a-z0-9_/.-]+: [A-Z]' "$f" || bad="$bad Subject: (subsys: Summary, no [PATCH])"
	! grep -Eq '^(From|Signed-off-by): ' "$f" || bad="$bad has From:/Signed-off-by: (strip them: make refresh)"
	! grep '^Fixes: ' "$f" | grep -Evq '^Fixes: [0-9a-f]{12} \("[^"]+"\)$' ||
		bad="$bad Fixes: (12-digit SHA and (\"subject\"))"
	[ -n "$(patch_set "$p")" ] || bad="$bad in no set (a '# Set:' banner above it in series)"
	check "$p is mail-ready${bad:+ (bad:$bad)}" [ -z "$bad" ]
done

# Every set says what it is, what it applies to (pristine, or sets before
# it) and where it stands upstream.
seen=""
for s in $(series_sets); do
	bad=""
	[ -n "$(set_patches "$s")" ] || bad="$bad no patches"
	for k in Title Base "Upstream status"; do
		[ -n "$(set_field "$s" "$k")" ] || bad="$bad no $k:"
	done
	for b in $(set_field "$s" Base); do
		[ "$b" = pristine ] && continue
		# shellcheck disable=SC2086
		word_in "$b" $seen || bad="$bad Base: $b is not a set before it"
	done
	for b in $(set_field "$s" Bisect); do
		[ "$b" = none ] || (check_build_name "$b") 2>/dev/null || bad="$bad Bisect: $b is no build"
	done
	# shellcheck disable=SC2086
	! word_in "$s" $seen || bad="$bad a second set named $s"
	seen="$seen $s"
	check "set $s has Title, Base and Upstream status${bad:+ (bad:$bad)}" [ -z "$bad" ]
done
[ -n "$seen" ] || check "the series has sets ('# Set:' banners)" false

# File names follow the sets: DIR/NNNN-<Subject slug>.patch, numbered in
# series order within the set (tools/rename-patches says what to rename).
misnamed=$("$TOP/tools/rename-patches" --dry-run 2>&1 | sed -n 's/^rename \([^ ]*\) .*/\1/p' | tr '\n' ' ')
check "every patch file is named after its set and Subject${misnamed:+ (run tools/rename-patches: $misnamed)}" \
	[ -z "$misnamed" ]

# The patch files carry no trailing blanks (tools/refresh writes a blank
# context line as an empty one): checkpatch on a patch file flags them.
blanks=$(cd "$TOP/patches" && grep -lE '^(\+.*[[:blank:]]| (.*[[:blank:]])?)$' $listed | tr '\n' ' ')
check "no added or context line of a patch ends in a blank${blanks:+ (in: $blanks)}" \
	[ -z "$blanks" ]

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
