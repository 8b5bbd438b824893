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

# sparse_tree TREE DIR ARCH OUT FILE...: sparse's warnings for every FILE,
# checked in one make run (-k: a file that does not compile does not stop
# the others; one run, not one a file, saves kbuild's start-up of about
# 2 s an object; -j1, so that each warning follows the CC or CHECK line
# of the file being compiled), into OUT as "FILE<TAB>warning" lines, a
# warning in a header under the file that included it, without the
# tree's path (absolute, or relative as ccache's base directory makes it)
# or line numbers (they move with every patch); OUT.failed lists the
# files that did not compile.
sparse_tree() {
	local tree dir arch out f
	tree=$1 dir=$2 arch=$3 out=$4
	shift 4
	: >"$out"
	: >"$out.failed"
	[ $# -gt 0 ] || return 0
	for f; do rm -f "$dir/${f%.c}.o"; done
	# shellcheck disable=SC2046 # file names have no blanks
	kmake_tree "$tree" -j1 -k O="$dir" ARCH="$arch" C=2 \
		$(for f; do printf '%s.o\n' "${f%.c}"; done) >"$out.log" 2>&1
	sed -E -e "s|$tree/||" -e "s|$(realpath --relative-to="$dir" "$tree")/||" "$out.log" |
		awk -v OFS='\t' '
		/^  (CC|CHECK) / { f = $2; sub(/\.o$/, ".c", f); next }
		/^[^ ]+:[0-9]+:[0-9]+: (warning|error):/ {
			sub(/:[0-9]+:[0-9]+:/, ":"); print f, $0
		}' | LC_ALL=C sort >"$out"
	for f; do
		[ -f "$dir/${f%.c}.o" ] || echo "$f"
	done >"$out.failed"
}

# check_arch ARCH FILE...: compare the files' warnings in both trees
# configured for ARCH (configured on first use), one result for each file
# that builds there; the files that do not build for ARCH are left in
# $T_LOG/sparse-ARCH.now.failed.
check_arch() {
	local arch now before f
	arch=$1
	shift
	now=$T_LOG/sparse-$arch.now before=$T_LOG/sparse-$arch.before
	printf '%s\n' "$@" >"$now.failed"
	if ! configure "$SRC" "$BUILD/sparse-$arch" "$arch" ||
		! configure "$ORIG" "$BUILD/sparse-orig-$arch" "$arch"; then
		ok 1 "sparse configurations for $arch (log: ${T_LOG#"$TOP"/}/sparse-config.log)"
		return 0
	fi
	sparse_tree "$SRC" "$BUILD/sparse-$arch" "$arch" "$now" "$@"
	# shellcheck disable=SC2046 # file names have no blanks
	sparse_tree "$ORIG" "$BUILD/sparse-orig-$arch" "$arch" "$before" \
		$(for f; do [ ! -f "$ORIG/$f" ] || echo "$f"; done)
	LC_ALL=C comm -23 "$now" "$before" >"$now.added"
	for f; do
		grep -qxF "$f" "$now.failed" && continue
		awk -F'\t' -v f="$f" '$1 == f { print $2 }' "$now.added" >"$now.file"
		ok "$([ ! -s "$now.file" ]; echo $?)" "sparse: no new warnings in $f ($arch)"
		head -8 "$now.file" | sed 's/^/# /'
	done
}

rm -f "$T_LOG"/sparse-*.now.failed
# shellcheck disable=SC2046 # file names have no blanks
check_arch x86_64 $(for f in $files; do [ ! -f "$SRC/$f" ] || echo "$f"; done)	# not removed
rest=$(cat "$T_LOG/sparse-x86_64.now.failed")
# shellcheck disable=SC2086
[ -z "$rest" ] || check_arch i386 $rest
for f in $(cat "$T_LOG/sparse-i386.now.failed" 2>/dev/null); do
	skip "sparse: no new warnings in $f" "builds in neither sparse configuration"
done
exit 0
