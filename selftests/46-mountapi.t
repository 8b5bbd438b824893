#!/bin/sh
# NEW_MOUNT_API optional (EXPERT): the `tiny` profile builds without the
# file descriptor based mount API, where fsopen(2), fspick(2), fsconfig(2),
# fsmount(2), move_mount(2), open_tree(2), mount_setattr(2), statmount(2)
# and listmount(2) fail with ENOSYS, while mount(2) (new, bind, read-only
# remount, move), /proc/self/mounts, umount2(2) and busybox mount and
# umount (where the guest has busybox) keep working; the `upstream`
# profile keeps the API, where a ramfs is made, attached, cloned, made
# read-only, reconfigured, listed and stated with it. In-guest checks:
# selftests/guest/mountapi.c (/t/mountapi).
# requires: *-tiny *-upstream
# timeout: 900
. "$(dirname "$0")/lib.sh"

for arch in $ARCHES; do
	check "$arch/tiny: NEW_MOUNT_API off" config_is "$arch-tiny" NEW_MOUNT_API n
	# fs/fsopen.c and the syscalls' helpers in fs/namespace.c are not
	# linked in (a weak __*_sys_fsopen is the ENOSYS alias)
	check "$arch/tiny: the new mount API's code is not linked (no fscontext_fops, do_statmount)" \
		not grep -qwE 'fscontext_fops|fscontext_read|do_statmount|do_listmount|do_mount_setattr' \
		"$BUILD/$arch-tiny/System.map"
	check "$arch/upstream: the new mount API's code is linked (fscontext_fops present)" \
		grep -qw fscontext_fops "$BUILD/$arch-upstream/System.map"
	guest_ktap "$arch-tiny" "$arch/tiny mountapi off" -- /t/mountapi off

	check "$arch/upstream: NEW_MOUNT_API on" config_is "$arch-upstream" NEW_MOUNT_API y
	guest_ktap "$arch-upstream" "$arch/upstream mountapi on" -- /t/mountapi on
done
exit 0
