#!/bin/sh
# End to end from real boots to the host tools: `make bootmem`'s script
# (tools/bootmem, i386) boots i386-upstream+bootmem and i386-tiny+bootmem
# (no KALLSYMS) with boot-time hash triggers on kmalloc, kmem_cache_alloc
# (by call chain and by cache name), the page allocator and the per-CPU
# allocator, symbolizes the raw tables with System.map, folds
# them, draws flame graphs, sets the totals against /proc/meminfo, lists
# the largest static objects and diffs the two profiles.
# requires: i386-upstream i386-tiny i386-upstream+bootmem i386-tiny+bootmem
# timeout: 900
. "$(dirname "$0")/lib.sh"
OUT=$BUILD/bootmem
# hits_bytes TABLE: its hits and total bytes_alloc, as hash-summary counts them
hits_bytes() {
	"$TOP/tools/hash/hash-summary" "$1" |
		awk '{ v[$1] = $2 } END { print v["hits"] + 0, v["total:bytes_alloc"] + 0 }'
}
# pause_window HITS BYTES HITS2 BYTES2: the first table saw what the second
# did, plus 0-4 allocations (of at most a page each) in between
pause_window() {
	[ "$3" -gt 0 ] && [ "$1" -ge "$3" ] && [ "$1" -le $(($3 + 4)) ] &&
		[ "$2" -ge "$4" ] && [ "$2" -le $(($4 + ($1 - $3) * 4096)) ]
}
# positive FIGURE...: each is a signed figure above 0 ("+12", "+256K")
positive() {
	local v
	for v in "$@"; do
		v=$(printf '%s' "$v" | tr -d '+K')
		[ -n "$v" ] && [ "$v" -gt 0 ] 2>/dev/null || return 1
	done
}
log=$T_LOG/62-bootmem.log
"$TOP/tools/bootmem" i386 >"$log" 2>&1
st=$?
ok $st "tools/bootmem runs to its end (status $st, log: ${log#"$TOP"/})"
[ $st -eq 0 ] || { tail -n 20 "$log" | sed 's/^/# /'; exit 0; }

for p in upstream tiny; do
	raw=$OUT/i386-$p.raw hash=$OUT/i386-$p.hash
	n=$(grep -c '^key: stacktrace:' "$raw")
	grep -q '^ *0xc[0-9a-f]\{7\}$' "$raw"
	ok $? "$p: the kernel (no KALLSYMS) prints raw addresses ($n chains)"
	! grep -q '^ *0x[0-9a-f]*$' "$hash" && grep -q '^ *start_kernel+0x[0-9a-f]*/0x[0-9a-f]*$' "$hash"
	ok $? "$p: every frame is symbolized with System.map, start_kernel among them"
	[ "$(grep -c '^key: stacktrace:' "$hash")" -eq "$n" ]
	ok $? "$p: symbolizing keeps every entry"
	grep -q '^start_kernel;.* [0-9][0-9]*$\|;start_kernel;.* [0-9][0-9]*$' "$OUT/i386-$p.folded"
	ok $? "$p: folded stacks have start_kernel frames and a value"
	xmllint --noout "$OUT/i386-$p.svg"	# libxml2-utils, from tools/setup
	ok $? "$p: the flame graph is well-formed SVG"
	grep -q '<title>start_kernel' "$OUT/i386-$p.svg"
	ok $? "$p: the flame graph has a start_kernel frame"
done

# The other allocators: a symbolized table with start_kernel chains, a
# flame graph, and pages by order.
for p in upstream tiny; do
	for a in cache pages percpu; do
		b=$OUT/i386-$p-$a
		n=$(grep -c '^key: stacktrace:' "$b.raw")
		[ "$n" -gt 0 ] && [ "$(grep -c '^key: stacktrace:' "$b.hash")" -eq "$n" ] &&
			! grep -q '^ *0x[0-9a-f]*$' "$b.hash"
		ok $? "$p $a: $n call chains, every frame symbolized"
		grep -q '<title>start_kernel' "$b.svg" && xmllint --noout "$b.svg"
		ok $? "$p $a: a well-formed flame graph with start_kernel"
	done
	awk '$1 == 0 && $2 > 0 { f = 1 } $1 !~ /^[0-9]+$/ { bad = 1 }
		END { exit !(f && !bad) }' "$OUT/i386-$p-order.folded"
	ok $? "$p: page allocations by order, order 0 among them"
	# kmem_cache_alloc by cache name: the same events as by call chain,
	# but its trigger is paused just after the other (hashdump pauses
	# them one write at a time, and each write opens the trigger file):
	# 0 to 4 hits more, and as many more bytes as those objects hold
	set -- $(hits_bytes "$OUT/i386-$p-names.raw") $(hits_bytes "$OUT/i386-$p-cache.raw")
	check "$p: kmem_cache_alloc by cache ($1 hits, $2 bytes) = by call chain ($3 hits, $4 bytes) and what pausing allocated" \
		pause_window "$@"
	check "$p: the caches have names (task_struct among them)" \
		grep -q '^task_struct [0-9][0-9]*$' "$OUT/i386-$p-names.folded"
	# reconciliation row: profile kmalloc kmem_cache pages percpu Slab
	# in-use Kstack Percpu
	awk -v p="$p" '/^All allocators at boot/ { t = 1 }
		t && $1 == p && NF == 9 && $2 > 0 && $3 > 0 && $4 > 0 && $5 >= 0 && $6 > 0 &&
		$7 > 0 && $9 > 0 { f = 1 } END { exit !f }' "$log"
	ok $? "$p: the allocators' totals and /proc/meminfo are reported"
	biggest=$(nm -S --size-sort "$BUILD/i386-$p+bootmem/vmlinux" | awk '$3 ~ /^[dDbB]$/ { n = $4 } END { print n }')
	grep -q "^ *[0-9]*  [datbs ]*  $biggest\$" "$log"
	ok $? "$p: the largest static object ($biggest) is listed"
done

# The +bootmem kernels' own cost: more code and static RAM than the plain
# profile (FTRACE), and the armed triggers' tables take RAM on top.
for p in upstream tiny; do
	row=$(awk -v p="$p" '/^What the \+bootmem kernels cost/ { t = 1 } t && $1 == p' "$log")
	set -- $row
	check "$p: +bootmem costs code (${2:-?}) and static RAM (${3:-?})" positive "$2" "$3"
	check "$p: the armed triggers' tables take RAM once init runs (${6:-?})" positive "$6"
done

# The report's table: chains and bytes for both profiles, and the diff.
for p in upstream tiny; do
	awk -v p="$p" '$1 == p && $2 > 0 && $3 > 0 && $6 > 0 { f = 1 } END { exit !f }' "$log"
	ok $? "$p: report row has chains, start_kernel chains and bytes"
done
grep -q 'entries' "$OUT/i386-diff.txt"
ok $? "the diff of upstream and tiny has its summary"
exit 0
