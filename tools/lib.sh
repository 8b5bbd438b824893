# Shared shell helpers for tinify's tools (POSIX sh). Source, don't run.
# Sets TOP (project root), BUILD, SRC (patched tree), ORIG (pristine tree).

TOP=$(cd "$(dirname "$0")/.." && pwd)
case "$TOP" in */tools) TOP=${TOP%/tools} ;; esac
. "$TOP/BASE"
BUILD=${BUILD:-$TOP/build}
SRC=$BUILD/src/linux
ORIG=$BUILD/src/linux-orig
ARCHES="i386 x86_64"
PROFILES="upstream tiny net trace"
# Add-ons: configs/<name>.config merged after a profile's own fragments, as
# PROFILE+ADDON (build/<arch>-upstream+bootmem).
ADDONS="bootmem"

say() { printf '%s\n' "$*" >&2; }
stage() { printf '==> [%s] %s\n' "$1" "$2" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 2; }

word_in() { # word_in WORD LIST...: is WORD one of LIST?
	w=$1; shift
	for x in "$@"; do [ "$x" = "$w" ] && return 0; done
	return 1
}

check_arch() {
	# shellcheck disable=SC2086
	word_in "$1" $ARCHES || die "unknown arch '$1' (one of: $ARCHES)"
}

check_profile() { # check_profile PROFILE[+ADDON...]
	# shellcheck disable=SC2086
	word_in "${1%%+*}" $PROFILES || die "unknown profile '${1%%+*}' (one of: $PROFILES)"
	addons=${1#"${1%%+*}"}
	for a in $(printf '%s' "$addons" | tr '+' ' '); do
		# shellcheck disable=SC2086
		word_in "$a" $ADDONS || die "unknown profile add-on '$a' (one of: $ADDONS)"
	done
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
	v=$(tree_version "$SRC" 2>/dev/null || echo unknown)
	printf 'base: Linux %s (Debian %s %s)' "$v" "$BASE_PACKAGE" \
		"$(installed_base_debian_version || echo '?')"
	[ "$v" = "$BASE_VERSION" ] || printf ' -- differs from recorded %s' "$BASE_VERSION"
	printf '\n'
}

kbuild_dir() { printf '%s/%s-%s\n' "$BUILD" "$1" "$2"; }

# Common kbuild arguments: explicit ARCH, ccache, quiet but visible progress.
# CCACHE_BASEDIR makes cache entries independent of where the project is
# checked out, so a second clone (CI's) hits the same cache.
kmake() {
	CCACHE_BASEDIR=$TOP
	export CCACHE_BASEDIR
	ccache_cc="gcc"
	command -v ccache >/dev/null 2>&1 && ccache_cc="ccache gcc"
	make -C "$SRC" -j"$(nproc)" CC="$ccache_cc" HOSTCC="$ccache_cc" \
		KBUILD_BUILD_USER=tinify KBUILD_BUILD_HOST=tinify \
		KBUILD_BUILD_TIMESTAMP='2014-04-30' "$@"
}
