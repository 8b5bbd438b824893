#!/bin/sh
# MAPPING_SYSCALLS optional (EXPERT): the `tiny` profile builds without
# mremap(2), mlock(2) and its family, mincore(2) and msync(2), which fail
# with ENOSYS there, while mmap, mprotect, munmap, MAP_LOCKED, shared file
# mappings, exec (which moves the new stack with mremap's page table code)
# and busybox sort (glibc realloc() of a mmap()ed block, where the guest
# has busybox) keep working; the `upstream` profile keeps the calls, where
# they resize, move, lock, query and write back mappings. In-guest
# checks: selftests/guest/mapping.c (/t/mapping).
# requires: *-tiny *-upstream
# timeout: 900
. "$(dirname "$0")/lib.sh"

for arch in $ARCHES; do
	check "$arch/tiny: MAPPING_SYSCALLS off" config_is "$arch-tiny" MAPPING_SYSCALLS n
	# the syscalls' code is not linked in (a weak __*_sys_mremap is the
	# ENOSYS alias); move_page_tables() and the folio mlock code stay
	check "$arch/tiny: mremap, mlock, mincore and msync code is not linked" \
		not grep -qwE 'mremap_to|mlock_fixup|do_mincore|vma_to_resize' \
		"$BUILD/$arch-tiny/System.map"
	check "$arch/tiny: what the rest of mm uses stays (move_page_tables, mlock_folio)" \
		[ "$(grep -cwE 'move_page_tables|mlock_folio' "$BUILD/$arch-tiny/System.map")" = 2 ]
	check "$arch/upstream: the syscalls' code is linked (mlock_fixup present)" \
		grep -qw mlock_fixup "$BUILD/$arch-upstream/System.map"
	guest_ktap "$arch-tiny" "$arch/tiny mapping off" -- /t/mapping off

	check "$arch/upstream: MAPPING_SYSCALLS on" config_is "$arch-upstream" MAPPING_SYSCALLS y
	guest_ktap "$arch-upstream" "$arch/upstream mapping on" -- /t/mapping on
done
exit 0
