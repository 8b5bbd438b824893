# The one shell library of tinify's harness (POSIX sh; `local` as dash and
# bash have it). Source it, don't run it: tools/* and, through
# selftests/lib.sh, every test. It is the only place that sets
#   TOP    the project root          BUILD  build/ (or $BUILD)
#   SRC    the patched tree          ORIG   the pristine tree
# and it holds each fact of the harness once: the arch and profile lists,
# where a build lives, how the series and configs/options are read, how a
# config symbol is set and checked, and how the kernel's make is called.

if [ -z "${TOP-}" ]; then
	TOP=$(cd "$(dirname "$0")/.." && pwd)
	case "$TOP" in */tools|*/selftests) TOP=${TOP%/*} ;; esac
fi
. "$TOP/BASE"
BUILD=${BUILD:-$TOP/build}
SRC=$BUILD/src/linux
ORIG=$BUILD/src/linux-orig

# Arches: one record each in tools/arch/ (QEMU, CPU, guest flags, NIC).
ARCHES=$(cd "$TOP/tools/arch" && ls | LC_ALL=C sort | tr '\n' ' ')
ARCHES=${ARCHES% }
# Profiles: configs/PROFILE.config on top of configs/tiny.config (see
# mkconfig). Add-ons: configs/ADDON.config merged last, as PROFILE+ADDON;
# a profile other than tiny can be an add-on too (trace+upstream: trace
# with the series' options as upstream has them).
PROFILES="upstream tiny net pings trace"
ADDONS="bootmem sparse debug"

# Build reproducibility: kbuild's user, host and date are fixed (the date is
# the day of the ELC 2014 talk), so two builds of one tree are identical.
KBUILD_ID="KBUILD_BUILD_USER=tinify KBUILD_BUILD_HOST=tinify KBUILD_BUILD_TIMESTAMP=2014-04-30"

# Seconds for one plain boot to userspace and back: 1-3 s on an idle machine
# under TCG, so a test's boot allows for a loaded one; a boot-RAM probe at a
# size that fails may hang silently, and the search makes many, so probes
# give up sooner.
BOOT_TIMEOUT=90
BOOT_PROBE_TIMEOUT=40
# Boot RAM (tools/boot-ram): the smallest -m, in these steps, that reaches
# userspace. Its probes boot with an early console on ttyS0's port, so a
# kernel that dies before its serial console registers still says why, and
# unpack the initramfs before init runs rather than beside it, so that the
# peak does not depend on timing (x86_64 tiny, whose unpacking is what
# runs out first, otherwise boots at one step less now and then).
BOOT_RAM_STEP_KIB=256
BOOT_RAM_APPEND="earlycon=uart8250,io,0x3f8 initramfs_async=0"
# RAM in use once init runs (tools/ram-in-use) is read at this -m: a fixed
# size, since boot-time hash tables scale with RAM. The initramfs is
# unpacked before init runs rather than beside it, so that whether the
# unpacker has freed its buffers yet does not move the figure. It still
# moves by what the per-CPU page lists hold (MemFree leaves them out):
# 620K to 680K on i386 tiny, 4,500K to 4,544K on x86_64 tiny.
RAM_IN_USE_MEM=32M
RAM_IN_USE_APPEND="initramfs_async=0"

# boot_failure_reason <CONSOLE-LOG: one line saying why a boot failed: the
# panic's reason, or an out-of-memory or initramfs message, or else the
# console's last line (or that it printed nothing: the setup code or the
# decompressor stopped before the early console)
boot_failure_reason() {
	tr -d '\r' | awk '
		NF { last = $0 }
		!why && /Kernel panic - not syncing:/ { why = $0; sub(/.*not syncing: */, "panic: ", why) }
		!why && /[Oo]ut of memory|Initramfs unpacking failed|initrd overwritten|Cannot allocate|failed to allocate/ { why = $0 }
		END {
			if (!why) why = last
			if (!why) why = "no console output (stopped before the early console)"
			sub(/^\[ *[0-9.]*\] */, "", why); gsub(/[ \t]+/, " ", why)
			print substr(why, 1, 100)
		}'
}

