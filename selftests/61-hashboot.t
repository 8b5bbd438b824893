#!/bin/sh
# Boot-time hash triggers (trace_hash=, and hash specs through upstream's
# trace_trigger=) in the `trace` profile on both arches:
# - one trace_hash= with three entries: a stack-trace key whose chains
#   reach start_kernel(), a compound key with two values, sort and size,
#   and raw syscalls by program, which must include pid 1's own syscalls;
#   the tables are consistent and error_log stays empty;
# - a malformed trace_hash= (bad field, not system:event:spec, unknown
#   event) next to a good entry: the system boots, each bad entry is
#   reported on the console and in error_log, no trigger is left on the
#   event with the bad spec, and the good entry counts;
# - trace_hash= given twice (as bootconfig arrays give it): each
#   occurrence adds its entries as written;
# - trace_hash= and trace_trigger= with a boot-time instance
#   (trace_instance=): the boot completes (the triggers are armed while
#   the instance's early event files are made) and the top-level tables
#   count.
# The guest reads tracefs with /t/hashdump (tools/guest/hashdump.c).
# requires: *-trace
# timeout: 1800
. "$(dirname "$0")/lib.sh"

# size=8192: a power of two well above the ~520 chains of a trace kernel's
# boot (the test prints the count), and not the default 2048, so that the
# header shows size= given at boot is kept (tools/bootmem's 16384 is for
# the larger tables it compares).
STACK='kmem:kmalloc:stacktrace:bytes_req,bytes_alloc:size=8192'
COMPOUND='kmem:kmalloc:call_site.sym,gfp_flags.hex:bytes_req,bytes_alloc:sort=bytes_alloc.descending:size=512'
SYSCALLS='raw_syscalls:sys_enter:common_pid.execname,id.syscall'
GOOD="trace_hash=\"$STACK;$COMPOUND;$SYSCALLS\" trace_trigger=kfree.hash:call_site.sym"
BAD='trace_hash="kmem:kmalloc:nosuchfield;garbage;kmem:nosuchevent:bytes_req;kmem:kfree:call_site.sym"'

HS=$TOP/tools/hash/hash-summary
if [ ! -x "$HS" ]; then
	ok 1 "tools/hash/hash-summary is built (make hashtools)"
	exit 0
fi

# summary FILE [HASH-SUMMARY-ARGS...]: the figures of a hash output
# (tools/hash/hash-summary), saved in FILE.sum
summary() {
	local f
	f=$1
	shift
	"$HS" "$@" "$f" >"$f.sum" 2>&1 || sed 's/^/# /' "$f.sum"
}

# figure FILE NAME: one figure of FILE.sum ("consistent" is yes when there
# are entries and Hits = sum(hitcount) + Dropped)
figure() { sed -n "s/^$2 //p" "$1.sum"; }

# counts FILE: the hash output in FILE is consistent (see figure)
counts() { summary "$1" && [ "$(figure "$1" consistent)" = yes ]; }

# boot NAME ARCH DESC TIMEOUT APPEND HASHDUMP-ARGS...: boot ARCH's trace
# kernel with APPEND on its command line and run /t/hashdump with those
# arguments; reports DESC with the status. Sets a (the arch), out (the
# guest's output, with CRs removed) and con (its console); fails when
# the boot did.
boot() {
	local name desc timeout append st
	name=$1 a=$2 desc=$3 timeout=$4 append=$5
	out=$T_LOG/61-hashboot-$name-$a.out con=$T_LOG/61-hashboot-$name-$a.console
	shift 5
	"$VM" --arch "$a" --profile trace --mem 256M --timeout "$timeout" \
		--console "$con" --append "$append" -- /t/hashdump "$@" >"$out" 2>&1
	st=$?
	ok $st "$a: $desc (status $st)"
	[ $st -eq 0 ] || { tail -n 15 "$out" | sed 's/^/# /'; return 1; }
	tr -d '\r' <"$out" >"$out.n" && mv "$out.n" "$out"
}

