#!/bin/sh
# scripts/checkpatch.pl --strict on every patch of the series. A patch may
# carry justified exceptions in patches/checkpatch.exceptions (one today: a
# Fixes: commit that checkpatch cannot find without a git tree):
#   PATCH TYPE[,TYPE...]  reason
# requires:
# timeout: 600
. "$(dirname "$0")/lib.sh"

exceptions=$TOP/patches/checkpatch.exceptions
listed=$(series_patches)
[ -n "$listed" ] || skip "checkpatch --strict" "the series is empty"
for p in $listed; do
	ignore=$(awk -v p="$p" '$1 == p {print $2}' "$exceptions" 2>/dev/null)
	log=$T_LOG/checkpatch-$(basename "$p").log
	(cd "$SRC" && perl scripts/checkpatch.pl --strict --no-tree --terse \
		--show-types ${ignore:+--ignore "$ignore"} "$TOP/patches/$p") >"$log" 2>&1
	st=$?
	ok "$st" "checkpatch --strict $p${ignore:+ (excepted: $ignore)}"
	[ "$st" -eq 0 ] || grep -E 'ERROR|WARNING|CHECK' "$log" | head -8 | sed 's/^/# /'
done
exit 0
