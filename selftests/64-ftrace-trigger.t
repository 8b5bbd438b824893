#!/bin/sh
# Upstream's own trigger tests (tools/testing/selftests/ftrace/test.d/trigger,
# from the pristine tree, without the series' hash tests) on the x86_64
# `trace` kernel: every test must give the result it gives on the unpatched
# tree built from the same configuration, as recorded with a reason per
# test in selftests/data/ftrace-trigger.expected ("RESULT<TAB>test<TAB>
# reason"). A PASS is a pass; an expected other result is reported as a
# skip with its reason; anything else (a new failure, or a test the list
# does not know) fails. tools/check-full rebuilds the unpatched reference
# and compares it with the list (ftrace-trigger-ref).
# requires: x86_64-trace
# timeout: 900
. "$(dirname "$0")/lib.sh"

EXPECTED=$TOP/selftests/data/ftrace-trigger.expected
log=$T_LOG/64-ftrace-trigger.log
results=$T_LOG/64-ftrace-trigger.results

ftrace_trigger_run "$log" >"$results"
st=$?
ok "$st" "ftracetest test.d/trigger ran on x86_64-trace (status $st, log: ${log#"$TOP"/})"
if [ "$st" -ne 0 ]; then
	vm_said "$log"
	tail -n 5 "$results" | sed 's/^/# last results: /'
	exit 0
fi

while IFS="$(printf '\t')" read -r res name; do
	exp=$(awk -F '\t' -v n="$name" '$2 == n { print $1 "\t" $3; exit }' "$EXPECTED")
	why=${exp#*"$(printf '\t')"}
	exp=${exp%%"$(printf '\t')"*}
	if [ "$res" = PASS ] && [ "$exp" = PASS ]; then
		ok 0 "ftracetest: $name"
	elif [ -n "$exp" ] && [ "$res" = "$exp" ]; then
		skip "ftracetest: $name" "$res as on the unpatched tree: $why"
	else
		ok 1 "ftracetest: $name ($res, unpatched tree: ${exp:-not listed})"
	fi
done <"$results"
exit 0
