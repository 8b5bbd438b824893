#!/bin/sh
# CONFIG_PROC_MIN: in the `tiny` profile (PROC_MIN=y) the busybox tools a
# small device runs (ps, top, free, uptime, mount, df, kill) still give
# correct output and the dropped /proc files are gone; in `upstream`
# (PROC_MIN=n) the full /proc is there. The in-guest program
# selftests/guest/procmin.c checks the same on both arches (the i386
# guest has no busybox).
#
# To try kernels that are not the profiles' own builds, set
# PROCMIN_KERNEL_<arch>_<profile>=path/to/bzImage (e.g.
# PROCMIN_KERNEL_x86_64_tiny).
# requires: *-tiny *-upstream
# timeout: 900
. "$(dirname "$0")/lib.sh"

# kernel_opt ARCH PROFILE: the tools/vm options that pick the kernel.
kernel_opt() {
	local k
	eval "k=\${PROCMIN_KERNEL_$1_$2:-}"
	[ -n "$k" ] && printf -- '--kernel %s' "$k"
}

# section LOG NAME: the lines the guest printed under "== NAME".
section() {
	tr -d '\r' <"$1" | awk -v s="== $2" '$0 == s { on = 1; next } /^== / { on = 0 } on'
}

# has LOG NAME ERE...: every ERE matches a line of that section
has() {
	local log name re
	log=$1 name=$2
	shift 2
	for re in "$@"; do
		section "$log" "$name" | grep -Eq -- "$re" || return 1
	done
}

# lacks LOG NAME ERE: no line of that section matches
lacks() { ! section "$1" "$2" | grep -Eq -- "$3"; }

# lacks_and_has LOG NAME ERE-NOT ERE: no line matches ERE-NOT, one matches ERE
lacks_and_has() { lacks "$1" "$2" "$3" && has "$1" "$2" "$4"; }

# free_plausible LOG: free's total is plausible and used <= total
free_plausible() {
	section "$1" free | awk '/^Mem:/ { ok = $2 > 8192 && $2 < 4194304 && $3 <= $2 }
		END { exit !ok }'
}

busybox_session='
	sleep 30 &
	sp=$!
	echo "== ps"; ps
	echo "== top"; top -b -n 1
	echo "== free"; free
	echo "== uptime"; uptime
	echo "== mount"; mount
	echo "== df"; df -a
	echo "== kill0"; kill -0 1 && kill -0 $$ && echo kill0-ok
	echo "== kill"; kill $sp; wait $sp; echo "status=$?"
	echo "== pidof"; pidof init
	echo "== dropped"
	for f in interrupts softirqs iomem ioports vmstat zoneinfo devices \
		consoles cmdline tty irq self/environ self/mountinfo self/task; do
		if [ -e /proc/$f ]; then echo "present $f"; else echo "absent $f"; fi
	done
	echo "== interrupts"; cat /proc/interrupts
	echo "== end"'

for profile in tiny upstream; do
	arch=x86_64
	tag=$arch/$profile
	# shellcheck disable=SC2046 # kernel_opt is meant to split
	vm_run procmin-$profile --arch $arch --profile $profile \
		$(kernel_opt $arch $profile) -- "$busybox_session"
	st=$?
	log=$T_LOG/procmin-$profile.log
	ok $st "$tag: busybox session ran (status $st, log: ${log#"$TOP"/})"
	[ $st -eq 0 ] || tail -n 15 "$log" | sed 's/^/# /'

	check "$tag: ps lists pid 1 (/init)" has "$log" ps '^ *1 +[a-z0-9]+ .*/init'
	check "$tag: ps lists itself and a sleep child" has "$log" ps ' ps$|\{ps\}' 'sleep 30'
	check "$tag: top -n 1 shows Mem, CPU, load and pid 1" has "$log" top \
		'^Mem: [0-9]+K used, [0-9]+K free' '^CPU: ' \
		'^Load average: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+' '^ *1 +0 .*/init'
	check "$tag: free shows a plausible total and used <= total" free_plausible "$log"
	check "$tag: uptime parses" has "$log" uptime \
		'up .*load average: [0-9]+\.[0-9]+, [0-9]+\.[0-9]+, [0-9]+\.[0-9]+'
	check "$tag: mount shows proc on /proc" has "$log" mount '^proc on /proc type proc '
	check "$tag: df lists mounted filesystems" has "$log" df \
		'^(proc|sysfs|devtmpfs|rootfs|none) .* /(proc|sys|dev)?$'
	check "$tag: kill -0 of live pids works" has "$log" kill0 '^kill0-ok$'
	check "$tag: kill ends a sleep child (status 143)" has "$log" kill '^status=143$'
	check "$tag: pidof finds init (pid 1)" has "$log" pidof '(^| )1( |$)'
	if [ $profile = tiny ]; then
		check "$tag: dropped /proc entries are absent" \
			lacks_and_has "$log" dropped '^present' '^absent interrupts$'
	else
		check "$tag: the full /proc is there (interrupts, vmstat, tty, ...)" \
			lacks_and_has "$log" dropped '^absent' '^present interrupts$'
		check "$tag: /proc/interrupts lists the timer" has "$log" interrupts '^ *0: '
	fi
done

# The in-guest check, both arches: kept files parse; dropped ones absent
# (min) or present (full).
for arch in $ARCHES; do
	for profile in tiny upstream; do
		mode=min
		[ $profile = upstream ] && mode=full
		# shellcheck disable=SC2046 # kernel_opt is meant to split
		guest_ktap "$arch-$profile" "$arch $profile procmin $mode" \
			$(kernel_opt $arch $profile) -- /t/procmin $mode
	done
done
exit 0
