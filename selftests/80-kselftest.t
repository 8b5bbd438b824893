#!/bin/sh
# The series' own kselftests (patches/selftests/09xx: splice_family,
# proc-min, perf_optional, xattr_syscalls, mapping_syscalls,
# ptrace_optional, new_mount_api), built out of tree from the patched
# tree's tools/testing/selftests (each directory's Makefile, OUTPUT=,
# static, for the x86_64 guest, against the uapi headers of the upstream
# build), run in the x86_64 `tiny` guest (every option set for size) and
# `upstream` guest (all as upstream has them), and perf_optional also in
# the `trace` guest (PERF_EVENTS off, PTRACE on), where its debug register
# checks, which need ptrace, run. Each program asks the kernel which case
# it is in; this test also checks that each took the case the profile's
# .config says, so a program that wrongly skips everything cannot pass.
# Upstream's own tests of what the options remove (ptrace, mount_setattr,
# move_mount_set_group, breakpoints, perf_events, splice, proc; patches
# 0908 and 0909 make them skip) run in both guests too: where the
# profile's options remove what a test tests, it must skip, saying why
# (proc's tests, which print no KTAP, with exit status 4 as well); every
# other must do no worse than on the unpatched tree built
# with the same configuration (selftests/data/kselftest-PROFILE.expected:
# some fail there too, for want of what no profile here has).
# requires: x86_64-tiny x86_64-upstream x86_64-trace
# timeout: 600
. "$(dirname "$0")/lib.sh"

KST=$SRC/tools/testing/selftests
PROGS="splice/splice_family proc/proc-min perf_events/perf_optional
filesystems/xattr_syscalls mm/mapping_syscalls ptrace/ptrace_optional mount/new_mount_api"
UPSTREAM_PROGS="ptrace/get_syscall_info ptrace/peeksiginfo ptrace/vmaccess ptrace/get_set_sud
mount_setattr/mount_setattr_test move_mount_set_group/move_mount_set_group_test
breakpoints/breakpoint_test breakpoints/step_after_suspend_test
perf_events/sigtrap_threads perf_events/remove_on_exec perf_events/watermark_signal
perf_events/mmap splice/default_file_splice_read.sh splice/short_splice_read.sh
proc/fd-001-lookup proc/fd-002-posix-eq proc/fd-003-kthread proc/proc-2-is-kthread
proc/proc-empty-vm proc/proc-fsconfig-hidepid proc/proc-loadavg-001
proc/proc-multiple-procfs proc/proc-pid-vm proc/proc-self-isnt-kthread
proc/proc-self-map-files-001 proc/proc-self-map-files-002 proc/proc-self-syscall
proc/proc-self-wchan proc/proc-subset-pid proc/proc-tid0 proc/proc-uptime-001
proc/proc-uptime-002 proc/read proc/self proc/setns-dcache proc/setns-sysvipc
proc/thread-self"
# The programs the splice scripts run from their directory
UPSTREAM_HELPERS="splice/default_file_splice_read splice/splice_read"
# Each of upstream's tests gets this long in the guest (busybox timeout):
# vmaccess's attach test and proc-tid0 wait forever on 6.12 (with ptrace,
# with futexes); the others take a few seconds.
UPSTREAM_TIMEOUT="/bin/busybox timeout 30"
# ref_results PROFILE: what upstream's tests give on the unpatched tree with
# that profile's configuration (tools/check-full kselftest-ref records it)
ref_results() { echo "$TOP/selftests/data/kselftest-$1.expected"; }
out=$T_LOG/kselftest
rm -rf "$out" && mkdir -p "$out"

# The uapi headers the programs build against: the upstream build's
# (make headers), which has every option of the series on.
hdr=$BUILD/x86_64-upstream
kmake -s O="$hdr" ARCH=x86_64 headers >"$out/headers.log" 2>&1
check "installs the uapi headers in ${hdr#"$TOP"/}/usr/include" [ -f "$hdr/usr/include/linux/mount.h" ]

