#!/bin/sh
# XATTR_SYSCALLS optional (EXPERT): the `tiny` profile builds without the
# extended attribute syscalls, where setxattr(2) .. fremovexattr(2) fail
# with ENOSYS and ordinary file work (and busybox cp -a and ls -l, where
# the guest has busybox) does not notice; the `upstream` profile keeps
# them, where trusted.* attributes on sysfs are set, read, listed and
# removed through every form of the calls. In-guest checks:
# selftests/guest/xattr.c (/t/xattr).
# requires: *-tiny *-upstream
# timeout: 900
. "$(dirname "$0")/lib.sh"

for arch in $ARCHES; do
	check "$arch/tiny: XATTR_SYSCALLS off" config_is "$arch-tiny" XATTR_SYSCALLS n
	# the syscalls' helpers are not linked in (a weak __*_sys_setxattr is
	# the ENOSYS alias)
	check "$arch/tiny: the xattr syscalls' code is not linked (no path_setxattr, do_getxattr)" \
		not grep -qwE 'path_setxattr|do_getxattr|path_listxattr|path_removexattr' \
		"$BUILD/$arch-tiny/System.map"
	check "$arch/upstream: the xattr syscalls' code is linked (do_getxattr present)" \
		grep -qw do_getxattr "$BUILD/$arch-upstream/System.map"
	guest_ktap "$arch-tiny" "$arch/tiny xattr off" -- /t/xattr off

	check "$arch/upstream: XATTR_SYSCALLS on" config_is "$arch-upstream" XATTR_SYSCALLS y
	guest_ktap "$arch-upstream" "$arch/upstream xattr on" -- /t/xattr on
done
exit 0
