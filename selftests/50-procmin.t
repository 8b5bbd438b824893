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
. "$(dirname "$0")/lib.sh"

# kernel_opt ARCH PROFILE: the tools/vm options that pick the kernel.
kernel_opt() {
	eval "k=\${PROCMIN_KERNEL_$1_$2:-}"
	[ -n "$k" ] && printf -- '--kernel %s' "$k"
}

have() { # have ARCH PROFILE: a kernel to boot?
	[ -n "$(kernel_opt "$1" "$2")" ] || built "$1" "$2"
}

# section LOG NAME: the lines the guest printed under "== NAME".
section() {
	tr -d '\r' <"$1" | awk -v s="== $2" '$0 == s { on = 1; next } /^== / { on = 0 } on'
}

check() { # check DESCRIPTION SHELL-CODE: ok if the code succeeds
	(eval "$2") >/dev/null 2>&1
	ok $? "$1"
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
	if ! have $arch $profile; then
		ok 1 "$tag: build/$arch-$profile exists"
		continue
	fi
	# shellcheck disable=SC2046 # kernel_opt is meant to split
	vm_run procmin-$profile --arch $arch --profile $profile \
		$(kernel_opt $arch $profile) -- "$busybox_session"
	st=$?
	log=$T_LOG/procmin-$profile.log
	ok $st "$tag: busybox session ran (status $st, log: ${log#"$TOP"/})"
	[ $st -eq 0 ] || tail -n 15 "$log" | sed 's/^/# /'

	check "$tag: ps lists pid 1 (/init)" \
		"section '$log' ps | grep -Eq '^ *1 +[a-z0-9]+ .*/init'"
	check "$tag: ps lists itself and a sleep child" \
		"section '$log' ps | grep -Eq ' ps\$|\{ps\}' &&
			section '$log' ps | grep -q 'sleep 30'"
	check "$tag: top -n 1 shows Mem, CPU, load and pid 1" \
		"section '$log' top | grep -Eq '^Mem: [0-9]+K used, [0-9]+K free' &&
			section '$log' top | grep -Eq '^CPU: ' &&
			section '$log' top | grep -Eq '^Load average: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+' &&
			section '$log' top | grep -Eq '^ *1 +0 .*/init'"
	check "$tag: free shows a plausible total and used <= total" \
		"section '$log' free | awk '/^Mem:/ { ok = \$2 > 8192 && \$2 < 4194304 && \$3 <= \$2 }
			END { exit !ok }'"
	check "$tag: uptime parses" \
		"section '$log' uptime | grep -Eq 'up .*load average: [0-9]+\.[0-9]+, [0-9]+\.[0-9]+, [0-9]+\.[0-9]+'"
	check "$tag: mount shows proc on /proc" \
		"section '$log' mount | grep -q '^proc on /proc type proc '"
	check "$tag: df lists mounted filesystems" \
		"section '$log' df | grep -Eq '^(proc|sysfs|devtmpfs|rootfs|none) .* /(proc|sys|dev)?\$'"
	check "$tag: kill -0 of live pids works" \
		"section '$log' kill0 | grep -qx kill0-ok"
	check "$tag: kill ends a sleep child (status 143)" \
		"section '$log' kill | grep -qx status=143"
	check "$tag: pidof finds init (pid 1)" \
		"section '$log' pidof | grep -qw 1"
	if [ $profile = tiny ]; then
		check "$tag: dropped /proc entries are absent" \
			"! section '$log' dropped | grep -q '^present' &&
				section '$log' dropped | grep -q '^absent interrupts\$'"
	else
		check "$tag: the full /proc is there (interrupts, vmstat, tty, ...)" \
			"! section '$log' dropped | grep -q '^absent' &&
				section '$log' dropped | grep -q '^present interrupts\$'"
		check "$tag: /proc/interrupts lists the timer" \
			"section '$log' interrupts | grep -Eq '^ *0: '"
	fi
done

# The in-guest check, both arches: kept files parse; dropped ones absent
# (min) or present (full).
for arch in x86_64 i386; do
	for profile in tiny upstream; do
		mode=min
		[ $profile = upstream ] && mode=full
		k=$(kernel_opt $arch $profile)
		if [ -z "$k" ]; then
			guest_ktap $arch $profile "$arch $profile procmin $mode" -- /t/procmin $mode
			continue
		fi
		# A kernel given by hand: run it like guest_ktap does.
		log=$T_LOG/procmin-$arch-$profile-guest.log
		# shellcheck disable=SC2086
		"$VM" --arch $arch --profile $profile $k -- /t/procmin $mode >"$log" 2>&1
		st=$?
		sed -n -e "s/^\(not ok\|ok\) [0-9]* *-* */\1 - $arch $profile procmin $mode: /p" "$log" | tr -d '\r'
		ok $st "$arch $profile procmin $mode: guest exit status $st"
	done
done
exit 0
