#!/bin/sh
# The hash trigger table's KUnit tests (the series' patch
# hash-trigger/0309, CONFIG_HASH_TRIGGERS_KUNIT_TEST, on in
# configs/debug.config) run at boot (kunit.enable=1) of the x86_64
# `trace+debug` kernel on 4 vCPUs: entries added and found, a full table, hits counted, a hit
# without a record (defect 1 of issue 13), and a slot claimed and never
# published by another CPU or by this one, which must be dropped and
# counted, not waited for (defect 3: without the bound the case spins
# until the soft lockup detector fires, a splat, or the boot times out).
# Each case of the suite is a result here, read from the kernel console's
# KTAP; a case that did not run, or a suite that did not report, fails.
# requires: x86_64-trace+debug
# timeout: 600
. "$(dirname "$0")/lib.sh"

SUITE=hash_trigger
con=$T_LOG/65-hashkunit.console
# kunit.enable=1: allnoconfig leaves KUNIT_DEFAULT_ENABLED off, so the
# other boots of the debug kernel do not run the tests
vm_run 65-hashkunit --arch x86_64 --profile trace+debug --smp 4 --mem 512M \
	--append kunit.enable=1 --timeout 300 --console "$con" -- true
st=$?
ok "$st" "the trace+debug kernel boots and runs its KUnit tests (status $st, log: ${T_LOG#"$TOP"/}/65-hashkunit.log)"
[ "$st" -eq 0 ] || tail -n 20 "$T_LOG/65-hashkunit.log" | sed 's/^/# /'

# The suite's KTAP, without printk's timestamps: the lines between its
# "# Subtest:" and its own result line
ktap=$T_LOG/65-hashkunit.ktap
tr -d '\r' <"$con" 2>/dev/null | sed 's/^\[ *[0-9.]*\] //' | awk -v s="$SUITE" '
	$0 ~ "# Subtest: " s "$" { on = 1; next }
	on && $0 ~ "^(not )?ok [0-9]+ " s "( |$)" { print "suite " $0; exit }
	on { sub(/^[ \t]+/, ""); print }' >"$ktap"

plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$ktap" | head -n 1)
check "the $SUITE suite ran and gave its plan (${plan:-none})" [ "${plan:-0}" -gt 0 ]
n=0
while read -r first rest; do
	case "$first $rest" in
	"ok "*|"not ok "*)
		n=$((n + 1))
		res=0
		[ "$first" = ok ] || { res=1 rest=${rest#ok }; }
		ok "$res" "kunit $SUITE: ${rest#[0-9]* }"
		;;
	esac
done <"$ktap"
check "every case of the plan reported ($n of ${plan:-?})" [ "$n" = "${plan:-x}" ]
check "the $SUITE suite passed as a whole" grep -q "^suite ok [0-9]* $SUITE" "$ktap"
exit 0
