#!/bin/sh
# The footprint table is produced, and its figures agree with sources that
# do not share its code: the kernel code with what binutils and the kernel
# itself say (i386: the .text section of size -A, and the boot log's
# "kernel code"; x86_64, whose .text is padded to 2 MiB: the sizes of the
# symbols readelf places in .text, and the padded span the boot log
# gives), the data figures with System.map, the bzImage with its file, and
# the boot RAM with a boot at that size (and none one MiB below).
# requires: *-tiny
# timeout: 1200
. "$(dirname "$0")/lib.sh"
FP=$TOP/tools/footprint/footprint

"$TOP/tools/boot-ram" i386-tiny x86_64-tiny >"$T_LOG/footprint.out" 2>&1 &&
	"$TOP/tools/footprint-report" i386-tiny x86_64-tiny >>"$T_LOG/footprint.out" 2>&1
ok $? "footprint report for i386/tiny and x86_64/tiny"
sed 's/^/# /' "$T_LOG/footprint.out"
tsv=$BUILD/footprint.tsv

field() { # field ARCH PROFILE COLUMN-NAME
	awk -F'\t' -v a="$1" -v p="$2" -v c="$3" '
		$1 == "arch" { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$1 == a && $2 == p { print $col[c] }' "$tsv"
}

sym() { # sym SYSTEM.MAP NAME: the low 32 bits of its address, in decimal
	local a
	a=$(awk -v n="$2" '$3 == n {print $1; exit}' "$1")
	printf '%d\n' "0x$(printf '%s' "$a" | tail -c 8)"
}

# span SYSTEM.MAP FROM TO: TO - FROM (sections are far below 4 GiB long, and
# 64-bit addresses do not fit the shell's signed arithmetic)
span() {
	echo $(( ($(sym "$1" "$3") - $(sym "$1" "$2") + 4294967296) % 4294967296 ))
}

# text_section_symbols VMLINUX: the sizes of the symbols readelf puts in
# the .text section, added up (readelf gives sizes of 100000 and more in hex)
text_section_symbols() {
	ndx=$(readelf -SW "$1" | sed -n 's/^ *\[ *\([0-9]*\)\] \.text .*/\1/p')
	readelf -sW "$1" | awk -v ndx="$ndx" '
		function num(s,   i, v) {
			if (s !~ /^0x/) return s + 0
			for (i = 3; i <= length(s); i++)
				v = v * 16 + index("0123456789abcdef", substr(tolower(s), i, 1)) - 1
			return v
		}
		$7 == ndx { t += num($3) } END { printf "%d\n", t }'
}

# boot_log_code CONSOLE: the boot log's "NNNK kernel code" (_etext - _stext)
boot_log_code() {
	sed -n 's/.*available (\([0-9]*\)K kernel code.*/\1/p' "$1" | head -n 1
}

# code_matches_boot_log ARCH CODE K: i386 (_stext = _text): the same KiB;
# x86_64: within the span the boot log gives, which is padded
code_matches_boot_log() {
	[ -n "$3" ] || return 1
	if [ "$1" = i386 ]; then [ $(($2 / 1024)) -eq "$3" ]; else [ "$2" -le $(($3 * 1024)) ]; fi
}

# refused PATTERN INPUT FOOTPRINT-ARGS...: footprint ARGS <INPUT exits 2
# naming what was wrong
refused() {
	local pat in
	pat=$1 in=$2
	shift 2
	"$FP" "$@" <"$in" >/dev/null 2>"$T_LOG/fp.err"
	[ $? = 2 ] && grep -q -- "$pat" "$T_LOG/fp.err"
}

for arch in $ARCHES; do
	map=$BUILD/$arch-tiny/System.map vmlinux=$BUILD/$arch-tiny/vmlinux
	code=$(field "$arch" tiny code)
	if [ "$arch" = i386 ]; then
		want=$(size -A "$vmlinux" | awk '$1 == ".text" { print $2 }')
		check "i386: kernel code $code = size of .text by size -A ($want)" [ "$code" = "$want" ]
	else
		want=$(text_section_symbols "$vmlinux")
		check "x86_64: kernel code $code = sizes of the symbols readelf places in .text ($want)" \
			[ "$code" = "$want" ]
	fi
	rw=$(field "$arch" tiny rwdata)
	want=$(span "$map" _sdata _edata)
	check "$arch: rwdata $rw = _edata - _sdata ($want)" [ "$rw" = "$want" ]
	bss=$(field "$arch" tiny bss)
	want=$(span "$map" __bss_start __bss_stop)
	check "$arch: bss $bss = __bss_stop - __bss_start ($want)" [ "$bss" = "$want" ]
	bz=$(field "$arch" tiny bzimage)
	want=$(wc -c <"$(bzimage "$BUILD/$arch-tiny")")
	check "$arch: bzImage $bz bytes = file size ($want)" [ "$bz" = "$want" ]
	ram=$(field "$arch" tiny boot_ram_mib)
	if [ -z "$ram" ] || [ "$ram" -le 0 ]; then
		ok 1 "$arch: boot RAM was found ('$ram')"
		continue
	fi
	vm_run "ram-$arch-ok" --arch "$arch" --mem "${ram}M" --timeout "$BOOT_PROBE_TIMEOUT" \
		--console "$T_LOG/ram-$arch-ok.console"
	ok $? "$arch: boots with the reported boot RAM, $ram MiB"
	k=$(boot_log_code "$T_LOG/ram-$arch-ok.console")
	check "$arch: kernel code $code agrees with the boot log's ${k:-?}K kernel code" \
		code_matches_boot_log "$arch" "$code" "$k"
	check "$arch: does not boot with $((ram - 1)) MiB" \
		not vm_run "ram-$arch-low" --arch "$arch" --mem "$((ram - 1))M" --timeout "$BOOT_PROBE_TIMEOUT"
done

# The tool refuses what is not its input.
echo "garbage line" >"$T_LOG/fp.garbage"
check "footprint table rejects malformed rows with exit 2" \
	refused 'not a footprint row' "$T_LOG/fp.garbage" table
check "footprint measure --arch arm names the bad arch" \
	refused 'arch' /dev/null measure --arch arm --profile x
exit 0
