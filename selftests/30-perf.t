#!/bin/sh
# PERF_EVENTS optional on x86 (EXPERT): the `tiny` profile builds without
# perf (no arch/x86/events, kernel/events or hw_breakpoint objects), where
# perf_event_open(2) fails with ENOSYS; so does `trace`, which keeps
# ptrace (tiny has PTRACE off), and there ptrace debugging still works and
# a hardware breakpoint request through DR7 is refused; the `upstream`
# profile keeps perf, where the same program sees a working counter and a
# firing watchpoint. In-guest checks: selftests/guest/perf.c (/t/perf).
# requires: *-tiny *-trace *-upstream
# timeout: 900
. "$(dirname "$0")/lib.sh"

# no_perf_code ARCH PROFILE: nothing of perf was linked in (System.map, not
# object files: a reused build directory keeps stale objects)
no_perf_code() {
	local m
	m=$BUILD/$1-$2/System.map
	[ -f "$m" ] || return 1
	# (a weak __*_sys_perf_event_open is the ENOSYS alias, not perf code)
	! grep -Eq ' [^wW] (perf_event_init|x86_pmu|register_user_hw_breakpoint|__[a-z0-9]*_sys_perf_event_open)$' "$m"
}

# has_perf_code ARCH PROFILE: the same symbols are there with perf on, so
# the check above can fail
has_perf_code() {
	local m
	m=$BUILD/$1-$2/System.map
	[ -f "$m" ] && [ "$(grep -Ec ' (perf_event_init|x86_pmu|register_user_hw_breakpoint)$' "$m")" = 3 ]
}

perf_off() { # perf_off BUILD
	config_is "$1" PERF_EVENTS n && config_is "$1" HAVE_HW_BREAKPOINT n &&
		config_is "$1" HAVE_PERF_EVENTS y
}
perf_on() { # perf_on BUILD
	config_is "$1" PERF_EVENTS y && config_is "$1" HAVE_HW_BREAKPOINT y
}

for arch in $ARCHES; do
	check "$arch/tiny: PERF_EVENTS and HAVE_HW_BREAKPOINT off, HAVE_PERF_EVENTS kept" \
		perf_off "$arch-tiny"
	check "$arch/tiny: no perf core, x86 PMU or hw_breakpoint code in System.map" \
		no_perf_code "$arch" tiny
	guest_ktap "$arch-tiny" "$arch-tiny perf off" -- /t/perf off noptrace

	# the ptrace and debug register checks without perf, with ptrace
	check "$arch/trace: PERF_EVENTS and HAVE_HW_BREAKPOINT off, HAVE_PERF_EVENTS kept" \
		perf_off "$arch-trace"
	check "$arch/trace: PTRACE on" config_is "$arch-trace" PTRACE y
	check "$arch/trace: no perf core, x86 PMU or hw_breakpoint code in System.map" \
		no_perf_code "$arch" trace
	guest_ktap "$arch-trace" "$arch-trace perf off" -- /t/perf off

	check "$arch/upstream: PERF_EVENTS and HAVE_HW_BREAKPOINT on" perf_on "$arch-upstream"
	check "$arch/upstream: perf core, x86 PMU and hw_breakpoint code in System.map" \
		has_perf_code "$arch" upstream
	guest_ktap "$arch-upstream" "$arch-upstream perf on" -- /t/perf on
done
exit 0
