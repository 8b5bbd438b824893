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
# move_mount_set_group; patch 0908 makes them skip) run in both guests
# too: in `tiny` each must skip, saying why; in `upstream` each must do no
# worse than on the unpatched tree built with the same configuration
# (selftests/data/kselftest-upstream.expected: some fail there too, for
# want of what no profile here has).
# requires: x86_64-tiny x86_64-upstream x86_64-trace
# timeout: 600
. "$(dirname "$0")/lib.sh"

KST=$SRC/tools/testing/selftests
PROGS="splice/splice_family proc/proc-min perf_events/perf_optional
filesystems/xattr_syscalls mm/mapping_syscalls ptrace/ptrace_optional mount/new_mount_api"
UPSTREAM_PROGS="ptrace/get_syscall_info ptrace/peeksiginfo ptrace/vmaccess ptrace/get_set_sud
mount_setattr/mount_setattr_test move_mount_set_group/move_mount_set_group_test"
# Each of upstream's tests gets this long in the guest (busybox timeout):
# vmaccess's attach test waits forever on 6.12 with ptrace there.
UPSTREAM_TIMEOUT="/bin/busybox timeout 60"
# What upstream's tests give on the unpatched tree with the `upstream`
# profile's configuration (tools/check-full kselftest-ref records it)
REF_RESULTS=$TOP/selftests/data/kselftest-upstream.expected
out=$T_LOG/kselftest
rm -rf "$out" && mkdir -p "$out"

# The uapi headers the programs build against: the upstream build's
# (make headers), which has every option of the series on.
hdr=$BUILD/x86_64-upstream
kmake -s O="$hdr" ARCH=x86_64 headers >"$out/headers.log" 2>&1
check "installs the uapi headers in ${hdr#"$TOP"/}/usr/include" [ -f "$hdr/usr/include/linux/mount.h" ]

for t in $PROGS $UPSTREAM_PROGS; do
	d=${t%/*}
	mkdir -p "$out/$d"
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

# removed_by PROG: "SYMBOL REASON": the option that removes what upstream's
# test PROG tests, and the reason it gives when it skips for that
removed_by() {
	case "$1" in
	ptrace/*) echo "PTRACE compiled out (ENOSYS)" ;;
	mount_setattr/*) echo "NEW_MOUNT_API mount_setattr syscall not supported" ;;
	move_mount_set_group/*) echo "NEW_MOUNT_API move_mount syscall not supported" ;;
	esac
}

# upstream_tests BUILD [KERNEL]: upstream's tests of what the gates remove,
# in one boot (of KERNEL if given: the unpatched reference), each alone (a
# failing one does not stop the rest); with the syscall compiled out each
# must skip, saying why; otherwise each must do no worse than on the
# unpatched tree (REF_RESULTS). Writes "test pass skip fail exit" lines
# to $out/upstream_NAME.results (NAME: the profile, or ref).
upstream_tests() {
	local c t p log sym why
	p=${1#*-} c='cd /tmp 2>/dev/null || cd /'
	[ -z "${2-}" ] || p=ref
	for t in $UPSTREAM_PROGS; do
		c="$c; echo '==> $t <=='; $UPSTREAM_TIMEOUT /ks/$t; echo \"exit \$?\""
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
		sym=$(removed_by "$t" | cut -d" " -f1) why=$(removed_by "$t" | cut -d" " -f2-)
		if [ "$p" = ref ]; then
			diag "unpatched tree: upstream $t: $(ktap_counts "$log")"
		elif config_is "$1" "$sym" n; then
			check "$p: upstream's $t skips: $why" skipped_for "$log" "$why"
		else
			no_worse "$p" "$t" "$log"
		fi
	done
}

# ktap_figures LOG: "PASS SKIP FAIL EXIT" (tab-separated) of one program's
# section: its KTAP results and its exit status (- if it printed none)
ktap_figures() {
	tr -d '\r' <"$1" | awk -v OFS='\t' '
		/^ok [0-9]+ / { if (/# SKIP/) s++; else p++ }
		/^not ok [0-9]+ / { f++ }
		/^exit [0-9]+$/ { e = $2 }
		END { print p + 0, s + 0, f + 0, (e == "" ? "-" : e) }'
}

# no_worse PROFILE TEST LOG: TEST passes at least as many cases and fails
# no more than on the unpatched tree built from the nearest configuration
# (REF_RESULTS, recorded by tools/check-full kselftest-ref)
no_worse() {
	local got ref
	got=$(ktap_figures "$3")
	if [ ! -f "$REF_RESULTS" ]; then
		skip "$1: upstream's $2 against the unpatched tree" \
			"no ${REF_RESULTS#"$TOP"/} (tools/check-full kselftest-ref records it)"
		return
	fi
	ref=$(awk -F'\t' -v t="$2" '$1 == t { print $2 "\t" $3 "\t" $4 "\t" $5 }' "$REF_RESULTS")
	if [ -z "$ref" ]; then
		ok 1 "$1: upstream's $2 is in ${REF_RESULTS#"$TOP"/}"
		return
	fi
	printf '%s\t%s\n' "$got" "$ref" | awk -F'\t' '{ exit !($1 >= $5 && $3 <= $7) }'
	ok $? "$1: upstream's $2 does no worse than on the unpatched tree (pass/skip/fail/exit $(printf '%s' "$got" | tr '\t' /), unpatched $(printf '%s' "$ref" | tr '\t' /))"
}

# skipped_for LOG REASON: the program skipped (as a whole, or every test
# it ran), naming REASON, and nothing failed
skipped_for() {
	tr -d '\r' <"$1" | awk -v why="$2" '
		/^not ok / { bad = 1 }
		/^ok [0-9]+ / && !/# SKIP/ { bad = 1 }
		/SKIP/ && index($0, why) { skip = 1 }
		END { exit !(skip && !bad) }'
}

# ktap_counts LOG: "P pass, S skip, F fail" of a program's KTAP lines
ktap_counts() {
	ktap_figures "$1" | awk -F'\t' '{ printf "%d pass, %d skip, %d fail\n", $1, $2, $3 }'
}

# tools/check-full kselftest-ref: only upstream's tests, on the unpatched
# reference kernel, for the list REF_RESULTS holds
if [ -n "${KSELFTEST_REF_KERNEL-}" ]; then
	upstream_tests x86_64-upstream "$KSELFTEST_REF_KERNEL"
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
