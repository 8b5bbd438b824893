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
. "$(dirname "$0")/lib.sh"

for arch in i386 x86_64; do
	d=$BUILD/$arch-tiny
	if built "$arch" tiny; then
		config_is "$arch" tiny SPLICE n
		ok $? "$arch/tiny: SPLICE off"
		# fs/splice.c's entry points are not linked in (an O= directory
		# may still hold a splice.o from an earlier configuration).
		! grep -qwE 'do_splice|do_tee|vmsplice_to_pipe' "$d/System.map"
		ok $? "$arch/tiny: fs/splice.c is not linked (no do_splice, do_tee)"
		grep -qw do_splice "$BUILD/$arch-upstream/System.map"
		ok $? "$arch/upstream: fs/splice.c is linked (do_splice present)"
	fi
	guest_ktap "$arch" tiny "$arch/tiny splice off" --timeout 120 -- /t/splice off

	if built "$arch" upstream; then
		config_is "$arch" upstream SPLICE y
		ok $? "$arch/upstream: SPLICE on"
	fi
	guest_ktap "$arch" upstream "$arch/upstream splice on" --timeout 120 -- /t/splice on
done
exit 0
