#!/bin/sh
# The kernel code breakdown (tools/breakdown-report): per build, bytes per
# object that add up to the footprint table's kernel code figure, every
# object named is one the build compiled, the SVG is there and carries the
# total, a build diffed with itself shows no change, a diff shows a change
# where one was made, and malformed input is refused.
# requires: *-tiny
# timeout: 300
. "$(dirname "$0")/lib.sh"
FP=$TOP/tools/footprint/footprint
OUT=$BUILD/footprint

# sum TSV: the bytes of a breakdown, added up
sum() { awk -F'\t' '!/^#/ { s += $1 } END { printf "%d\n", s }' "$1"; }

# missing_objects BUILD: the objects its breakdown names that it did not build
missing_objects() {
	awk -F'\t' '!/^#/ && $2 !~ /^\(/ { print $2 }' "$OUT/$1.tsv" | while read -r o; do
		[ -f "$(build_dir "$1")/$o" ] || printf '%s\n' "$o"
	done
}

for arch in $ARCHES; do
	b=$arch-tiny
	"$TOP/tools/breakdown-report" "$b" >"$T_LOG/breakdown-$b.out" 2>&1
	ok $? "$b: breakdown report"
	code=$(nm -n -S "$BUILD/$b/vmlinux" |
		"$FP" measure --arch "$arch" --profile tiny | cut -f3)
	total=$(sum "$OUT/$b.tsv")
	check "$b: breakdown adds up to the kernel code figure ($total = $code)" \
		[ "${code:-none}" = "$total" ]
	n=$(grep -c -v '^#' "$OUT/$b.tsv")
	check "$b: the breakdown has more than 100 objects ($n)" [ "$n" -gt 100 ]
	missing=$(missing_objects "$b")
	check "$b: every object it names was built (missing: ${missing:-none})" [ -z "$missing" ]
	check "$b: SVG written, its top bar the whole kernel code" \
		grep -q "data-x=\"0\" data-w=\"$code\" data-d=\"0\"" "$OUT/$b.svg"
	check "$b: SVG complete (ends with </svg>)" [ "$(tail -n 1 "$OUT/$b.svg")" = "</svg>" ]
	"$TOP/tools/breakdown-report" --diff "$b" "$b" >"$T_LOG/breakdown-self.out" 2>&1
	check "$b: diff with itself: only a zero total" \
		[ "$(grep -v '^#' "$T_LOG/breakdown-self.out")" = "$(printf '0\t%s\t%s\t(total)' "$code" "$code")" ]
done

# refused PATTERN FOOTPRINT-ARGS... < INPUT: exits 2 saying PATTERN
refused() {
	local pat
	pat=$1
	shift
	"$FP" "$@" >/dev/null 2>"$T_LOG/breakdown.err"
	[ $? = 2 ] && grep -q -- "$pat" "$T_LOG/breakdown.err"
}

# A made-up change shows up at the object and each directory above it.
b=i386-tiny
awk -F'\t' -v OFS='\t' '$2 == "kernel/fork.o" { $1 -= 100 } { print }' \
	"$OUT/$b.tsv" >"$T_LOG/breakdown-less.tsv"
"$FP" diff "$OUT/$b.tsv" "$T_LOG/breakdown-less.tsv" >"$T_LOG/breakdown-diff.out"
check "diff shows -100 at kernel/fork.o, kernel/ and the total" \
	[ "$(awk -F'\t' '$4 ~ /^(kernel\/fork.o|kernel\/|\(total\))$/ && $1 == -100' \
		"$T_LOG/breakdown-diff.out" | wc -l)" -eq 3 ]

echo "garbage" >"$T_LOG/breakdown-garbage"
check "svg refuses a line that is not BYTES<tab>PATH (exit 2, says so)" \
	refused 'not a breakdown line' svg --title x <"$T_LOG/breakdown-garbage"
check "breakdown without --map is refused with its usage" \
	refused 'usage: footprint breakdown' breakdown --arch i386 </dev/null
check "diff of a file that is not there names it" \
	refused 'no-such.tsv' diff "$T_LOG/no-such.tsv" "$OUT/$b.tsv"
exit 0
