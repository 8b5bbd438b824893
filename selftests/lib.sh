# Helpers for tinify's host-side tests (POSIX sh). A test is an executable
# selftests/NN-name.t that sources this file and prints KTAP result lines;
# selftests/run numbers and counts them.

TOP=$(cd "$(dirname "$0")/.." && pwd)
VM=$TOP/tools/vm
BUILD=${BUILD:-$TOP/build}
T_LOG=${T_LOG:-$BUILD/selftests}
mkdir -p "$T_LOG"

ok() { # ok STATUS DESCRIPTION
	if [ "$1" -eq 0 ]; then
		printf 'ok - %s\n' "$2"
	else
		printf 'not ok - %s\n' "$2"
	fi
}

skip() { # skip DESCRIPTION REASON
	printf 'ok - %s # SKIP %s\n' "$1" "$2"
}

diag() { printf '# %s\n' "$*"; }

# config_is ARCH PROFILE SYMBOL VALUE: is the symbol set so in that build?
# VALUE is y, n (not set or absent) or a literal value
config_is() {
	c=$BUILD/$1-$2/.config
	[ -f "$c" ] || return 1
	if [ "$4" = n ]; then
		! grep -q "^CONFIG_$3=" "$c"
	else
		grep -q "^CONFIG_$3=$4\$" "$c"
	fi
}

built() { # built ARCH PROFILE: is that kernel there?
	[ -f "$BUILD/$1-$2/arch/x86/boot/bzImage" ]
}

# vm_run LOGNAME [tools/vm options] -- CMD: run, keep stdout+stderr in the
# test log, and print the log path; the status is tools/vm's.
vm_run() {
	log=$T_LOG/$1.log
	shift
	"$VM" "$@" >"$log" 2>&1
}

# guest_ktap ARCH PROFILE LABEL [tools/vm options] -- CMD...: run an in-guest
# KTAP program, re-emit its results prefixed with LABEL, and one more result
# for the guest's exit status. Missing build: every result is "not ok".
guest_ktap() {
	arch=$1 profile=$2 label=$3
	shift 3
	if ! built "$arch" "$profile"; then
		ok 1 "$label: build/$arch-$profile exists"
		return
	fi
	log=$T_LOG/$(printf '%s' "$label" | tr -c 'A-Za-z0-9_.-' '_').log
	"$VM" --arch "$arch" --profile "$profile" "$@" >"$log" 2>&1
	st=$?
	tr -d '\r' <"$log" | awk -v label="$label" '
		/^(not ok|ok) / {
			res = ($1 == "not") ? "not ok" : "ok"
			sub(/^(not ok|ok) [0-9]* *-* */, "")
			print res " - " label ": " $0
		}'
	ok "$st" "$label: guest exit status $st (log: ${log#"$TOP"/})"
	[ "$st" -eq 0 ] || tail -n 15 "$log" | sed 's/^/# /'
}
