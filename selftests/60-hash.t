#!/bin/sh
# The hash: trigger (CONFIG_HASH_TRIGGERS) in the `trace` profile:
# - the tree's ftracetest hash trigger tests (test.d/trigger/trigger-hash*.tc)
#   in the x86_64 guest, where busybox sh runs them;
# - /t/hashcount (selftests/guest/hashcount.c) on both arches with 2 and 4
#   vCPUs: exact per-key counts from concurrent children, Hits ==
#   sum(hitcount) + Dropped, an overfilled size=4 table, and on i386, which
#   has no shell, the core trigger cases (syntax, errors, pause/continue/
#   clear, removal, two triggers, hist next to hash).
# requires: *-trace
# timeout: 2400
. "$(dirname "$0")/lib.sh"

FTRACE=$SRC/tools/testing/selftests/ftrace

if [ ! -f "$FTRACE/test.d/trigger/trigger-hash.tc" ]; then
	ok 1 "ftracetest hash trigger tests are in the patched tree"
else
	log=$T_LOG/60-hash-ftracetest.log
	# ftracetest prints "[N] description<TAB>[PASS|FAIL|UNSUPPORTED...]"
	"$VM" --arch x86_64 --profile trace --mem 256M --smp 2 --timeout 600 \
		--add "$FTRACE:/ftrace" -- \
		'cd /ftrace && ./ftracetest test.d/trigger/trigger-hash*.tc' \
		>"$log" 2>&1
	st=$?
	grep -a '^\[[0-9]*\]' "$log" | tr -d '\r' | while IFS= read -r line; do
		desc=$(printf '%s' "$line" | sed 's/^\[[0-9]*\] *//; s/[[:space:]]*\[[A-Z]*\]$//')
		res=$(printf '%s' "$line" | sed -n 's/.*\[\([A-Z]*\)\]$/\1/p')
		case "$res" in
		PASS) ok 0 "ftracetest: $desc" ;;
		UNSUPPORTED|UNTESTED) skip "ftracetest: $desc" "$res" ;;
		*) ok 1 "ftracetest: $desc ($res)" ;;
		esac
	done
	n=$(grep -ac '^\[[0-9]*\]' "$log")
	[ "$n" -gt 0 ] || st=1
	ok "$st" "ftracetest hash trigger tests: $n run, guest exit status $st (log: ${log#"$TOP"/})"
	[ "$st" -eq 0 ] || grep -a -A3 'FAIL\|error' "$log" | head -n 20 | sed 's/^/# /'
fi

for arch in $ARCHES; do
	for smp in 2 4; do
		guest_ktap "$arch-trace" "hashcount $arch smp$smp" \
			--smp "$smp" --mem 256M --timeout 600 \
			-- /t/hashcount all 4 20000
	done
done
exit 0
