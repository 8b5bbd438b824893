#!/bin/sh
# scripts/checkpatch.pl --strict --no-signoff on every patch of the series
# (the queue carries no sign-off: tools/format-patch adds the sender's, and
# 04-mail.t checks the mails with full checkpatch). A patch may carry
# justified exceptions in patches/checkpatch.exceptions:
#   PATCH TYPE[,TYPE...]  reason
# requires:
# timeout: 600
. "$(dirname "$0")/lib.sh"

listed=$(series_patches)
[ -n "$listed" ] || skip "checkpatch --strict" "the series is empty"
for p in $listed; do
	ignore=$(checkpatch_exceptions "$p")
	log=$T_LOG/checkpatch-$(basename "$p").log
	(cd "$SRC" && perl scripts/checkpatch.pl --strict --no-signoff --no-tree --terse \
		--show-types ${ignore:+--ignore "$ignore"} "$TOP/patches/$p") >"$log" 2>&1
	st=$?
	ok "$st" "checkpatch --strict $p${ignore:+ (excepted: $ignore)}"
	[ "$st" -eq 0 ] || grep -E 'ERROR|WARNING|CHECK' "$log" | head -8 | sed 's/^/# /'
done
exit 0
