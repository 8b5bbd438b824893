#!/bin/sh
# Every profile boots to userspace on both arches.
. "$(dirname "$0")/lib.sh"
for arch in i386 x86_64; do
	for profile in upstream tiny net trace; do
		if ! built "$arch" "$profile"; then
			ok 1 "$arch/$profile is built"
			continue
		fi
		vm_run "boot-$arch-$profile" --arch "$arch" --profile "$profile" --timeout 90
		st=$?
		ok "$st" "$arch/$profile boots to userspace (status $st)"
	done
done
exit 0