for t in $PROGS $UPSTREAM_PROGS $UPSTREAM_HELPERS; do
	d=${t%/*}
	mkdir -p "$out/$d"
	case "$t" in
	*.sh)
		check "copies $t" install -m 755 "$KST/$t" "$out/$t"
		continue ;;
	esac
	make -s -C "$KST/$d" OUTPUT="$out/$d" LDFLAGS=-static \
		KHDR_INCLUDES="-isystem $hdr/usr/include" "$out/$t" \
		>"$out/${t##*/}.build.log" 2>&1
	check "builds $t out of tree, static (log: ${out#"$TOP"/}/${t##*/}.build.log)" \
		[ -x "$out/$t" ]
done

# guest_cmd PROG...: the guest runs each program from a writable
# directory and fails if any failed
guest_cmd() {
	local c t
	c='cd /tmp 2>/dev/null || cd /; st=0'
	for t in "$@"; do
		c="$c; echo '# $t'; /ks/$t || st=1"
	done
	printf '%s; exit $st\n' "$c"
}

# took LOG RESULT...: did the run report each RESULT (the text after
# "ok N ", compared as a string), as a pass and not a skip?
took() {
	local log r
	log=$1
	shift
	for r in "$@"; do
		tr -d '\r' <"$log" | awk -v r="$r" '
			/^ok [0-9]+ / { t = $0; sub(/^ok [0-9]+ /, "", t); if (t == r) f = 1 }
			END { exit !f }' || return 1
	done
}

# family BUILD LOG SYMBOL PROGRAM KEPT PRESENT: a syscall-family gate's
# kselftest took the case the .config says: with SYMBOL off, the family
# fails with ENOSYS and KEPT still works; with it on, KEPT works and so
# does PRESENT, a data test of the family
family() {
	if config_is "$1" "$3" n; then
		check "${1#*-}: $4 found the family compiled out, and \"$5\" still works" \
			took "$2" "every call of the family fails with ENOSYS" "$5"
	else
		check "${1#*-}: $4 found the family there: \"$6\"" took "$2" "$5" "$6"
	fi
}

# removed_in BUILD TEST: does BUILD's configuration remove what upstream's
# TEST tests? If so, WHY is the text its skip gives ("" where upstream's
# test exits with 4 and says nothing: proc-self-syscall, proc-self-wchan)
# and WHAT says which option removes what.
removed_in() {
	WHY="" WHAT=""
	case "$2" in
	proc/proc-empty-vm) without "$1" PTRACE n "ptrace(2) is compiled out (ENOSYS)" \
		"PTRACE=n: it holds its child with ptrace(2)" ;;
	ptrace/*) without "$1" PTRACE n "ptrace(2) is compiled out (ENOSYS)" "" ;;
	breakpoints/breakpoint_test)
		without "$1" PTRACE n "ptrace(2) is compiled out (ENOSYS)" "" ||
			without "$1" PERF_EVENTS n "hardware breakpoints are not supported (EOPNOTSUPP)" \
				"PERF_EVENTS=n: no hardware breakpoints on x86 without perf" ;;
	mount_setattr/*) without "$1" NEW_MOUNT_API n "mount_setattr syscall not supported" "" ;;
	move_mount_set_group/*) without "$1" NEW_MOUNT_API n "move_mount syscall not supported" "" ;;
	proc/proc-fsconfig-hidepid) without "$1" NEW_MOUNT_API n "fsopen(2) is compiled out (ENOSYS)" "" ;;
	perf_events/mmap) without "$1" PERF_EVENTS n "perf not available." "" ;;
	perf_events/*) without "$1" PERF_EVENTS n "perf_event_open(2) is compiled out (ENOSYS)" "" ;;
	splice/*.sh) without "$1" SPLICE n "splice(2) is compiled out (ENOSYS)" "" ;;
	proc/fd-002-posix-eq|proc/thread-self)
		without "$1" PROC_MIN y "no /proc/thread-self" "" ;;
	proc/proc-self-map-files-*) without "$1" PROC_MIN y "no /proc/self/map_files" "" ;;
	proc/proc-self-syscall) without "$1" PROC_MIN y "" "PROC_MIN=y: it drops /proc/PID/syscall" ;;
	proc/proc-self-wchan) without "$1" PROC_MIN y "" "PROC_MIN=y: it drops /proc/PID/wchan" ;;
	*) false ;;
	esac
}
# without BUILD SYMBOL VALUE WHY WHAT: removed_in's case, if BUILD has SYMBOL
# set so (WHAT defaults to "SYMBOL=VALUE: WHY")
without() {
	config_is "$1" "$2" "$3" || return 1
	WHY=$4 WHAT=${5:-"$2=$3: $4"}
}

# upstream_tests BUILD [KERNEL]: upstream's tests of what the gates remove,
# in one boot (of KERNEL if given: the unpatched reference), each alone (a
# failing one does not stop the rest); with the syscall compiled out each
# must skip, saying why; otherwise each must do no worse than on the
# unpatched tree (ref_results). Writes "test pass skip fail exit" lines
# to $out/upstream_NAME.results (NAME: the profile, or ref).
upstream_tests() {
	local c t p log
	p=${1#*-} c='cd /tmp 2>/dev/null || cd /'
	[ -z "${2-}" ] || p=ref-$p
	for t in $UPSTREAM_PROGS; do
		case "$t" in
		*.sh) c="$c; echo '==> $t <=='; (cd /ks/${t%/*} && $UPSTREAM_TIMEOUT sh ./${t##*/})" ;;
		*) c="$c; echo '==> $t <=='; $UPSTREAM_TIMEOUT /ks/$t" ;;
		esac
		c="$c; echo \"exit \$?\""
	done
	c="$c; echo '==> end <=='"
	vm_run "kselftest_upstream_$p" --arch x86_64 --profile "${1#*-}" ${2:+--kernel "$2"} \
		--timeout 300 --add "$out:/ks" -- "$c"
	check "$p: upstream's tests ran to their end (log: ${T_LOG#"$TOP"/}/kselftest_upstream_$p.log)" \
		grep -q "^==> end <==" "$T_LOG/kselftest_upstream_$p.log"
	: >"$out/upstream_$p.results"
	for t in $UPSTREAM_PROGS; do
		log=$out/upstream_$p.${t##*/}.log
		hashdump_section "$T_LOG/kselftest_upstream_$p.log" "$t" >"$log"
		printf '%s\t%s\n' "$t" "$(ktap_figures "$log")" >>"$out/upstream_$p.results"
		if [ -n "${2-}" ]; then
			diag "unpatched tree: upstream $t: $(ktap_counts "$log")"
		elif removed_in "$1" "$t"; then
			check "$p: upstream's $t skips: $WHAT" skipped_for "$log" "$WHY"
		else
			no_worse "$p" "$t" "$log"
		fi
	done
}