good_boot() { # good_boot ARCH
	boot good "$1" "boots with three trace_hash= entries and trace_trigger=kfree.hash" \
		300 "$GOOD" --pause kmem/kmalloc --pause kmem/kfree \
		--pause raw_syscalls/sys_enter events/kmem/kmalloc/hash \
		events/kmem/kfree/hash events/raw_syscalls/sys_enter/hash error_log || return
	n=$(grep -c '^trace_hash: .* counting' "$con")
	check "$a: console says all 3 entries are counting ($n)" [ "$n" -eq 3 ]

	hashdump_section "$out" events/kmem/kmalloc/hash >"$out.kmalloc"
	summary "$out.kmalloc" --through start_kernel \
		--table "stacktrace:hitcount,bytes_req,bytes_alloc:sort=hitcount.descending:size=8192"
	check "$a: stack-trace table is there and Hits = sum(hitcount) + Dropped" \
		[ "$(figure "$out.kmalloc" consistent)" = yes ]
	chains=$(figure "$out.kmalloc" through:start_kernel)
	check "$a: ${chains:-no} kmalloc call chains contain start_kernel" [ "${chains:-0}" -gt 0 ]
	diag "$a: $(figure "$out.kmalloc" entries) kmalloc call chains at boot, $(figure "$out.kmalloc" hits) kmallocs"

	summary "$out.kmalloc" --order bytes_alloc \
		--table "call_site.sym,gfp_flags.hex:hitcount,bytes_req,bytes_alloc:sort=bytes_alloc.descending:size=512"
	[ "$(figure "$out.kmalloc" consistent)" = yes ] &&
		grep -q '^key: call_site:[a-z_].*, gfp_flags:0x' "$out.kmalloc"
	ok $? "$a: compound key (call_site.sym, gfp_flags.hex) with two values is counted"
	check "$a: compound table is sorted by bytes_alloc, descending" \
		[ "$(figure "$out.kmalloc" order:bytes_alloc)" = descending ]

	hashdump_section "$out" events/raw_syscalls/sys_enter/hash >"$out.sys"
	summary "$out.sys"
	[ "$(figure "$out.sys" consistent)" = yes ] && grep -q '^key: common_pid:init\[1\], id:sys_' "$out.sys"
	ok $? "$a: syscalls armed at boot include pid 1's (init[1])"
	grep -q '^key: common_pid:hashdump\[[0-9]*\], id:sys_' "$out.sys"
	ok $? "$a: ... and those of its children (hashdump)"

	hashdump_section "$out" events/kmem/kfree/hash >"$out.kfree"
	summary "$out.kfree"
	grep -q '^# hash:call_site.sym:hitcount' "$out.kfree" && [ "$(figure "$out.kfree" consistent)" = yes ]
	ok $? "$a: trace_trigger=kfree.hash:call_site.sym counts from boot"

	hashdump_section "$out" error_log >"$out.err"
	check "$a: error_log is empty" [ ! -s "$out.err" ]
}

bad_boot() { # bad_boot ARCH
	boot bad "$1" "a malformed trace_hash= leaves a booted system" 300 "$BAD" \
		--pause kmem/kfree events/kmem/kmalloc/trigger events/kmem/kfree/hash \
		error_log || return
	grep -q 'trace_hash: kmem:kmalloc:nosuchfield not set (-22)' "$con" &&
		grep -q 'trace_hash: garbage: trace_hash= entry is not <system>:<event>:<spec>' "$con" &&
		grep -q 'trace_hash: kmem:nosuchevent:bytes_req: trace_hash= names no such event' "$con"
	ok $? "$a: the console names each bad entry and why"
	hashdump_section "$out" error_log >"$out.err"
	grep -q 'hash:kmem:kmalloc: error: Unknown field' "$out.err" &&
		grep -q 'trace_hash: error: trace_hash= entry is not' "$out.err" &&
		grep -q 'trace_hash: error: trace_hash= names no such event' "$out.err"
	ok $? "$a: error_log has the three errors"
	[ "$(grep -c 'error:' "$out.err")" -eq 3 ]
	ok $? "$a: ... and nothing else ($(grep -c 'error:' "$out.err") errors)"
	hashdump_section "$out" events/kmem/kmalloc/trigger >"$out.trig"
	! grep -q '^hash:' "$out.trig"
	ok $? "$a: no trigger is left on kmem:kmalloc"
	hashdump_section "$out" events/kmem/kfree/hash >"$out.kfree"
	summary "$out.kfree"
	check "$a: the good entry next to them (kmem:kfree) counts" [ "$(figure "$out.kfree" consistent)" = yes ]
}

REPEAT='trace_hash=kmem:kmalloc:bytes_req trace_hash=sched:sched_switch:prev_pid'
INSTANCE='trace_instance=foo trace_hash=kmem:kmalloc:bytes_req trace_trigger=kfree.hash:call_site'

repeat_boot() { # repeat_boot ARCH
	boot repeat "$1" "boots with trace_hash= given twice" 300 "$REPEAT" \
		--pause kmem/kmalloc --pause sched/sched_switch events/kmem/kmalloc/hash \
		events/sched/sched_switch/hash error_log || return
	grep -q '^trace_hash: kmem:kmalloc:bytes_req counting' "$con" &&
		grep -q '^trace_hash: sched:sched_switch:prev_pid counting' "$con"
	ok $? "$a: the console says both entries are counting, as written"
	hashdump_section "$out" events/kmem/kmalloc/hash >"$out.kmalloc"
	grep -q '^# hash:bytes_req:hitcount' "$out.kmalloc" && counts "$out.kmalloc"
	ok $? "$a: the first trace_hash= (kmem:kmalloc) counts"
	hashdump_section "$out" events/sched/sched_switch/hash >"$out.switch"
	grep -q '^# hash:prev_pid:hitcount' "$out.switch" && counts "$out.switch"
	ok $? "$a: the second trace_hash= (sched:sched_switch) counts"
}

instance_boot() { # instance_boot ARCH
	boot instance "$1" "boots with trace_instance= next to trace_hash= and trace_trigger=" \
		120 "$INSTANCE" --pause kmem/kmalloc --pause kmem/kfree \
		events/kmem/kmalloc/hash events/kmem/kfree/hash \
		instances/foo/events/kmem/kmalloc/trigger || return
	hashdump_section "$out" events/kmem/kmalloc/hash >"$out.kmalloc"
	hashdump_section "$out" events/kmem/kfree/hash >"$out.kfree"
	counts "$out.kmalloc" && counts "$out.kfree"
	ok $? "$a: the top-level boot-time tables count next to the instance"
}

for a in $ARCHES; do
	good_boot "$a"
	bad_boot "$a"
	repeat_boot "$a"
	instance_boot "$a"
done
exit 0
