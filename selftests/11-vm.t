#!/bin/sh
# tools/vm returns the guest command's status and output, its timeout and its
# splat detection and its --smp, each proven with a command made to behave
# that way.
# requires: i386-tiny x86_64-tiny x86_64-trace
# timeout: 600
. "$(dirname "$0")/lib.sh"

expect() { # expect WANT DESC LOG [tools/vm args]: tools/vm exits WANT
	want=$1 desc=$2 name=$3
	shift 3
	vm_run "$name" "$@"
	st=$?
	check "$desc (want $want, got $st)" [ "$st" = "$want" ]
}

expect 3 "x86_64: 'exit 3' gives 3" vm-exit64 --arch x86_64 -- 'exit 3'
expect 3 "i386: init returns the program's status 3" vm-exit32 --arch i386 -- /t/vmcheck exit 3
expect 0 "i386: a boot without command returns 0" vm-probe32 --arch i386
expect 137 "x86_64: a command killed by SIGKILL gives 128+9" vm-sig64 --arch x86_64 -- /t/vmcheck signal 9
expect 124 "x86_64: a command that outlives --timeout gives 124" vm-timeout64 \
	--arch x86_64 --timeout 15 -- 'sleep 600'
expect 125 "x86_64: init exiting (kernel panic) is a splat: 125" vm-panic64 \
	--arch x86_64 -- 'kill -TERM 1; sleep 30; exit 0'
expect 125 "i386: init exiting (kernel panic) is a splat: 125" vm-panic32 \
	--arch i386 -- /t/vmcheck kill-init
expect 0 "x86_64: a stack trace the command prints is not a splat" vm-fake-splat \
	--arch x86_64 -- 'echo "WARNING: Call Trace: Oops BUG: Kernel panic"'

# Output comes back exactly, without the status marker or CRs.
out=$("$VM" --arch x86_64 -- 'printf "line1\nline2\n\nlast"' 2>/dev/null | od -c | tr -s ' ')
want=$(printf 'line1\nline2\n\nlast' | od -c | tr -s ' ')
check "x86_64: command output comes back byte for byte" [ "$out" = "$want" ]
out=$("$VM" --arch i386 -- /t/vmcheck print 'hello from i386' 2>/dev/null)
check "i386: program output comes back ('$out')" [ "$out" = "hello from i386" ]

# Files added with --add are in the guest.
printf 'added %s\n' "$$" >"$T_LOG/added.txt"
out=$("$VM" --arch x86_64 --add "$T_LOG/added.txt:/data/added.txt" -- 'cat /data/added.txt' 2>/dev/null)
check "x86_64: --add puts a host file in the guest" [ "$out" = "added $$" ]
out=$("$VM" --arch x86_64 --profile trace --smp 3 -- 'grep -c ^processor /proc/cpuinfo' 2>/dev/null | tr -d '\r')
check "x86_64: --smp 3 gives the guest 3 CPUs (got '$out')" [ "$out" = 3 ]
# (counted by a hash trigger on nmi:nmi_handler: PROC_MIN has no
# /proc/interrupts)
E=/sys/kernel/tracing/events/nmi/nmi_handler
out=$("$VM" --arch x86_64 --profile trace --nmi-every 1 -- \
	"echo hash:common_pid >$E/trigger && sleep 4 && grep Hits: $E/hash" \
	2>/dev/null | tr -dc '0-9')
check "x86_64: --nmi-every 1 gives the guest NMIs (${out:-none} in 4 s)" [ "${out:-0}" -ge 2 ]

# Bad usage names what was wrong and boots nothing.
# refused PATTERN ARGS...: tools/vm ARGS exits 2 with a message matching PATTERN
refused() {
	local msg st pat
	pat=$1
	shift
	msg=$("$VM" "$@" 2>&1)
	st=$?
	[ $st = 2 ] && printf '%s' "$msg" | grep -q -- "$pat"
}
check "tools/vm --arch arm: exit 2 naming the arch" refused "unknown arch 'arm'" --arch arm
check "tools/vm --mem lots: exit 2 naming the option" refused "--mem 'lots'" --mem lots
check "tools/vm --nmi-every 0: exit 2 naming the option" refused "--nmi-every '0'" --nmi-every 0
check "tools/vm --forward tcp:0:80: exit 2 naming the rule" \
	refused "--forward 'tcp:0:80'" --forward tcp:0:80
check "tools/vm --forward sctp:80: exit 2 naming the rule" \
	refused "--forward 'sctp:80'" --forward sctp:80
check "tools/vm --forward on a build without a NIC: exit 2 saying so" \
	refused "has no network device" --profile tiny --forward tcp:80
check "tools/vm --bootconfig with a missing file: exit 2 naming it" \
	refused "no such file '/nonexistent'" --bootconfig /nonexistent
check "tools/vm --bootconfig on a build without BOOT_CONFIG: exit 2 saying so" \
	refused "has no CONFIG_BOOT_CONFIG" --profile tiny --bootconfig "$TOP/README.md"
exit 0