# patch_sum PATCH: the sha256 of a patch file's diff, its message left out
# (the diff starts at its first "diff ", "Index: " or "--- " file line), so
# that rewording a message re-applies, and so rebuilds, nothing (tools/base
# records it per applied patch, tools/refresh too)
patch_sum() {
	awk '/^(diff |Index: |--- a\/|--- \/dev\/null)/ { d = 1 } d' "$1" |
		sha256sum | cut -d' ' -f1
}

# hashdump_section FILE NAME: the lines of the part "==> NAME <==" of what
# the guest printed (tools/guest/hashdump.c heads each file it reads so,
# and 80-kselftest each program it runs), without the serial console's
# carriage returns.
hashdump_section() {
	tr -d '\r' <"$1" | awk -v n="$2" '/^==> .* <==$/ { on = ($2 == n); next } on'
}

# meminfo_in_use <MEMINFO: "IN_USE SLAB" (KiB) of a /proc/meminfo text,
# IN_USE = MemTotal - MemFree; nothing if a figure is missing
meminfo_in_use() {
	tr -d '\r' | awk '$1 == "MemTotal:" { t = $2 } $1 == "MemFree:" { f = $2 }
		$1 == "Slab:" { s = $2 } END { if (t != "" && f != "" && s != "") print t - f, s }'
}

say() { printf '%s\n' "$*" >&2; }
stage() { printf '==> [%s] %s\n' "$1" "$2" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 2; }

word_in() { # word_in WORD LIST...: is WORD one of LIST?
	local w x
	w=$1
	shift
	for x in "$@"; do [ "$x" = "$w" ] && return 0; done
	return 1
}

check_arch() {
	# shellcheck disable=SC2086
	word_in "$1" $ARCHES || die "unknown arch '$1' (one of: $ARCHES)"
}

check_profile() { # check_profile PROFILE[+ADDON...]
	local a
	# shellcheck disable=SC2086
	word_in "${1%%+*}" $PROFILES || die "unknown profile '${1%%+*}' (one of: $PROFILES)"
	for a in $(profile_addons "$1"); do
		# shellcheck disable=SC2086
		word_in "$a" $ADDONS $PROFILES && [ "$a" != tiny ] ||
			die "unknown profile add-on '$a' (one of: $ADDONS, or a profile but tiny)"
	done
}

profile_addons() { # profile_addons PROFILE+A+B: "A B"
	printf '%s' "${1#"${1%%+*}"}" | tr '+' ' '
}

# load_arch ARCH: QEMU, QEMU_MACHINE, QEMU_CPU, GUEST_CFLAGS, GUEST_BUSYBOX,
# BUSYBOX, DEBIAN_CPU, GUEST_LIBDIRS, GUEST_GLIBC_CC, NIC and (if the arch
# sets them) NIC_APPEND, TINY_MEM and TINY_CODE from tools/arch/ARCH.
load_arch() {
	check_arch "$1"
	# shellcheck disable=SC2034 # NIC_APPEND is read by tools/vm
	TINY_MEM="" TINY_CODE="" NIC_APPEND=""
	. "$TOP/tools/arch/$1"
}

# guest_debian KBUILD-DIR: does this build's guest run Debian's userspace
# (busybox, glibc programs) whatever the arch? Those with networking do
# (the devices: httpd, the lwIP echo server); they boot on DEBIAN_CPU.
guest_debian() {
	[ "$(config_get "$1/.config" NET)" = y ]
}

