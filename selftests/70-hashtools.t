#!/bin/sh
# Host tools for hash-trigger output (tools/hash), on the fixtures in
# selftests/data/hash: exact expected outputs (expected/), --help, bad
# flags and malformed input (exit 2, "TOOL: ...", with the line number),
# and a flame graph that is valid XML with one rectangle per frame.
# Host only: no kernel, no guest.
# requires:
# timeout: 600
. "$(dirname "$0")/lib.sh"

H=$TOP/tools/hash
D=$TOP/selftests/data/hash
E=$D/expected
TOOLS="hash-symbolize hash-diff hash-folded hash-flamegraph hash-summary syscall-advisor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

show() { sed 's/^/# /' "$@" | head -n 30; }

# run INPUT TOOL ARGS...: TOOL <INPUT, bounded; sets tool and st, output
# in $tmp/out and $tmp/err.
run() {
	local in
	in=$1 tool=$2
	shift 2
	timeout 30 "$H/$tool" "$@" <"$in" >"$tmp/out" 2>"$tmp/err"
	st=$?
}

# expect DESC EXPECTED INPUT TOOL ARGS...: TOOL <INPUT exits 0 and prints
# exactly EXPECTED.
expect() {
	local desc exp
	desc=$1 exp=$2
	shift 2
	run "$@"
	if [ "$st" -eq 0 ] && diff -u "$exp" "$tmp/out" >"$tmp/diff"; then
		ok 0 "$tool: $desc"
	else
		ok 1 "$tool: $desc (exit $st)"
		show "$tmp/diff" "$tmp/err"
	fi
}

# fails DESC PATTERN INPUT TOOL ARGS...: exit status 2 and a message
# "TOOL: ..." on stderr that contains PATTERN.
fails() {
	local desc pat
	desc=$1 pat=$2
	shift 2
	run "$@"
	if [ "$st" -eq 2 ] && grep -q "^$tool: .*$pat" "$tmp/err"; then
		ok 0 "$tool: $desc"
	else
		ok 1 "$tool: $desc (exit $st, want 2 and '$pat')"
		show "$tmp/err"
	fi
}

# Build.
timeout 300 make -s -C "$H" >"$tmp/build.log" 2>&1
st=$?
ok "$st" "tools/hash builds (make -s -C tools/hash)"
if [ "$st" -ne 0 ]; then
	show "$tmp/build.log"
	exit 0
