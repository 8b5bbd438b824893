#!/bin/sh
# PTRACE optional (EXPERT): the `tiny` profile builds without ptrace(2),
# which fails with ENOSYS there for every request, while job control, a
# child's /proc/PID/stat and status (procfs checks access with
# ptrace_may_access(), which stays) and busybox ps (where the guest has
# busybox) keep working; the `upstream` profile keeps ptrace, where
# TRACEME, PEEK/POKEDATA, PTRACE_SYSCALL stops, ATTACH/DETACH and
# SEIZE/INTERRUPT work. (30-perf.t runs its ptrace and debug register
# checks on `trace`, which keeps ptrace with perf off.) In-guest checks:
# selftests/guest/ptrace.c (/t/ptrace).
# requires: *-tiny *-upstream
# timeout: 900
. "$(dirname "$0")/lib.sh"

for arch in $ARCHES; do
	check "$arch/tiny: PTRACE off" config_is "$arch-tiny" PTRACE n
	# the syscall's code is not linked in (a weak __*_sys_ptrace is the
	# ENOSYS alias); ptrace_may_access() stays. (On x86_64 the generic
	# ptrace_request() stays linked, though nothing calls it.)
	check "$arch/tiny: ptrace's syscall code is not linked (no arch_ptrace, ptrace_check_attach, ptrace_stop)" \
		not grep -qwE 'arch_ptrace|ptrace_check_attach|ptrace_traceme|ptrace_stop' \
		"$BUILD/$arch-tiny/System.map"
	check "$arch/tiny: ptrace_may_access() stays (procfs uses it)" \
		grep -qw ptrace_may_access "$BUILD/$arch-tiny/System.map"
	check "$arch/upstream: ptrace's request code is linked (ptrace_request present)" \
		grep -qw ptrace_request "$BUILD/$arch-upstream/System.map"
	guest_ktap "$arch-tiny" "$arch/tiny ptrace off" -- /t/ptrace off

	check "$arch/upstream: PTRACE on" config_is "$arch-upstream" PTRACE y
	guest_ktap "$arch-upstream" "$arch/upstream ptrace on" -- /t/ptrace on
done
exit 0
