# Test helpers for tinify's host-side tests (POSIX sh), on top of the
# harness library (tools/lib.sh: TOP, BUILD, SRC, ORIG and the shared
# helpers). A test is selftests/NN-name.t: an opening comment saying what it
# proves, then the header selftests/run reads,
#   # requires: ARCH-PROFILE[+ADDON] ...   (the builds it boots or reads)
#   # timeout: SECONDS                     (the runner stops it after that)
# then its checks, each printing one KTAP result line ("ok - DESC",
# "not ok - DESC", "ok - DESC # SKIP REASON"); selftests/run numbers and
# counts them. A required build that is missing is the runner's business:
# the test does not run and is reported once, as failed.
. "$(dirname "$0")/../tools/lib.sh"
VM=$TOP/tools/vm
T_LOG=${T_LOG:-$BUILD/selftests}
mkdir -p "$T_LOG"

ok() { # ok STATUS DESCRIPTION: a result from an exit status
	if [ "$1" -eq 0 ]; then
		printf 'ok - %s\n' "$2"
	else
		printf 'not ok - %s\n' "$2"
	fi
}

# check DESCRIPTION COMMAND [ARG...]: run the command (its output goes to the
# test's log) and report its exit status as the result, e.g.
#   check "i386: bzImage is 4 KiB aligned" [ $((size % 4096)) -eq 0 ]
check() {
	local desc
	desc=$1
	shift
	"$@" >&2
	ok $? "$desc"
}

not() { ! "$@"; }	# not COMMAND...: for check, when failing is right

skip() { # skip DESCRIPTION REASON
	printf 'ok - %s # SKIP %s\n' "$1" "$2"
}

diag() { printf '# %s\n' "$*"; }

# config_is BUILD SYMBOL VALUE: is the symbol so in that build's .config?
# VALUE is y, m, n (unset or absent) or a literal value.
config_is() {
	[ -f "$(build_dir "$1")/.config" ] &&
		[ "$(config_get "$(build_dir "$1")/.config" "$2")" = "$3" ]
}

# vm_run LOGNAME [tools/vm options] -- CMD: run tools/vm with its stdout and
# stderr in $T_LOG/LOGNAME.log; the status is tools/vm's.
vm_run() {
	local log
	log=$T_LOG/$1.log
	shift
	"$VM" "$@" >"$log" 2>&1
}

# guest_ktap BUILD LABEL [tools/vm options] -- CMD...: boot BUILD
# (ARCH-PROFILE[+ADDON]), run an in-guest KTAP program, re-emit its results
# prefixed with LABEL, and one more result for the guest's exit status.
guest_ktap() {
	local name label log st
	name=$1 label=$2
	shift 2
	log=$T_LOG/$(printf '%s' "$label" | tr -c 'A-Za-z0-9_.-' '_').log
	"$VM" --arch "$(build_arch "$name")" --profile "$(build_profile "$name")" \
		"$@" >"$log" 2>&1
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

# vm_said LOG: what tools/vm said in LOG (a splat with its console lines,
# a timeout with the console's tail), as TAP comments: CI keeps only them
vm_said() { grep -a -A30 '^tools/vm:' "$1" | head -n 40 | sed 's/^/# /'; }

# running PID: is that child still running (a child that ended and was not
# waited for yet is a zombie, which kill -0 still finds)?
running() {
	kill -0 "$1" 2>/dev/null && ! awk '{ exit $3 != "Z" }' "/proc/$1/stat" 2>/dev/null
}

# vm_forwarded ERRFILE PROTO GUESTPORT PID: the host port that tools/vm
# (running as PID, its stderr in ERRFILE, started with --forward) forwards
# to GUESTPORT; waits until tools/vm has announced it, fails when tools/vm
# ended first.
vm_forwarded() {
	local p
	while :; do
		p=$(awk -v proto="$2" -v gp="$3" '
			$1 == "tools/vm:" && $2 == "forward" && $3 == proto && $5 == gp {
				sub(/.*:/, "", $4); p = $4
			}
			END { if (p != "") print p }' "$1" 2>/dev/null)
		[ -n "$p" ] && { printf '%s\n' "$p"; return 0; }
		running "$4" || return 1
		sleep 0.2
	done
}
