#!/bin/sh
# sparse (make C=2) on every .c file the series touches, in the patched tree
# and in the pristine one with the same configuration; only warnings the
# series adds count. The configuration is x86_64 `trace` with the series'
# options as `upstream` has them, so the code they guard is compiled, plus
# the networking and file-descriptor features whose files the series
# touches (extra_config). A file that does not build there (i386-only code)
# is checked in the same configuration for i386.
. "$(dirname "$0")/lib.sh"
. "$TOP/tools/lib.sh"

listed=$(sed -e 's/#.*//' "$TOP/series" | awk 'NF {print $1}')
files=$(for p in $listed; do
	sed -n 's|^+++ b/\([^[:space:]]*\.c\)\([[:space:]].*\)*$|\1|p' "$TOP/patches/$p"
done | sort -u)
if [ -z "$files" ]; then
	skip "sparse on the files the series touches" "the series touches no .c file"
	exit 0
fi
command -v sparse >/dev/null || { ok 1 "sparse is installed"; exit 0; }

extra_config() {
	printf 'CONFIG_%s=y\n' NET INET UNIX EVENTFD EPOLL SIGNALFD TIMERFD \
		FILE_LOCKING USERFAULTFD IO_URING INOTIFY_USER FANOTIFY
}

# configure TREE DIR ARCH: the sparse configuration, prepared for single
# objects; redone only when the fragments or the tree changed.
configure() {
	frag=$2/tinify.fragment
	mkdir -p "$2"
	cat "$TOP/configs/base.config" "$TOP/configs/arch-$3.config" \
		"$TOP/configs/tiny.config" "$TOP/configs/trace.config" \
		"$TOP/configs/upstream.config" >"$frag.new"
	extra_config >>"$frag.new"
	if [ -f "$2/.config" ] && cmp -s "$frag.new" "$frag" &&
		[ "$2/.sparse-config" -nt "$BUILD/src/applied" ]; then
		return 0
	fi
	mv "$frag.new" "$frag"
	make -C "$1" -s O="$2" ARCH="$3" KCONFIG_ALLCONFIG="$frag" allnoconfig \
		>"$2/kconfig.log" 2>&1 &&
		make -C "$1" -s -j"$(nproc)" O="$2" ARCH="$3" CC="ccache gcc" \
			prepare >>"$2/kconfig.log" 2>&1 &&
		touch "$2/.sparse-config"
}

# sparse_run TREE DIR FILE OUT ARCH: sparse's warnings for FILE into OUT,
# without the tree's path or line numbers (they move with every patch);
# fails if FILE does not compile.
sparse_run() {
	rm -f "$2/${3%.c}.o"
	make -C "$1" -s O="$2" ARCH="$5" C=2 CC="ccache gcc" "${3%.c}.o" \
		>"$4.log" 2>&1
	st=$?
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$4.log" |
		sed -E -e "s|^$1/||" -e 's/^([^:]+):[0-9]+:[0-9]+:/\1:/' | sort >"$4"
	return $st
}

# check FILE ARCH: compare FILE's warnings in both trees configured for ARCH
# (configured on first use); fails if it does not build for ARCH.
check() {
	new_dir=$BUILD/sparse-$2 old_dir=$BUILD/sparse-orig-$2
	configure "$SRC" "$new_dir" "$2" || { ok 1 "sparse config for $2 (patched tree)"; return 0; }
	configure "$ORIG" "$old_dir" "$2" || { ok 1 "sparse config for $2 (pristine tree)"; return 0; }
	now=$T_LOG/sparse.now before=$T_LOG/sparse.before
	sparse_run "$SRC" "$new_dir" "$1" "$now" "$2" || return 1
	: >"$before"
	[ -f "$ORIG/$1" ] && sparse_run "$ORIG" "$old_dir" "$1" "$before" "$2"
	added=$(comm -23 "$now" "$before")
	ok "$([ -z "$added" ]; echo $?)" "sparse: no new warnings in $1 ($2)"
	[ -z "$added" ] || printf '%s\n' "$added" | head -8 | sed 's/^/# /'
	return 0
}

for f in $files; do
	[ -f "$SRC/$f" ] || continue	# removed by the series
	check "$f" x86_64 || check "$f" i386 ||
		skip "sparse: no new warnings in $f" "builds in neither sparse configuration"
done
exit 0