# Builds. A build is named ARCH-PROFILE[+ADDON...] (build/i386-tiny+bootmem)
# or, for an option variant, ARCH-PROFILE.SYMBOL (build/x86_64-upstream.SPLICE).
kbuild_dir() { printf '%s/%s-%s\n' "$BUILD" "$1" "$2"; }
build_dir() { printf '%s/%s\n' "$BUILD" "$1"; }
bzimage() { printf '%s/arch/x86/boot/bzImage\n' "$1"; }	# bzimage BUILD-DIR
build_arch() { printf '%s\n' "${1%%-*}"; }
build_profile() { local r; r=${1#*-}; printf '%s\n' "${r%%.*}"; }
build_symbol() { local r; r=${1#*-}; [ "$r" = "${r#*.}" ] || printf '%s\n' "${r#*.}"; }

check_build_name() { # check_build_name NAME: a valid build name, or die
	case "$1" in *-*) ;; *) die "'$1' is not a build name (ARCH-PROFILE[+ADDON][.SYMBOL])" ;; esac
	check_arch "$(build_arch "$1")"
	check_profile "$(build_profile "$1")"
	[ -z "$(build_symbol "$1")" ] || option_value "$(build_symbol "$1")" >/dev/null ||
		die "'$1': $(build_symbol "$1") is not an option in configs/options"
}

built() { [ -f "$(bzimage "$(build_dir "$1")")" ]; }	# built NAME

# boot_ram_key BUILD: what a build's cached boot RAM figure depends on, its
# kernel and its profile's initramfs (tools/boot-ram, tools/footprint-report)
boot_ram_key() {
	cat "$(bzimage "$(build_dir "$1")")" \
		"$(kbuild_dir "$(build_arch "$1")" "$(build_profile "$1")")/initramfs.cpio" |
		sha256sum | cut -c1-16
}

# The series: the patches it applies, in order, and those kept commented out.
series_patches() {
	sed -e 's/#.*//' "$TOP/series" | awk 'NF { print $1 }'
}
series_disabled() {
	sed -n 's/^#[[:space:]]*\([^[:space:]]*\.patch\).*/\1/p' "$TOP/series"
}
# Posted sets: the series' banner sections (between two lines of #),
# each with "# Set: NAME" and "# Key: value" fields; the patches below a
# banner, up to the next, are its set (tools/format-patch, 01-series.t).
series_sets() {
	awk '/^# Set: / { print $3 }' "$TOP/series"
}
set_patches() { # set_patches SET: its patches, in series order
	sed -e 's/[[:space:]]#.*//' "$TOP/series" | awk -v s="$1" '
		/^# Set: / { cur = $3 } /^#/ { next } NF && cur == s { print $1 }'
}
patch_set() { # patch_set PATCH: the set it is in (empty when none)
	sed -e 's/[[:space:]]#.*//' "$TOP/series" | awk -v p="$1" '
		/^# Set: / { cur = $3 } /^#/ { next } $1 == p { print cur; exit }'
}
# set_field SET KEY: the value of the one-line "# KEY: value" in the
# set's banner (empty when it has none)
set_field() {
	awk -v s="$1" -v k="# $2:" '
		/^# Set: / { cur = $3 }
		cur == s && index($0, k) == 1 { v = substr($0, length(k) + 1); sub(/^ +/, "", v); print v; exit }
		cur == s && /^[^#]/ { exit }' "$TOP/series"
}
# set_text SET: the banner's prose (every line that is not a field), for
# the cover letter
set_text() {
	awk -v s="$1" '
		/^# Set: / { cur = $3; seen = 0; next }
		cur != s { next }
		/^#####/ { if (seen) exit; next }
		/^#$/ { if (seen) print ""; next }
		/^# (Title|Base|Options|Figures|Bisect|Numbers|Upstream status):/ { next }
		/^# / { seen = 1; print substr($0, 3) }' "$TOP/series"
}
# patch_files PATCH...: the files the patches touch (paths in the tree)
patch_files() {
	local p
	for p in "$@"; do
		sed -n 's|^--- a/\([^[:space:]]*\).*|\1|p; s|^+++ b/\([^[:space:]]*\).*|\1|p' \
			"$TOP/patches/$p"
	done | LC_ALL=C sort -u
}
# patch_subject PATCH: its Subject: (folded lines joined); patch_slug
# PATCH: that as git format-patch names files (runs of anything but
# letters, digits, '.' and '_' become one '-')
patch_subject() {
	awk '/^Subject: / { s = substr($0, 10); f = 1; next }
		f && /^[ \t]/ { sub(/^[ \t]+/, " "); s = s $0; next }
		f { print s; exit }' "$TOP/patches/$1"
}
patch_slug() {
	patch_subject "$1" | sed 's/[^A-Za-z0-9._]\{1,\}/-/g; s/^[-.]*//; s/[-.]*$//'
}
# checkpatch_exceptions PATCH: the checkpatch types excepted for it in
# patches/checkpatch.exceptions ("PATCH TYPE[,TYPE...] reason" lines)
checkpatch_exceptions() {
	awk -v p="$1" '$1 == p { print $2 }' "$TOP/patches/checkpatch.exceptions" 2>/dev/null
}
# strip_identity PATCH-FILE: its header without From: and Signed-off-by: lines
# (the queue carries no identity; tools/format-patch adds the
# sender's), without a [PATCH ...] prefix on the Subject, and
# without blank lines at its end
strip_identity() {
	awk '!body && /^(---$|diff |--- a\/|Index: )/ { body = 1; blanks = 0 }
		body { print; next }
		/^(From|Signed-off-by): / { next }
		/^Subject: \[PATCH[^]]*\] / { sub(/\[PATCH[^]]*\] /, "") }
		$0 == "" { blanks++; next }
		{ while (blanks > 0) { print ""; blanks-- } print }' "$1" >"$1.tmp" &&
		mv "$1.tmp" "$1"
}
# pristine_copy DIR PATCH...: pristine copies of the files the patches touch
pristine_copy() {
	local dir f
	dir=$1
	shift
	patch_files "$@" | while read -r f; do
		[ -f "$ORIG/$f" ] || continue
		mkdir -p "$dir/$(dirname "$f")" && cp "$ORIG/$f" "$dir/$f" || return 1
	done
}

# Symbols a profile sets that only the series makes selectable (0501
# selects HAVE_LD_DEAD_CODE_DATA_ELIMINATION on x86): a pristine tree
# configured from a profile's fragments (tools/mkconfig --tree) goes
# without them, as it goes without the series' own options.
SERIES_ENABLES="LD_DEAD_CODE_DATA_ELIMINATION"
# configs/options: "SYMBOL value" per line, the value that makes the kernel
# smaller; make footprint builds ARCH-upstream.SYMBOL with only that flipped.
options_symbols() {
	sed -e 's/#.*//' "$TOP/configs/options" | awk 'NF == 2 { print $1 }'
}
option_value() { # option_value SYMBOL: its value, or fail
	sed -e 's/#.*//' "$TOP/configs/options" |
		awk -v s="$1" '$1 == s { print $2; f = 1 } END { exit !f }'
}

# config_get CONFIG SYMBOL: y, m, a value, or n when unset or absent
config_get() {
	awk -v s="CONFIG_$2" '
		index($0, s "=") == 1 { v = substr($0, length(s) + 2) }
		END { print (v == "" ? "n" : v) }' "$1"
}
# set_config ARCH DIR SYMBOL=VALUE...: set the symbols in DIR/.config with
# the tree's scripts/config (VALUE y, n or a literal), let kconfig resolve
# dependencies, and fail naming each symbol that did not take (a dependency
# forces it). Symbols and values contain no blanks.
set_config() {
	local arch dir kvs kv s v bad
	arch=$1 dir=$2
	shift 2
	kvs=$*
	for kv in $kvs; do
		s=${kv%%=*} v=${kv#*=}
		case "$v" in
		y) "$SRC/scripts/config" --file "$dir/.config" --enable "$s" ;;
		n) "$SRC/scripts/config" --file "$dir/.config" --disable "$s" ;;
		*) "$SRC/scripts/config" --file "$dir/.config" --set-val "$s" "$v" ;;
		esac || return 1
	done
	kmake -s O="$dir" ARCH="$arch" olddefconfig >>"$dir/kconfig.log" 2>&1 ||
		{ say "olddefconfig failed in $dir (log: $dir/kconfig.log)"; return 1; }
	bad=""
	for kv in $kvs; do
		s=${kv%%=*} v=${kv#*=}
		[ "$(config_get "$dir/.config" "$s")" = "$v" ] ||
			bad="$bad CONFIG_$s=$(config_get "$dir/.config" "$s") (asked $v)"
	done
	[ -z "$bad" ] && return 0
	say "$dir: kconfig did not give what was asked (a dependency forces it):$bad"
	return 1
}

