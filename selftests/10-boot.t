#!/bin/sh
# Every profile boots to userspace on every arch.
# requires: *-*
# timeout: 1200
. "$(dirname "$0")/lib.sh"
for arch in $ARCHES; do
	for profile in $PROFILES; do
		vm_run "boot-$arch-$profile" --arch "$arch" --profile "$profile" --timeout $BOOT_TIMEOUT
		st=$?
		ok "$st" "$arch/$profile boots to userspace (status $st)"
	done
done
exit 0