fi
warn=0
for c in "$H"/*.c; do
	timeout 60 gcc -O2 -Wall -Wextra -Wshadow -Wformat=2 -std=gnu11 -Werror \
		-fsyntax-only "$c" >>"$tmp/warn.log" 2>&1 || warn=1
done
ok "$warn" "tools/hash compiles without warnings"
[ "$warn" -eq 0 ] || show "$tmp/warn.log"

# Every tool: --help on stdout with status 0; a bad flag is named, exit 2.
for t in $TOOLS; do
	timeout 10 "$H/$t" --help >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ "$st" -eq 0 ] && grep -q "^usage: $t" "$tmp/out" && [ ! -s "$tmp/err" ]
	ok $? "$t: --help prints usage to stdout, exit 0 (was $st)"
	fails "a bad flag is refused, naming it" "--bogus" /dev/null "$t" --bogus
done

# hash-symbolize
expect "x86_64 raw addresses, aliases, text range" "$E/symbolize-x86_64.out" \
	"$D/raw-x86_64.hash" hash-symbolize --system-map "$D/System.map-x86_64"
expect "i386 raw addresses, .sym and .hex key fields" "$E/symbolize-i386.out" \
	"$D/raw-i386.hash" hash-symbolize --system-map "$D/System.map-i386"
expect "symbolic input passes through byte for byte" "$D/kmalloc-a.hash" \
	"$D/kmalloc-a.hash" hash-symbolize --system-map "$D/System.map-x86_64"
fails "malformed input: line number" "stdin: line 3: expected key:" \
	"$D/bad-stray.hash" hash-symbolize --system-map "$D/System.map-x86_64"
fails "--system-map is required" "--system-map FILE is required" \
	"$D/raw-x86_64.hash" hash-symbolize
fails "a System.map that is not one: line number" "line 1: not a System.map line" \
	"$D/raw-x86_64.hash" hash-symbolize --system-map "$D/stacks.folded"

# hash-folded
expect "kmalloc stacks, root first, hitcount" "$E/folded-kmalloc.out" \
	"$D/kmalloc-a.hash" hash-folded
expect "slides format (count:, no indentation), --value, merged" \
	"$E/folded-slides.out" "$D/slides.hash" hash-folded --value bytes_alloc
expect "field keys fold field by field" "$E/folded-syscalls.out" \
	"$D/syscalls.hash" hash-folded
fails "a key without vals: (line 5)" "line 5: key: before the previous key's vals:" \
	"$D/bad-no-vals.hash" hash-folded
fails "a bad value (line 2)" "line 2: bad number in 'bytes:lots'" \
	"$D/bad-vals.hash" hash-folded
fails "a stray line (line 3)" "line 3: expected key:, vals: or Totals:" \
	"$D/bad-stray.hash" hash-folded
fails "input ending inside a key (line 2)" "line 2: input ends before" \
	"$D/bad-truncated.hash" hash-folded
fails "--value that an entry lacks (line 2)" "line 2: the entry has no value 'bytes_alloc'" \
	"$D/syscalls.hash" hash-folded --value bytes_alloc

# hash-summary
expect "two tables read as one: totals summed, chains through a function" \
	"$E/summary-all.out" "$D/two-tables.hash" hash-summary --through start_kernel --order hitcount
expect "--table picks the stack table: Hits = hitcount + Dropped" \
	"$E/summary-stack.out" "$D/two-tables.hash" hash-summary --table stacktrace: \
	--through start_kernel --order bytes_req
expect "--table picks the field table, sorted ascending" \
	"$E/summary-fields.out" "$D/two-tables.hash" hash-summary --table call_site.sym --order bytes_alloc
expect "slides format: Hits above the hitcounts is not consistent" \
	"$E/summary-slides.out" "$D/slides.hash" hash-summary
fails "--table that matches no header" "no table whose header starts with '# hash:nope'" \
	"$D/two-tables.hash" hash-summary --table nope
fails "--order that an entry lacks (line 2)" "line 2: the entry has no value 'bytes_alloc'" \
	"$D/syscalls.hash" hash-summary --order bytes_alloc
fails "a stray line (line 3)" "line 3: expected key:, vals: or Totals:" \
	"$D/bad-stray.hash" hash-summary
fails "two input files" "one input file only" /dev/null hash-summary a b

# hash-flamegraph
expect "exact SVG for a known input" "$E/flamegraph-stacks.svg" \
	"$D/stacks.folded" hash-flamegraph --title 'stacks & <friends>' --width 800
# frames of a folded file: every distinct root-first prefix
count_frames() {
	awk '{ sub(/ [0-9]+$/, ""); n = split($0, f, ";"); p = "";
	       for (i = 1; i <= n; i++) { p = p ";" f[i]; seen[p] = 1 } }
	     END { for (k in seen) c++; print c + 0 }' "$1"
}
for src in "$D/stacks.folded" kmalloc; do
	if [ "$src" = kmalloc ]; then
		"$H/hash-folded" <"$D/kmalloc-a.hash" >"$tmp/k.folded"
		src=$tmp/k.folded name="hash-folded | hash-flamegraph on kmalloc stacks"
	else
		name="stacks.folded"
	fi
	"$H/hash-flamegraph" <"$src" >"$tmp/g.svg"
	st=$?
	want=$(count_frames "$src")
	got=$(grep -c '<rect class="fr"' "$tmp/g.svg")
	[ "$st" -eq 0 ] && [ "$want" -gt 0 ] && [ "$got" -eq "$want" ]
	ok $? "hash-flamegraph: $name: one rect per frame ($got of $want)"
	# xmllint comes with libxml2-utils, which tools/setup installs
	xmllint --noout "$tmp/g.svg" 2>"$tmp/err"
	ok $? "hash-flamegraph: $name: xmllint --noout accepts the SVG"
	[ -s "$tmp/err" ] && show "$tmp/err"
done
grep -q '<title>main (15, 60.00%)</title>' "$E/flamegraph-stacks.svg" &&
	grep -q '&quot;quoted&quot; &amp; &lt;tag&gt; it&apos;s' "$E/flamegraph-stacks.svg"
ok $? "hash-flamegraph: tooltips carry value and percent; names are escaped"
fails "malformed folded line (line 2)" "line 2: want 'frame;frame;... COUNT'" \
	"$D/bad-folded.txt" hash-flamegraph
fails "empty input" "no folded stacks" /dev/null hash-flamegraph

# hash-diff (inputs are named files)
expect "two boots: summary, only in A/B, changed by bytes_alloc" "$E/diff.out" \
	/dev/null hash-diff "$D/kmalloc-a.hash" "$D/kmalloc-b.hash"
expect "--exact keeps offsets, --top 1, --frames 3, --value hitcount" \
	"$E/diff-exact.out" /dev/null hash-diff --exact --top 1 --frames 3 \
	--value hitcount "$D/kmalloc-a.hash" "$D/kmalloc-b.hash"
expect "B from stdin equals itself: nothing changed" "$E/diff-same.out" \
	"$D/kmalloc-a.hash" hash-diff "$D/kmalloc-a.hash" -
fails "one input only" "want two inputs" /dev/null hash-diff "$D/kmalloc-a.hash"
fails "malformed B: file and line" "bad-vals.hash: line 2: bad number" /dev/null \
	hash-diff "$D/kmalloc-a.hash" "$D/bad-vals.hash"
fails "--value neither input has" "--value nosuch: neither input" /dev/null \
	hash-diff --value nosuch "$D/kmalloc-a.hash" "$D/kmalloc-b.hash"

# syscall-advisor (run in the data directory: paths in its output are as given)
cd "$D" || exit 1
expect "numeric ids, syscall table, .config, footprint.tsv, System.map" \
	"$E/advisor-num.out" syscalls-num.hash syscall-advisor \
	--syscall-table syscall_64.tbl --config config-x86_64 \
	--footprint footprint.tsv --system-map System.map-advisor
# footprint.tsv is read by column name: the same figures with the columns in
# another order give the same answer.
awk -F'\t' -v OFS='\t' '/^#/ { print; next } { print $3, $9, $1, $2, $4, $5, $6, $7, $8 }' \
	footprint.tsv >"$tmp/permuted.tsv"
sed "s|in footprint.tsv)|in $tmp/permuted.tsv)|" "$E/advisor-num.out" >"$tmp/advisor-permuted.out"
expect "footprint.tsv columns found by name, not position" \
	"$tmp/advisor-permuted.out" syscalls-num.hash syscall-advisor \
	--syscall-table syscall_64.tbl --config config-x86_64 \
	--footprint "$tmp/permuted.tsv" --system-map System.map-advisor
expect "slides format (inline vals:, count:), no .config" \
	"$E/advisor-slides.out" slides-syscalls.hash syscall-advisor
fails "a table without an id field (line 1)" "line 1: the key has no id field" \
	no-id.hash syscall-advisor
fails "numeric ids without --syscall-table (line 2)" "line 2: id:0 is a number: give --syscall-table" \
	syscalls-num.hash syscall-advisor
fails "--footprint without an arch" "--footprint needs --arch" \
	syscalls-num.hash syscall-advisor --syscall-table syscall_64.tbl --footprint footprint.tsv

# --build-dir: the text of an object and of a thin built-in.a, as size -A
# counts it, for objects made here.
mkdir -p "$tmp/bd/fs" "$tmp/bd/io_uring/sub"
printf 'int f(int x) { return x * 3 + 1; }\n' >"$tmp/a.c"
printf 'int g(int x) { return x / 7; }\nint h(int x) { return g(x) + x; }\n' >"$tmp/b.c"
if gcc -O2 -c "$tmp/a.c" -o "$tmp/bd/fs/aio.o" &&
	gcc -O2 -c "$tmp/b.c" -o "$tmp/bd/io_uring/a.o" &&
	gcc -O2 -c "$tmp/a.c" -o "$tmp/bd/io_uring/sub/b.o" &&
	(cd "$tmp/bd" && ar cDPrST io_uring/built-in.a io_uring/a.o io_uring/sub/b.o); then
	text() { size -A "$@" | awk '$1 == ".text" { s += $2 } END { print s + 0 }'; }
	aio=$(text "$tmp/bd/fs/aio.o")
	uring=$(text "$tmp/bd/io_uring/a.o" "$tmp/bd/io_uring/sub/b.o")
	"$H/syscall-advisor" --build-dir "$tmp/bd" <slides-syscalls.hash >"$tmp/out" 2>"$tmp/err"
	grep -qx "  AIO                  -    saves ~$aio bytes (estimate: text of fs/aio.o in $tmp/bd)" "$tmp/out" &&
		grep -qx "  IO_URING             -    saves ~$uring bytes (estimate: text of io_uring/ in $tmp/bd)" "$tmp/out"
	st=$?
	ok "$st" "syscall-advisor: --build-dir sums .text of objects and built-in.a ($aio, $uring)"
	[ "$st" -eq 0 ] || show "$tmp/out" "$tmp/err"
else
	ok 1 "syscall-advisor: --build-dir: could not make test objects with gcc and ar"
fi