# merge_fragments FILE...: "CONFIG_X=v" / "# CONFIG_X is not set" lines,
# the last assignment of each symbol winning, in first-seen order.
merge_fragments() {
	cat "$@" | awk '
	/^CONFIG_[A-Za-z0-9_]+=/ { s = $0; sub(/=.*/, "", s) }
	/^# CONFIG_[A-Za-z0-9_]+ is not set/ { s = $2 }
	s != "" { if (!(s in v)) order[++n] = s; v[s] = $0; s = "" }
	END { for (i = 1; i <= n; i++) print v[order[i]] }'
}
# config_mismatches FRAGMENT CONFIG: "SYM=got (asked want)" for every symbol
# the merged fragment asks for and the .config does not have; "n" is met by
# "is not set" or by the symbol being absent.
config_mismatches() {
	awk '
	FNR == NR {
		if ($0 ~ /^CONFIG_/) { s = $0; sub(/=.*/, "", s); w = substr($0, length(s) + 2) }
		else { s = $2; w = "n" }
		want[s] = w; order[++n] = s; next
	}
	/^CONFIG_/ { s = $0; sub(/=.*/, "", s); got[s] = substr($0, length(s) + 2) }
	END {
		for (i = 1; i <= n; i++) {
			s = order[i]; g = (s in got) ? got[s] : "n"
			if (g != want[s]) printf "%s=%s (asked %s)\n", s, g, want[s]
		}
	}' "$1" "$2"
}

