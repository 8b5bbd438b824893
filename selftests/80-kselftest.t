#!/bin/sh
# The series' own kselftests (patches/selftests/09xx: splice_family,
# proc-min, perf_optional), built out of tree from the patched tree's
# tools/testing/selftests (each directory's Makefile, OUTPUT=, static, for
# the x86_64 guest), run in the x86_64 `tiny` guest (SPLICE, PERF_EVENTS
# and PTRACE off, PROC_MIN on) and `upstream` guest (all as upstream
# has them), and perf_optional also in the `trace` guest (PERF_EVENTS
# off, PTRACE on), where its debug register checks, which need ptrace,
# run. Each program asks the kernel which case it is in; this test
# also checks that each took the case the profile's .config says, so a
# program that wrongly skips everything cannot pass.
# requires: x86_64-tiny x86_64-upstream x86_64-trace
# timeout: 600
. "$(dirname "$0")/lib.sh"

KST=$SRC/tools/testing/selftests
PROGS="splice/splice_family proc/proc-min perf_events/perf_optional"
out=$T_LOG/kselftest
rm -rf "$out" && mkdir -p "$out"

for t in $PROGS; do
	d=${t%/*}
	mkdir -p "$out/$d"
	make -s -C "$KST/$d" OUTPUT="$out/$d" LDFLAGS=-static "$out/$t" \
		>"$out/${t##*/}.build.log" 2>&1
	check "builds $t out of tree, static (log: ${out#"$TOP"/}/${t##*/}.build.log)" \
		[ -x "$out/$t" ]
done

# guest_cmd PROG...: the guest runs each program from a writable
# directory and fails if any failed
guest_cmd() {
	local c t
	c='cd /tmp 2>/dev/null || cd /; st=0'
	for t in "$@"; do
		c="$c; echo '# $t'; /ks/$t || st=1"
	done
	printf '%s; exit $st\n' "$c"
}

# took LOG RESULT...: did the run report each RESULT (a fixed string after
# "ok N "), as a pass and not a skip?
took() {
	local log r
	log=$1
	shift
	for r in "$@"; do
		tr -d '\r' <"$log" | grep -Eq "^ok [0-9]+ $r\$" || return 1
	done
}

for p in tiny upstream trace; do
	b=x86_64-$p
	if [ "$p" = trace ]; then
		guest_ktap "$b" "kselftest $p" --timeout 300 --add "$out:/ks" -- \
			"$(guest_cmd perf_events/perf_optional)"
		log=$T_LOG/kselftest_$p.log
		check "$p: perf_optional found no perf and checked the debug registers" \
			took "$log" "perf_event_open fails with ENOSYS" \
			"setting a DR0 address fails with EOPNOTSUPP"
		continue
	fi
	# shellcheck disable=SC2086 # a list of programs
	guest_ktap "$b" "kselftest $p" --timeout 300 --add "$out:/ks" -- "$(guest_cmd $PROGS)"
	log=$T_LOG/kselftest_$p.log
	if config_is "$b" SPLICE n; then
		check "$p: splice_family found the family compiled out" \
			took "$log" "every call of the family fails with ENOSYS"
	else
		check "$p: splice_family found the family there and moved data" \
			took "$log" "splice moves a file through a pipe" "sendfile copies a file"
	fi
	if config_is "$b" PROC_MIN y; then
		check "$p: proc-min found a minimal /proc and checked the dropped files" \
			took "$log" "/proc/self/environ is absent" "/proc/self/task is absent"
	else
		check "$p: proc-min found a full /proc" \
			grep -q "/proc/self/environ is there: a full /proc" "$log"
	fi
	if config_is "$b" PERF_EVENTS n && config_is "$b" PTRACE n; then
		check "$p: perf_optional found no perf, and no ptrace for the debug registers" \
			took "$log" "perf_event_open fails with ENOSYS"
		check "$p: perf_optional skipped the debug registers for want of ptrace" \
			grep -q "setting a DR0 address fails with EOPNOTSUPP: no ptrace (ENOSYS)" "$log"
	elif config_is "$b" PERF_EVENTS n; then
		check "$p: perf_optional found no perf and checked the debug registers" \
			took "$log" "perf_event_open fails with ENOSYS" \
			"setting a DR0 address fails with EOPNOTSUPP"
	else
		check "$p: perf_optional found perf and a counting counter" \
			took "$log" "a task-clock counter counts"
	fi
done
exit 0
