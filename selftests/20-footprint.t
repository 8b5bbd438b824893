#!/bin/sh
# The footprint table is produced, and its figures agree with System.map,
# the bzImage and a boot at the reported RAM size (and not one MiB below).
. "$(dirname "$0")/lib.sh"
FP=$TOP/tools/footprint/footprint

"$TOP/tools/footprint-report" i386-tiny x86_64-tiny >"$T_LOG/footprint.out" 2>&1
ok $? "footprint report for i386/tiny and x86_64/tiny"
sed 's/^/# /' "$T_LOG/footprint.out"
tsv=$BUILD/footprint.tsv

field() { # field ARCH PROFILE COLUMN-NAME
	awk -F'\t' -v a="$1" -v p="$2" -v c="$3" '
		$1 == "arch" { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$1 == a && $2 == p { print $col[c] }' "$tsv"
}

sym() { # sym SYSTEM.MAP NAME: the low 32 bits of its address, in decimal
	a=$(awk -v n="$2" '$3 == n {print $1; exit}' "$1")
	printf '%d\n' "0x$(printf '%s' "$a" | tail -c 8)"
}

# span SYSTEM.MAP FROM TO: TO - FROM (sections are far below 4 GiB long, and
# 64-bit addresses do not fit the shell's signed arithmetic)
span() {
	echo $(( ($(sym "$1" "$3") - $(sym "$1" "$2") + 4294967296) % 4294967296 ))
}

for arch in i386 x86_64; do
	map=$BUILD/$arch-tiny/System.map
	code=$(field "$arch" tiny code)
	span=$(span "$map" _text _etext)
	if [ "$arch" = i386 ]; then
		ok "$([ "$code" = "$span" ]; echo $?)" "i386: kernel code $code = _etext - _text from System.map ($span)"
	else
		# Text symbols only: below the padded span, and equal to the sum
		# of the sizes nm gives between _text and _etext, added up here
		# independently (fixed-width hex addresses compare as strings).
		sum=$(nm -n -S "$BUILD/$arch-tiny/vmlinux" | awk '
			function hex(h,   i, v) { v = 0; h = tolower(h)
				for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
				return v }
			NF == 3 && $3 == "_text" { lo = $1 } NF == 3 && $3 == "_etext" { hi = $1 }
			NF == 4 { a[++n] = $1; z[n] = $2 }
			END { for (i = 1; i <= n; i++) if (a[i] "" >= lo "" && a[i] "" < hi "") t += hex(z[i]); printf "%d\n", t }')
		ok "$([ "$code" -gt 0 ] && [ "$code" -le "$span" ] && [ "$code" = "$sum" ]; echo $?)" \
			"x86_64: kernel code $code = sum of nm sizes in [_text, _etext) ($sum), within the span ($span)"
	fi
	rw=$(field "$arch" tiny rwdata)
	want=$(span "$map" _sdata _edata)
	ok "$([ "$rw" = "$want" ]; echo $?)" "$arch: rwdata $rw = _edata - _sdata ($want)"
	bss=$(field "$arch" tiny bss)
	want=$(span "$map" __bss_start __bss_stop)
	ok "$([ "$bss" = "$want" ]; echo $?)" "$arch: bss $bss = __bss_stop - __bss_start ($want)"
	bz=$(field "$arch" tiny bzimage)
	want=$(wc -c <"$BUILD/$arch-tiny/arch/x86/boot/bzImage")
	ok "$([ "$bz" = "$want" ]; echo $?)" "$arch: bzImage $bz bytes = file size ($want)"
	ram=$(field "$arch" tiny boot_ram_mib)
	if [ -z "$ram" ] || [ "$ram" -le 0 ]; then
		ok 1 "$arch: boot RAM was found ('$ram')"
		continue
	fi
	vm_run "ram-$arch-ok" --arch "$arch" --mem "${ram}M" --timeout 40
	ok $? "$arch: boots with the reported boot RAM, $ram MiB"
	vm_run "ram-$arch-low" --arch "$arch" --mem "$((ram - 1))M" --timeout 40
	ok "$([ $? -ne 0 ]; echo $?)" "$arch: does not boot with $((ram - 1)) MiB"
done

# The tool refuses what is not its input.
echo "garbage line" | "$FP" table >/dev/null 2>"$T_LOG/fp.err"
ok "$([ $? = 2 ] && grep -q 'not a footprint row' "$T_LOG/fp.err"; echo $?)" \
	"footprint table rejects malformed rows with exit 2"
"$FP" measure --arch arm --profile x </dev/null >/dev/null 2>"$T_LOG/fp.err"
ok "$([ $? = 2 ] && grep -q 'arch' "$T_LOG/fp.err"; echo $?)" \
	"footprint measure --arch arm names the bad arch"
exit 0
