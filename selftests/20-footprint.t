#!/bin/sh
# The footprint table is produced, and its figures agree with sources that
# do not share its code: the kernel code with what binutils and the kernel
# itself say (i386: the .text section of size -A, and the boot log's
# "kernel code"; x86_64, whose .text is padded to 2 MiB: the sizes of the
# symbols readelf places in .text, and the padded span the boot log
# gives), the data figures with System.map and the boot log, the bzImage
# with its file, the RAM table's static RAM with those sources added up,
# its RAM in use with the guest's own /proc/meminfo, and the boot RAM with
# a boot at that size (and none one step below, which says why). tiny
# boots in its arch's TINY_MEM (i386, the Quark-like target: 4 MiB), and
# its code is within the arch's TINY_CODE (i386: 640 KiB).
# requires: *-tiny
# timeout: 1200
. "$(dirname "$0")/lib.sh"
FP=$TOP/tools/footprint/footprint

"$TOP/tools/boot-ram" i386-tiny x86_64-tiny >"$T_LOG/footprint.out" 2>&1 &&
	"$TOP/tools/ram-in-use" i386-tiny x86_64-tiny >>"$T_LOG/footprint.out" 2>&1 &&
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
# boot_log_k CONSOLE WHAT: the boot log's "NNNK WHAT" of its Memory: line
boot_log_k() {
	sed -n "s/.*available (.* \\([0-9]*\\)K $2[,)].*/\\1/p" "$1" | head -n 1
}
# ram_table ARCH PROFILE COLUMN: a figure of the report's RAM table (the
# lines after the header that starts with "arch profile static RAM"),
# without its thousands separators and K
ram_table() {
	awk -v a="$1" -v p="$2" -v c="$3" '
		$1 == "arch" && $3 == "static" { t = 1; next }
		t && NF == 0 { t = 0 }
		t && $1 == a && $2 == p { v = $(c + 2); gsub(/[,K]/, "", v); print v }' \
		"$T_LOG/footprint.out"
}

# code_matches_boot_log ARCH CODE K: i386 (_stext = _text): the same KiB;
# x86_64: within the span the boot log gives, which is padded
code_matches_boot_log() {
	[ -n "$3" ] || return 1
	if [ "$1" = i386 ]; then [ $(($2 / 1024)) -eq "$3" ]; else [ "$2" -le $(($3 * 1024)) ]; fi
}

