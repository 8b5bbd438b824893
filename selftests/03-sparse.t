#!/bin/sh
# sparse (make C=2) on every .c file the series touches, in the patched tree
# and in the pristine one with the same configuration; only warnings the
# series adds count. The configuration is SPARSE_PROFILE: x86_64 `trace`
# with the series' options as `upstream` has them, so the code they guard
# is compiled, plus the networking and file-descriptor features whose files
# the series touches (configs/sparse.config). A file that does not build
# there (i386-only code) is checked in the same configuration for i386.
# requires:
# timeout: 1800
. "$(dirname "$0")/lib.sh"

SPARSE_PROFILE=trace+upstream+sparse
# shellcheck disable=SC2046 # patch names have no blanks
files=$(patch_files $(series_patches) | grep '\.c$')
if [ -z "$files" ]; then
	skip "sparse on the files the series touches" "the series touches no .c file"
	exit 0
fi
command -v sparse >/dev/null || { ok 1 "sparse is installed"; exit 0; }

# configure TREE DIR ARCH: the sparse configuration of TREE in DIR, prepared
# for building single objects; redone only when the fragments or the tree
# changed.
configure() {
	"$TOP/tools/mkconfig" --tree "$1" --out "$2" "$3" "$SPARSE_PROFILE" 2>>"$T_LOG/sparse-config.log" &&
		{ [ "$2/.sparse-prepared" -nt "$2/.tinify-config" ] ||
			{ kmake_tree "$1" -s O="$2" ARCH="$3" prepare >>"$2/kconfig.log" 2>&1 &&
				touch "$2/.sparse-prepared"; }; }
}

# sparse_run TREE DIR FILE OUT ARCH: sparse's warnings for FILE into OUT,
# without the tree's path (absolute, or relative as ccache's base directory
# makes it) or line numbers (they move with every patch); fails if FILE
# does not compile.
sparse_run() {
	local st
	rm -f "$2/${3%.c}.o"
	kmake_tree "$1" -s O="$2" ARCH="$5" C=2 "${3%.c}.o" >"$4.log" 2>&1
	st=$?
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$4.log" |
		sed -E -e "s|^$1/||" -e "s|^$(realpath --relative-to="$2" "$1")/||" \
			-e 's/^([^:]+):[0-9]+:[0-9]+:/\1:/' | sort >"$4"
	return $st
}

# check_file FILE ARCH: compare FILE's warnings in both trees configured for
# ARCH (configured on first use); fails if it does not build for ARCH.
check_file() {
	local new_dir old_dir now before added
	new_dir=$BUILD/sparse-$2 old_dir=$BUILD/sparse-orig-$2
	configure "$SRC" "$new_dir" "$2" || { ok 1 "sparse config for $2 (patched tree)"; return 0; }
	configure "$ORIG" "$old_dir" "$2" || { ok 1 "sparse config for $2 (pristine tree)"; return 0; }
	now=$T_LOG/sparse.now before=$T_LOG/sparse.before
	sparse_run "$SRC" "$new_dir" "$1" "$now" "$2" || return 1
	: >"$before"
	[ -f "$ORIG/$1" ] && sparse_run "$ORIG" "$old_dir" "$1" "$before" "$2"
	added=$(comm -23 "$now" "$before")
	check "sparse: no new warnings in $1 ($2)" [ -z "$added" ]
	[ -z "$added" ] || printf '%s\n' "$added" | head -8 | sed 's/^/# /'
	return 0
}

for f in $files; do
	[ -f "$SRC/$f" ] || continue	# removed by the series
	check_file "$f" x86_64 || check_file "$f" i386 ||
		skip "sparse: no new warnings in $f" "builds in neither sparse configuration"
done
exit 0