# ktap_figures LOG: "PASS SKIP FAIL EXIT" (tab-separated) of one program's
# section: its KTAP results and its exit status (- if it printed none); a
# program with no result line (proc's tests, a bail-out, a "1..0 # SKIP")
# counts as one result of its exit status: 0 passed, 4 skipped, else failed
ktap_figures() {
	tr -d '\r' <"$1" | awk -v OFS='\t' '
		/^ok [0-9]+ / { if (/# SKIP/) s++; else p++ }
		/^not ok [0-9]+ / { f++ }
		/^1\.\.0 # SKIP/ { s0 = 1 }
		/^exit [0-9]+$/ { e = $2 }
		END {
			if (p + s + f == 0 && e != "") {
				if (s0 || e == 4) s = 1; else if (e == 0) p = 1; else f = 1
			}
			print p + 0, s + 0, f + 0, (e == "" ? "-" : e)
		}'
}

# no_worse PROFILE TEST LOG: TEST passes at least as many cases and fails
# no more than on the unpatched tree built from the nearest configuration
# (ref_results, recorded by tools/check-full kselftest-ref)
no_worse() {
	local got ref file
	got=$(ktap_figures "$3") file=$(ref_results "$1")
	if [ ! -f "$file" ]; then
		skip "$1: upstream's $2 against the unpatched tree" \
			"no ${file#"$TOP"/} (tools/check-full kselftest-ref records it)"
		return
	fi
	ref=$(awk -F'\t' -v t="$2" '$1 == t { print $2 "\t" $3 "\t" $4 "\t" $5 }' "$file")
	if [ -z "$ref" ]; then
		ok 1 "$1: upstream's $2 is in ${file#"$TOP"/}"
		return
	fi
	printf '%s\t%s\n' "$got" "$ref" | awk -F'\t' '{ exit !($1 >= $5 && $3 <= $7) }'
	ok $? "$1: upstream's $2 does no worse than on the unpatched tree (pass/skip/fail/exit $(printf '%s' "$got" | tr '\t' /), unpatched $(printf '%s' "$ref" | tr '\t' /))"
}

# skipped_for LOG REASON: the program skipped (as a whole, or every test
# it ran), naming REASON ("" for none), and nothing failed; one that
# printed no result (proc's tests) must also have exited with 4 (KSFT_SKIP)
skipped_for() {
	tr -d '\r' <"$1" | awk -v why="$2" '
		/^not ok / { bad = 1 }
		/^ok [0-9]+ / && !/# SKIP/ { bad = 1 }
		/^(not )?ok [0-9]+ / { results = 1 }
		why == "" || /SKIP/ && index($0, why) { named = 1 }
		/^exit [0-9]+$/ { e = $2 }
		END { exit !(named && !bad && (results || e == 4)) }'
}

# ktap_counts LOG: "P pass, S skip, F fail" of a program's KTAP lines
ktap_counts() {
	ktap_figures "$1" | awk -F'\t' '{ printf "%d pass, %d skip, %d fail\n", $1, $2, $3 }'
}

# tools/check-full kselftest-ref: only upstream's tests, on the unpatched
# reference kernel, for the list REF_RESULTS holds
if [ -n "${KSELFTEST_REF_KERNEL-}" ]; then
	upstream_tests "x86_64-${KSELFTEST_REF_PROFILE:-upstream}" "$KSELFTEST_REF_KERNEL"
	exit 0
fi

for p in tiny upstream trace; do
	b=x86_64-$p
	if [ "$p" = trace ]; then
		guest_ktap "$b" "kselftest $p" --timeout 300 --add "$out:/ks" -- \
			"$(guest_cmd perf_events/perf_optional)"
		log=$T_LOG/kselftest_$p.log
		check "$p: perf_optional found no perf and checked the debug registers" \
			took "$log" "perf_event_open fails with ENOSYS" \
			"setting a DR0 address fails with EOPNOTSUPP"
		continue
	fi
	# shellcheck disable=SC2086 # a list of programs
	guest_ktap "$b" "kselftest $p" --timeout 300 --add "$out:/ks" -- "$(guest_cmd $PROGS)"
	log=$T_LOG/kselftest_$p.log
	if config_is "$b" SPLICE n; then
		check "$p: splice_family found the family compiled out" \
			took "$log" "every call of the family fails with ENOSYS"
	else
		check "$p: splice_family found the family there and moved data" \
			took "$log" "splice moves a file through a pipe" "sendfile copies a file"
	fi
	if config_is "$b" PROC_MIN y; then
		check "$p: proc-min found a minimal /proc and checked the dropped files" \
			took "$log" "/proc/self/environ is absent" "/proc/self/task is absent"
	else
		check "$p: proc-min found a full /proc" \
			grep -q "/proc/self/environ is there: a full /proc" "$log"
	fi
	if config_is "$b" PERF_EVENTS n && config_is "$b" PTRACE n; then
		check "$p: perf_optional found no perf, and no ptrace for the debug registers" \
			took "$log" "perf_event_open fails with ENOSYS"
		check "$p: perf_optional skipped the debug registers for want of ptrace" \
			grep -q "setting a DR0 address fails with EOPNOTSUPP: no ptrace (ENOSYS)" "$log"
	elif config_is "$b" PERF_EVENTS n; then
		check "$p: perf_optional found no perf and checked the debug registers" \
			took "$log" "perf_event_open fails with ENOSYS" \
			"setting a DR0 address fails with EOPNOTSUPP"
	else
		check "$p: perf_optional found perf and a counting counter" \
			took "$log" "a task-clock counter counts"
	fi
	family "$b" "$log" XATTR_SYSCALLS xattr_syscalls "files and symbolic links work without xattrs" \
		"the xattr calls are there together or not at all"
	family "$b" "$log" MAPPING_SYSCALLS mapping_syscalls "mmap, mprotect and munmap of part of a mapping" \
		"mremap grows a mapping, keeping its data"
	family "$b" "$log" PTRACE ptrace_optional "/proc/PID/stat of a child" \
		"PTRACE_POKEDATA writes it"
	family "$b" "$log" NEW_MOUNT_API new_mount_api "mount(2) mounts a ramfs and binds it" \
		"fsopen, fsconfig, fsmount and move_mount attach a ramfs"
	upstream_tests "$b"
done
exit 0
