#!/bin/sh
# PERF_EVENTS optional on x86 (EXPERT): the `tiny` profile builds without
# perf (no arch/x86/events, kernel/events or hw_breakpoint objects), where
# perf_event_open(2) fails with ENOSYS, ptrace debugging still works and a
# hardware breakpoint request through DR7 is refused; the `upstream`
# profile keeps perf, where the same program sees a working counter and a
# firing watchpoint. In-guest checks: selftests/guest/perf.c (/t/perf).
. "$(dirname "$0")/lib.sh"

# no_perf_code ARCH PROFILE: nothing of perf was linked in (System.map, not
# object files: a reused build directory keeps stale objects)
no_perf_code() {
	m=$BUILD/$1-$2/System.map
	[ -f "$m" ] || return 1
	# (a weak __*_sys_perf_event_open is the ENOSYS alias, not perf code)
	! grep -Eq ' [^wW] (perf_event_init|x86_pmu|register_user_hw_breakpoint|__[a-z0-9]*_sys_perf_event_open)$' "$m"
}

# has_perf_code ARCH PROFILE: the same symbols are there with perf on, so
# the check above can fail
has_perf_code() {
	m=$BUILD/$1-$2/System.map
	[ -f "$m" ] && [ "$(grep -Ec ' (perf_event_init|x86_pmu|register_user_hw_breakpoint)$' "$m")" = 3 ]
}

for arch in i386 x86_64; do
	if built "$arch" tiny; then
		config_is "$arch" tiny PERF_EVENTS n &&
			config_is "$arch" tiny HAVE_HW_BREAKPOINT n &&
			config_is "$arch" tiny HAVE_PERF_EVENTS y
		ok $? "$arch/tiny: PERF_EVENTS and HAVE_HW_BREAKPOINT off, HAVE_PERF_EVENTS kept"
		no_perf_code "$arch" tiny
		ok $? "$arch/tiny: no perf core, x86 PMU or hw_breakpoint code in System.map"
	fi
	guest_ktap "$arch" tiny "$arch-tiny perf off" --timeout 120 -- /t/perf off

	if built "$arch" upstream; then
		config_is "$arch" upstream PERF_EVENTS y &&
			config_is "$arch" upstream HAVE_HW_BREAKPOINT y
		ok $? "$arch/upstream: PERF_EVENTS and HAVE_HW_BREAKPOINT on"
		has_perf_code "$arch" upstream
		ok $? "$arch/upstream: perf core, x86 PMU and hw_breakpoint code in System.map"
	fi
	guest_ktap "$arch" upstream "$arch-upstream perf on" --timeout 120 -- /t/perf on
done
exit 0
