#!/bin/sh
# The hash trigger fuzzed and raced on the x86_64 `trace+debug` kernel (the
# kernel's bug catchers, configs/debug.config: KASAN, lockdep,
# DEBUG_ATOMIC_SLEEP, kmemleak, UBSAN bounds, lockup detectors), 4 vCPUs;
# make check runs a campaign sized to its time budget, tools/check-full
# the full one. HASHFUZZ_PROFILE=trace runs it on the plain kernel.
# - /t/hashfuzz (selftests/guest/hashfuzz.c): seeded random and mutated
#   specs from 2 writers on several busy events while other processes fire
#   them and read every hash file; removals, pause/continue/clear, O_TRUNC;
#   then no trigger left and nothing for kmemleak;
# - /t/hashcount race: add/remove cycles of a hash trigger next to a
#   record-less trigger (traceon) while every CPU makes system calls;
# - /t/hashcount cycles: as many cycles of each kind of removal ('!',
#   O_TRUNC, clear, pause/continue) on events of task, hard-irq
#   (irq_vectors:local_timer_entry) and NMI context (nmi:nmi_handler: the
#   host injects an NMI every second, tools/vm --nmi-every) while a
#   reader reads every hash file;
# - /t/hashcount count: exact counts still right after all that;
# - boots with trace_hash= built from the seed (repeated parameters, a
#   boot instance, bad entries mixed in).
# A WARNING, BUG or Oops (and on the debug kernel any KASAN, lockdep,
# UBSAN or lockup report) is a splat on the console, which fails the run
# (tools/vm), and so does a hang (its timeout). The seed is printed:
# HASHFUZZ_SEED=N reruns one. make check runs a sized campaign;
# tools/check-full sets HASHFUZZ_PROFILE, _SPECS, _CYCLES and _BOOTS for
# the full one.
# requires: x86_64-trace+debug
# timeout: 1500
. "$(dirname "$0")/lib.sh"

PROFILE=${HASHFUZZ_PROFILE:-trace+debug}
SEED=${HASHFUZZ_SEED:-$(date +%s)}
SPECS=${HASHFUZZ_SPECS:-1500}
CYCLES=${HASHFUZZ_CYCLES:-100}
# per kind of removal: each waits for a tracepoint grace period
KIND_CYCLES=${HASHFUZZ_KIND_CYCLES:-25}
BOOTS=${HASHFUZZ_BOOTS:-2}
GUEST_TIMEOUT=${HASHFUZZ_TIMEOUT:-900}
diag "x86_64-$PROFILE, seed $SEED: $SPECS specs, $CYCLES race cycles, $KIND_CYCLES cycles of each removal, $BOOTS boots (HASHFUZZ_SEED=$SEED reruns it)"

guest_ktap "x86_64-$PROFILE" "hashfuzz seed $SEED" --smp 4 --mem 1G \
	--nmi-every 1 --timeout "$GUEST_TIMEOUT" -- \
	"/t/hashfuzz $SEED $SPECS 2 2 && /t/hashcount race 3 $CYCLES &&
	/t/hashcount cycles 3 $KIND_CYCLES && /t/hashcount count 3 2000"

# boot_specs SEED N: N ';'-separated trace_hash= entries, some malformed
boot_specs() {
	awk -v seed="$1" -v n="$2" 'BEGIN {
		srand(seed)
		ev[0] = "kmem:kmalloc"; f0 = "call_site.sym,bytes_req,bytes_alloc,gfp_flags.hex,node,stacktrace"
		ev[1] = "kmem:kfree"; f1 = "call_site.sym,ptr.hex,stacktrace"
		ev[2] = "sched:sched_switch"; f2 = "prev_pid,next_pid,prev_comm,next_comm,prev_prio"
		ev[3] = "raw_syscalls:sys_enter"; f3 = "common_pid.execname,id.syscall,common_pid"
		ev[4] = "kmem:nosuchevent"; f4 = "bytes_req"
		ev[5] = "garbage"; f5 = "x"
		split(f0, F0, ","); split(f1, F1, ","); split(f2, F2, ",")
		split(f3, F3, ","); split(f4, F4, ","); split(f5, F5, ",")
		for (i = 0; i < n; i++) {
			e = int(rand() * 6)
			if (e == 0) k = F0[1 + int(rand() * 6)]
			else if (e == 1) k = F1[1 + int(rand() * 3)]
			else if (e == 2) k = F2[1 + int(rand() * 5)]
			else if (e == 3) k = F3[1 + int(rand() * 3)]
			else if (e == 4) k = F4[1]
			else k = F5[1]
			s = ev[e] (e == 5 ? "" : ":" k)
			if (rand() < 0.3) s = s ":size=" 2 ^ int(rand() * 12)
			if (rand() < 0.1) s = s ":nosuch"
			printf "%s%s", (i ? ";" : ""), s
		}
	}'
}

i=0
while [ "$i" -lt "$BOOTS" ]; do
	s=$((SEED + i))
	append="trace_hash=\"$(boot_specs "$s" 3)\" trace_hash=\"$(boot_specs $((s + 1000)) 2)\""
	[ $((i % 2)) -eq 0 ] && append="trace_instance=fuzz$i $append"
	diag "boot $i: $append"
	# shellcheck disable=SC2016 # expanded by the guest's shell
	vm_run "63-hashfuzz-boot$i" --arch x86_64 --profile "$PROFILE" --smp 2 \
		--mem 512M --timeout 300 --append "$append" -- \
		'echo "armed: $(cat /sys/kernel/tracing/events/*/*/trigger | grep -c "^hash:")"'
	st=$?
	ok "$st" "boot $i with random trace_hash= (status $st)"
	[ "$st" -eq 0 ] || tail -n 15 "$T_LOG/63-hashfuzz-boot$i.log" | sed 's/^/# /'
	i=$((i + 1))
done
exit 0