# The version of the base tree actually extracted, from its Makefile.
tree_version() {
	awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} /^SUBLEVEL =/{s=$3}
	     END{printf "%s.%s.%s\n", v, p, s}' "$1/Makefile"
}

installed_base_debian_version() {
	dpkg-query -W -f='${Version}' "$BASE_PACKAGE" 2>/dev/null
}

# One line naming the base, printed by every report.
base_line() {
	local v
	v=$(tree_version "$SRC" 2>/dev/null || echo unknown)
	printf 'base: Linux %s (Debian %s %s)' "$v" "$BASE_PACKAGE" \
		"$(installed_base_debian_version || echo '?')"
	[ "$v" = "$BASE_VERSION" ] || printf ' -- differs from recorded %s' "$BASE_VERSION"
	printf '\n'
}

# kmake_tree TREE ARGS...: the kernel's make in TREE with every job's common
# arguments: all cores, ccache when installed, the fixed build identity.
# CCACHE_BASEDIR makes cache entries independent of where the project is
# checked out, so a second clone (CI's) hits the same cache. ARGS name O=
# and ARCH= themselves.
kmake_tree() {
	local tree cc
	tree=$1
	shift
	CCACHE_BASEDIR=$TOP
	export CCACHE_BASEDIR
	cc=gcc
	command -v ccache >/dev/null 2>&1 && cc="ccache gcc"
	# shellcheck disable=SC2086 # KBUILD_ID is a list of assignments
	make -C "$tree" -j"$(nproc)" CC="$cc" HOSTCC="$cc" $KBUILD_ID "$@"
}
kmake() { kmake_tree "$SRC" "$@"; }	# kmake ARGS...: in the patched tree

# ftrace_trigger_run LOG [tools/vm options]: upstream's ftracetest trigger
# directory, from the pristine tree, in an x86_64 `trace` guest (another
# kernel with --kernel); prints "RESULT<TAB>test" per test, in the order
# run (a description upstream gives twice is "... (#2)" the second time).
# The status is tools/vm's (ftracetest's own is not: failures are in the
# results). About a minute under TCG.
ftrace_trigger_run() {
	local log st
	log=$1
	shift
	"$TOP/tools/vm" --arch x86_64 --profile trace --mem 256M --smp 2 --timeout 600 \
		--add "$ORIG/tools/testing/selftests/ftrace:/ftrace" "$@" -- \
		'cd /ftrace && ./ftracetest test.d/trigger/; echo "ftracetest: status $?"' \
		>"$log" 2>&1
	st=$?
	# upstream gives two tests one description: the second is "... (#2)"
	tr -d '\r' <"$log" |
		sed -n 's/^\[[0-9]*\][[:space:]]*\(.*[^[:space:]]\)[[:space:]]*\[\([A-Z]*\)\]$/\2	\1/p' |
		awk -F '\t' -v OFS='\t' '++seen[$2] > 1 { $2 = $2 " (#" seen[$2] ")" } { print }'
	return "$st"
}
