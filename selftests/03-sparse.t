#!/bin/sh
# sparse (make C=2) on every .c file the series touches, in the patched tree
# and in the pristine one with the same configuration; only warnings the
# series adds count. The configuration is x86_64 `trace` with the series'
# options as `upstream` has them, so the code they guard is compiled, plus
# the networking and file-descriptor features whose files the series
# touches (extra_config). i386-only files are skipped.
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

# configure TREE DIR: the sparse configuration, prepared for single objects.
configure() {
	frag=$2/tinify.fragment
	mkdir -p "$2"
	cat "$TOP/configs/base.config" "$TOP/configs/arch-x86_64.config" \
		"$TOP/configs/tiny.config" "$TOP/configs/trace.config" \
		"$TOP/configs/upstream.config" >"$frag.new"
	extra_config >>"$frag.new"
	if [ -f "$2/.config" ] && cmp -s "$frag.new" "$frag" &&
		[ "$2/.config" -nt "$BUILD/src/applied" ]; then
		return 0
	fi
	mv "$frag.new" "$frag"
	make -C "$1" -s O="$2" ARCH=x86_64 KCONFIG_ALLCONFIG="$frag" allnoconfig \
		>"$2/kconfig.log" 2>&1 &&
		make -C "$1" -s -j"$(nproc)" O="$2" ARCH=x86_64 CC="ccache gcc" \
			prepare >>"$2/kconfig.log" 2>&1
}

# sparse_run TREE DIR FILE OUT: sparse's warnings for FILE into OUT, without
# the tree's path or line numbers (they move with every patch); fails if
# FILE does not compile.
sparse_run() {
	rm -f "$2/${3%.c}.o"
	make -C "$1" -s O="$2" ARCH=x86_64 C=2 CC="ccache gcc" "${3%.c}.o" \
		>"$4.log" 2>&1
	st=$?
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$4.log" |
		sed -E -e "s|^$1/||" -e 's/^([^:]+):[0-9]+:[0-9]+:/\1:/' | sort >"$4"
	return $st
}

new_dir=$BUILD/sparse-x86_64
old_dir=$BUILD/sparse-orig-x86_64
configure "$SRC" "$new_dir" || { ok 1 "sparse config (patched tree)"; exit 0; }
configure "$ORIG" "$old_dir" || { ok 1 "sparse config (pristine tree)"; exit 0; }
for f in $files; do
	[ -f "$SRC/$f" ] || continue	# removed by the series
	now=$T_LOG/sparse.now before=$T_LOG/sparse.before
	if ! sparse_run "$SRC" "$new_dir" "$f" "$now"; then
		skip "sparse: no new warnings in $f" "does not compile on its own in the sparse config"
		continue
	fi
	: >"$before"
	[ -f "$ORIG/$f" ] && sparse_run "$ORIG" "$old_dir" "$f" "$before"
	added=$(comm -23 "$now" "$before")
	ok "$([ -z "$added" ]; echo $?)" "sparse: no new warnings in $f"
	[ -z "$added" ] || printf '%s\n' "$added" | head -8 | sed 's/^/# /'
done
exit 0
