#!/bin/sh
# SPLICE optional (EXPERT): the `tiny` profile builds without fs/splice.o
# and io_uring/splice.o; there splice(2), vmsplice(2), tee(2), sendfile(2)
# and, on i386, sendfile64(2) fail with ENOSYS, while copy_file_range(2)
# (which used splice inside the kernel) still copies a file right and
# busybox cat (sendfile first, then read/write) copies it byte for byte;
# where the kernel has overlayfs and tmpfs, a copy-up (do_splice_direct())
# is checked too. The `upstream` profile keeps splice, where sendfile,
# splice, tee and vmsplice move the right data. In-guest checks:
# selftests/guest/splice.c (/t/splice).
# requires: *-tiny *-upstream
# timeout: 900
. "$(dirname "$0")/lib.sh"

for arch in $ARCHES; do
	check "$arch/tiny: SPLICE off" config_is "$arch-tiny" SPLICE n
	# fs/splice.c's entry points are not linked in (an O= directory may
	# still hold a splice.o from an earlier configuration).
	check "$arch/tiny: fs/splice.c is not linked (no do_splice, do_tee)" \
		not grep -qwE 'do_splice|do_tee|vmsplice_to_pipe' "$BUILD/$arch-tiny/System.map"
	check "$arch/upstream: fs/splice.c is linked (do_splice present)" \
		grep -qw do_splice "$BUILD/$arch-upstream/System.map"
	guest_ktap "$arch-tiny" "$arch/tiny splice off" -- /t/splice off

	check "$arch/upstream: SPLICE on" config_is "$arch-upstream" SPLICE y
	guest_ktap "$arch-upstream" "$arch/upstream splice on" -- /t/splice on
done
exit 0
