#!/bin/sh
# trace_trigger= on the instances made at boot, through both paths:
# - bootconfig (issue 13's defect 2, the series' fixes/0803): with
#     trace_trigger=sched_switch.hash:prev_pid     (kernel command line)
#     ftrace.instance.boot.events = "sched:sched_switch"     (bootconfig)
#   boot-time tracing creates the instance at core_initcall_sync, before
#   tracefs has its instances directory, so its event files are made
#   early with event_mutex held, and arming trace_trigger= on them took
#   event_mutex a second time: the boot blocked for ever (on the debug
#   kernel lockdep reports the recursion first);
# - trace_instance=boot, where the instance got what parsing the entry
#   for the top level had left of it, "hash", and refused it (fixes/0805).
# Each boot must complete, with no trigger refused, and the trigger must
# be armed, and count, at the top level and in the instance. The x86_64
# `trace+debug` kernel is the one with BOOTTIME_TRACING
# (configs/debug.config); tools/vm --bootconfig appends the file to the
# initramfs.
# requires: x86_64-trace+debug
# timeout: 600
. "$(dirname "$0")/lib.sh"

TRIGGER=sched_switch.hash:prev_pid
T=/sys/kernel/tracing
TOP_DIR=$T/events/sched/sched_switch
INST_DIR=$T/instances/boot/events/sched/sched_switch
bc=$T_LOG/66-bootconfig.bconf
printf 'ftrace.instance.boot.events = "sched:sched_switch"\n' >"$bc"
cmd="for d in $TOP_DIR $INST_DIR; do"
cmd="$cmd echo \"==> \$d <==\"; cat \$d/trigger; grep 'Hits:' \$d/hash; done"

# boot_case NAME DESC [tools/vm options]: boot with trace_trigger= and
# the options, and check both event files
boot_case() {
	local name desc log con st where d hits
	name=$1 desc=$2
	shift 2
	log=$T_LOG/66-$name.log con=$T_LOG/66-$name.console
	"$VM" --arch x86_64 --profile trace+debug --smp 2 --timeout 300 \
		--console "$con" "$@" -- "sleep 1; $cmd" >"$log" 2>&1
	st=$?
	ok "$st" "$name: boots with trace_trigger= and $desc (status $st, log: ${log#"$TOP"/})"
	[ "$st" -eq 0 ] || vm_said "$log"
	check "$name: no trigger was refused" not grep -aq 'Failed to register trigger' "$con"
	for where in top-level instance; do
		d=$TOP_DIR
		[ "$where" = instance ] && d=$INST_DIR
		hashdump_section "$log" "$d" >"$T_LOG/66-$name.$where"
		check "$name: $where sched_switch has the boot-time hash trigger" \
			grep -q '^hash:prev_pid' "$T_LOG/66-$name.$where"
		hits=$(sed -n 's/^ *Hits: *\([0-9]*\).*/\1/p' "$T_LOG/66-$name.$where")
		check "$name: $where trigger counts (Hits: ${hits:-none})" [ "${hits:-0}" -gt 0 ]
	done
}

boot_case bootconfig "an instance that bootconfig makes" \
	--append "trace_trigger=$TRIGGER" --bootconfig "$bc"
check "bootconfig: the console says the boot configuration was read" \
	grep -aq 'Load bootconfig' "$T_LOG/66-bootconfig.console"
boot_case trace_instance "trace_instance=boot" \
	--append "trace_instance=boot trace_trigger=$TRIGGER"
exit 0