# near A B: positive numbers within an eighth of each other: two boots of
# one kernel and initramfs differ by the pages the per-CPU page lists hold
# at that moment (which MemFree does not count), up to 60K on i386 tiny
near() {
	[ "${1:-0}" -gt 0 ] && [ "${2:-0}" -gt 0 ] &&
		[ $(($1 > $2 ? $1 - $2 : $2 - $1)) -le $(($2 / 8)) ]
}
at_most() { [ "${1:-0}" -gt 0 ] && [ "$1" -le "$2" ]; }	# at_most N MAX

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
	ro=$(span "$map" __start_rodata __end_rodata)
	st=$(ram_table "$arch" tiny 1)
	want=$((code + $(span "$map" _sdata _edata) + ro + $(span "$map" __bss_start __bss_stop)))
	check "$arch: static RAM $st = code + rwdata + rodata + bss from System.map ($want)" \
		[ "$st" = "$want" ]
	init=$(ram_table "$arch" tiny 2)
	want=$(span "$map" __init_begin __init_end)
	check "$arch: RAM table's init $init = __init_end - __init_begin ($want)" [ "$init" = "$want" ]

	# RAM in use: what the guest itself says, at the size the tool used
	used=$(ram_table "$arch" tiny 3) slab=$(ram_table "$arch" tiny 4)
	vm_run "meminfo-$arch" --arch "$arch" --mem "$RAM_IN_USE_MEM" --append "$RAM_IN_USE_APPEND" --argv \
		--console "$T_LOG/meminfo-$arch.console" -- /t/hashdump /proc/meminfo
	ok $? "$arch: boots at -m $RAM_IN_USE_MEM and prints /proc/meminfo"
	tr -d '\r' <"$T_LOG/meminfo-$arch.log" | awk '$1 == "MemTotal:" { t = $2 }
		$1 == "MemFree:" { f = $2 } $1 == "Slab:" { s = $2 }
		END { print t - f, s }' >"$T_LOG/meminfo-$arch.figures"
	read -r gused gslab <"$T_LOG/meminfo-$arch.figures"
	# the same kernel and initramfs boot the same way: within 1%
	check "$arch: in use ${used}K is the guest's MemTotal - MemFree (${gused}K) within 1/8" \
		near "$used" "$gused"
	check "$arch: slab ${slab}K is the guest's Slab (${gslab}K) within 1/8" near "$slab" "$gslab"
	check "$arch: slab ${slab}K is part of in use (${used}K)" [ "${slab:-0}" -lt "${used:-0}" ]
	# The printk ring buffer keeps the whole boot log (each record's text
	# is shorter than its console line, which has a timestamp).
	shift_=$(config_get "$BUILD/$arch-tiny/.config" LOG_BUF_SHIFT)
	logb=$(wc -c <"$T_LOG/meminfo-$arch.console")
	check "$arch: the boot log ($logb bytes) fits the printk buffer (2^$shift_)" \
		at_most "$logb" $((1 << shift_))
	for what in rwdata bss; do
		k=$(boot_log_k "$T_LOG/meminfo-$arch.console" "$what")
		b=$(field "$arch" tiny "$what")
		check "$arch: $what $b agrees with the boot log's ${k:-?}K $what" \
			[ "$((b / 1024))" = "${k:--}" ]
	done

	ram=$(field "$arch" tiny boot_ram_kib)
	if [ -z "$ram" ] || [ "$ram" -le 0 ]; then
		ok 1 "$arch: boot RAM was found ('$ram')"
		continue
	fi
	vm_run "ram-$arch-ok" --arch "$arch" --mem "${ram}K" --timeout "$BOOT_PROBE_TIMEOUT" \
		--append "$BOOT_RAM_APPEND" \
		--console "$T_LOG/ram-$arch-ok.console"
	ok $? "$arch: boots with the reported boot RAM, ${ram}K"
	k=$(boot_log_code "$T_LOG/ram-$arch-ok.console")
	check "$arch: kernel code $code agrees with the boot log's ${k:-?}K kernel code" \
		code_matches_boot_log "$arch" "$code" "$k"
	low=$((ram - BOOT_RAM_STEP_KIB))
	check "$arch: does not boot with ${low}K" \
		not vm_run "ram-$arch-low" --arch "$arch" --mem "${low}K" --timeout "$BOOT_PROBE_TIMEOUT" \
			--append "$BOOT_RAM_APPEND"
	grep -q "^# $arch-tiny: boot RAM ${ram}K; at ${low}K: ." "$tsv"
	ok $? "$arch: the report says why ${low}K does not boot"
done

# An arch that sets TINY_MEM (tools/arch/: i386, the Quark-like target, 4 MiB)
# boots tiny in that much, the RAM tools/vm gives it and its tests run in.
for arch in $ARCHES; do
	load_arch "$arch"
	[ -n "$TINY_MEM" ] || continue
	max=$(printf '%s\n' "$TINY_MEM" | awk '/K$/ { print $0 + 0 } /M$/ { print $0 * 1024 } /G$/ { print $0 * 1048576 }')
	ram=$(field "$arch" tiny boot_ram_kib)
	check "$arch tiny boots to userspace in its TINY_MEM, $TINY_MEM (boot RAM ${ram}K)" \
		at_most "$ram" "$max"
done

# An arch that sets TINY_CODE (i386: 640 KiB) has a tiny kernel with at most
# that much code: a size bar, since bytes do not jitter.
for arch in $ARCHES; do
	load_arch "$arch"
	[ -n "$TINY_CODE" ] || continue
	code=$(field "$arch" tiny code)
	check "$arch tiny kernel code ($code bytes) is within its TINY_CODE, $TINY_CODE" \
		at_most "$code" "$TINY_CODE"
done

# The savings table: each figure is the reference's minus the variant's,
# signed, KiB figures with K (two synthetic rows, figures chosen to differ).
printf 'x86_64\tupstream\t1000\t100\t100\t50\t100\t600\t4096\t2000\t500\n' >"$T_LOG/fp.savings"
printf 'x86_64\tupstream~X=n\t900\t90\t100\t50\t100\t600\t4352\t1900\t520\n' >>"$T_LOG/fp.savings"
got=$("$FP" table --savings <"$T_LOG/fp.savings" | awk '$2 == "upstream~X=n"' | tr -s ' ')
want="x86_64 upstream~X=n 100 0 110 100K -20K -256K"
check "footprint table --savings: code, bzImage, static RAM, in use, slab, boot RAM ($got)" \
	[ "$got" = "$want" ]

# The tool refuses what is not its input.
echo "garbage line" >"$T_LOG/fp.garbage"
check "footprint table rejects malformed rows with exit 2" \
	refused 'not a footprint row' "$T_LOG/fp.garbage" table
check "footprint measure --arch arm names the bad arch" \
	refused 'arch' /dev/null measure --arch arm --profile x
exit 0
