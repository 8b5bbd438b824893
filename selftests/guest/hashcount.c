// SPDX-License-Identifier: GPL-2.0
/*
 * hashcount: exact-count and core tests of the ftrace hash: trigger.
 *
 *   /t/hashcount [all|count|overfill|core] [children] [calls]
 *   /t/hashcount loop|pipes 0 N    (for benchmarks: N getppid() calls, or
 *                                   N pipe()+close() pairs, nothing else)
 *
 * count:    a hash:common_pid,id trigger on raw_syscalls:sys_enter while
 *           several children (running at once on SMP) each make a known
 *           number of getppid() and getpid() calls; each child's keys must
 *           show exactly those counts, and Hits == sum(hitcount) + Dropped.
 * overfill: hash:common_pid:size=4 if id == __NR_getppid with 8 children:
 *           4 entries of exactly the calls each, the rest in Dropped.
 * core:     spec parsing, errors (EINVAL, EEXIST, ENOENT, error_log),
 *           pause/continue/clear, removal, two triggers on one event.
 * edges:    a filter written with extra spaces is one trigger (EEXIST the
 *           second time, removed by '!' whatever its spacing), a bad
 *           filter is logged once, removing a missing trigger is silent,
 *           a zero-size string field (ftrace:print's char buf[]) is
 *           refused with EINVAL and an error_log entry.
 * race:     [children] [cycles]: a record-less trigger (traceon) on
 *           raw_syscalls:sys_enter while a hash trigger is added and
 *           removed [cycles] times and [children] processes make system
 *           calls on every CPU; a CPU running the triggers in the window
 *           where the hash trigger is listed but the event does not yet
 *           build records calls it without a record (an Oops before the
 *           fix, which the host sees on the console).
 * cycles:   [children] [cycles]: [cycles] add/remove cycles of each kind
 *           (removal by '!', by O_TRUNC, clear then '!', pause and
 *           continue then '!'), each on the next of the events there
 *           are: raw_syscalls:sys_enter (task context),
 *           irq_vectors:local_timer_entry (hard irq, every tick) and
 *           nmi:nmi_handler (NMI, when the host injects them), each with
 *           a record-less trigger (traceon) beside it, while [children]
 *           processes make system calls and one reads every hash file;
 *           then no hash trigger is left on any of them.
 *
 * Built with the kernel's nolibc for i386 and x86_64 (no 64-bit division:
 * every figure is parsed into an unsigned long). KTAP on stdout.
 */
#include "ktap.h"
#include "tracefs.h"

#define EDIR	TDIR "events/raw_syscalls/sys_enter/"

/* the number after the first @tag at or after @from in buf, or -1 */
static long after(const char *from, const char *tag)
{
	const char *p = find(from, tag);

	return p ? (long)num(p + strlen(tag)) : -1;
}

struct totals {
	long hits, entries, dropped, sum;
};

/* totals of the n-th table in buf, and the sum of its hitcounts */
static int totals(struct totals *t, int n)
{
	char *p = buf, *end;

	while (n-- > 0 && p)
		p = find(p + 1, "# hash:");
	if (!p)
		return -1;
	end = find(p, "Totals:");
	if (!end)
		return -1;
	t->sum = 0;
	for (p = find(p, "hitcount:"); p && p < end; p = find(p + 1, "hitcount:"))
		t->sum += (long)num(p + 9);
	t->hits = after(end, "Hits: ");
	t->entries = after(end, "Entries: ");
	t->dropped = after(end, "Dropped: ");
	return 0;
}

/* hitcount of the entry whose key line is exactly @key, or -1 */
static long count_of(const char *key)
{
	const char *p = buf;
	int len = strlen(key);

	while ((p = find(p, key))) {
		if ((p == buf || p[-1] == '\n') && p[len] == '\n')
			return after(p, "vals: hitcount:");
		p += len;
	}
	return -1;
}

static int children(int n, unsigned long calls, int *pids)
{
	int go[2], i, st;
	char c;

	if (pipe(go))
		return -1;
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			return -1;
		if (!pids[i]) {
			unsigned long k, a = calls + i * 7UL, b = 10 + i;

			close(go[1]);
			read(go[0], &c, 1);	/* all start when the pipe closes */
			for (k = 0; k < a; k++)
				getppid();
			for (k = 0; k < b; k++)
				getpid();
			exit(0);
		}
	}
	close(go[0]);
	close(go[1]);
	for (i = 0; i < n; i++)
		waitpid(pids[i], &st, 0);
	return 0;
}

static void test_count(int n, unsigned long calls)
{
	char spec[64], key[96];
	struct totals t;
	int pids[64], i, ok = 1;
	long c;

	ktap_result(!put(EDIR "trigger", "hash:common_pid,id", 1),
	            "count: set hash:common_pid,id on raw_syscalls:sys_enter", NULL);
	if (children(n, calls, pids)) {
		ktap_result(0, "count: fork children", NULL);
		return;
	}
	ktap_result(!put(EDIR "trigger", "hash:common_pid,id:pause", 0),
	            "count: pause the trigger", NULL);
	if (get(EDIR "hash") < 0 || totals(&t, 0)) {
		ktap_result(0, "count: read the hash file", NULL);
		return;
	}
	for (i = 0; i < n; i++) {
		fmt(key, sizeof(key), "key: common_pid:%d, id:%d", pids[i],
			 __NR_getppid);
		c = count_of(key);
		if (c != (long)(calls + i * 7UL)) {
			printf("# %s: hitcount %ld, want %lu\n", key, c,
			       calls + i * 7UL);
			ok = 0;
		}
		fmt(key, sizeof(key), "key: common_pid:%d, id:%d", pids[i],
			 __NR_getpid);
		c = count_of(key);
		if (c != 10 + i) {
			printf("# %s: hitcount %ld, want %d\n", key, c, 10 + i);
			ok = 0;
		}
	}
	fmt(spec, sizeof(spec), "%d children x %lu+ getppid()", n, calls);
	ktap_result(ok, "count: exact per-key counts,", spec);
	printf("# Hits %ld sum %ld Entries %ld Dropped %ld\n", t.hits, t.sum,
	       t.entries, t.dropped);
	ktap_result(t.hits > 0 && t.hits == t.sum + t.dropped,
	            "count: Hits == sum(hitcount) + Dropped", NULL);
	ktap_result(!put(EDIR "trigger", "!hash:common_pid,id", 0),
	            "count: remove the trigger", NULL);
}

static void test_overfill(unsigned long calls)
{
	char spec[96], key[64];
	struct totals t;
	int pids[8], i, found = 0, exact = 1;
	long c;

	fmt(spec, sizeof(spec), "hash:common_pid:size=4 if id == %d",
		 __NR_getppid);
	ktap_result(!put(EDIR "trigger", spec, 1), "overfill: set", spec);
	if (children(8, calls, pids)) {
		ktap_result(0, "overfill: fork children", NULL);
		return;
	}
	get(EDIR "hash");
	put(EDIR "trigger", "", 1);
	if (totals(&t, 0)) {
		ktap_result(0, "overfill: read the hash file", NULL);
		return;
	}
	for (i = 0; i < 8; i++) {
		fmt(key, sizeof(key), "key: common_pid:%d", pids[i]);
		c = count_of(key);
		if (c < 0)
			continue;
		found++;
		if (c != (long)(calls + i * 7UL))
			exact = 0;
	}
	printf("# Hits %ld sum %ld Entries %ld Dropped %ld, %d children kept\n",
	       t.hits, t.sum, t.entries, t.dropped, found);
	ktap_result(t.entries == 4 && found == 4, "overfill: table full at 4 entries", NULL);
	ktap_result(exact, "overfill: kept keys counted exactly while full", NULL);
	ktap_result(t.dropped > 0 && t.hits == t.sum + t.dropped,
	            "overfill: Hits == sum(hitcount) + Dropped, Dropped > 0", NULL);
}

static void expect(int want, const char *spec, int trunc)
{
	int ret = put(EDIR "trigger", spec, trunc);

	if (ret != want)
		printf("# '%s': got %d, want %d\n", spec, ret, want);
	ktap_result(ret == want, want == -EINVAL ? "core: EINVAL for" :
	            want == -EEXIST ? "core: EEXIST for" :
	            want == -ENOENT ? "core: ENOENT for" : "core: accepts", spec);
}

static void test_core(void)
{
	static const char * const bad[] = {
		"hash:nosuchfield", "hash:", "hash:common_pid::",
		"hash:common_pid,", "hash:,id", "hash:id.execname",
		"hash:common_pid.syscall", "hash:id.bogus", "hash:id.hex.sym",
		"hash:hitcount", "hash:common_pid:args", "hash:common_pid:id.sym",
		"hash:common_pid:nosuchval", "hash:common_pid:size=0",
		"hash:common_pid:size=1000000", "hash:common_pid:size=x",
		"hash:common_pid:sort=nosuch", "hash:common_pid:sort=id.upward",
		"hash:common_pid:id:sort=id,hitcount,common_pid",
		"hash:common_pid:bogus=1", "hash:common_pid:id:id",
		"hash:id,id,id,id,id,id,id,id,id",
		"hash:id:id,id,id,id,id,id,id,id,id,id,id,id,id,id,id,id,id",
		"hash:stacktrace,stacktrace", "hash:common_pid if",
		"hash:common_pid if nosuch == 1", "hash:common_pid garbage",
		/* the filter code gave EPERM, ENOENT, ESRCH (fixes/0802) */
		"hash:common_pid if common_pid == 1 if id == 1",
		"hash:common_pid if (common_pid == 1))", "hash:common_pid if == 1",
		"hash:common_pid if ((common_pid == 1)",
		"hash:common_pid if common_pid == \"1",
		"hash:stacktrace,common_pid:id:size=131072",
	};
	char *p;
	unsigned int i;
	struct totals t;

	expect(0, "hash:common_pid.execname,id.syscall", 1);
	get(EDIR "trigger");
	ktap_result(!!find(buf, "hash:common_pid.execname,id.syscall:hitcount:"
			"sort=hitcount.descending:size=2048 [active]"),
	            "core: trigger file shows the canonical spec", NULL);
	getppid();
	get(EDIR "hash");
	p = find(buf, "id:sys_getppid");
	ktap_result(p && p > buf && find(buf, "# hash:common_pid.execname") &&
	            find(buf, "Totals:\n    Hits: ") && find(buf, "Entries: ") &&
	            find(buf, "Dropped: "), "core: hash file format", NULL);
	p = find(buf, "key: common_pid:hashcount[");
	ktap_result(!!p, "core: .execname shows comm[pid]", NULL);
	expect(-EEXIST, "hash:common_pid.execname,id.syscall", 0);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect(-EINVAL, bad[i], 0);
	get(TDIR "error_log");
	ktap_result(find(buf, "hash:raw_syscalls:sys_enter: error:") &&
	            find(buf, "Table would exceed the memory limit") && find(buf, "^"),
	            "core: errors are in error_log", NULL);
	get(EDIR "trigger");
	ktap_result(!find(buf, "nosuch") && !find(buf, "size=1000000"),
	            "core: no partial trigger left", NULL);

	expect(0, "hash:id:hitcount:sort=id.ascending:size=100", 0);
	get(EDIR "hash");
	ktap_result(find(buf, "# hash:common_pid.execname") &&
	            find(buf, "# hash:id:hitcount:sort=id.ascending:size=128"),
	            "core: two hash triggers on one event, size rounded", NULL);
	expect(0, "hash:id:sort=id.ascending:size=128:pause", 0);
	get(EDIR "trigger");
	ktap_result(!!find(buf, "size=128 [paused]"), "core: pause", NULL);
	expect(0, "hash:id:sort=id.ascending:size=128:clear", 0);
	get(EDIR "hash");
	totals(&t, 1);
	ktap_result(t.entries == 0 && t.hits == 0 && t.dropped == 0,
	            "core: clear empties the table", NULL);
	getppid();
	get(EDIR "hash");
	totals(&t, 1);
	ktap_result(t.hits == 0, "core: paused trigger counts nothing", NULL);
	expect(0, "hash:id:sort=id.ascending:size=128:continue", 0);
	getppid();
	get(EDIR "hash");
	totals(&t, 1);
	ktap_result(t.hits > 0 && t.entries > 0, "core: continue counts again", NULL);
	expect(0, "!hash:id:sort=hitcount", 0);
	expect(0, "!hash:id:sort=id.ascending:size=128", 0);
	expect(0, "!hash:id:sort=id.ascending:size=128", 0);
	get(EDIR "hash");
	ktap_result(!find(buf, "# hash:id:"), "core: removed trigger is gone", NULL);

	if (get(EDIR "hist") >= 0) {
		expect(0, "hist:keys=common_pid", 0);
		getppid();
		ktap_result(get(EDIR "hist") > 0 && find(buf, "common_pid:") &&
		            get(EDIR "hash") > 0 && find(buf, "# hash:"),
		            "core: hash and hist triggers on one event", NULL);
	} else {
		ktap_skip("core: hash and hist triggers on one event", "no hist");
	}
	expect(0, "hash:common_pid:hitcount if id == 1234567", 0);
	expect(0, "hash:common_pid:hitcount if id == 7654321", 0);
	expect(0, "!hash:common_pid if id == 1", 0);
	expect(0, "!hash:common_pid if id == 1234567", 0);

	expect(0, "", 1);
	get(EDIR "trigger");
	ktap_result(!find(buf, "hash:") && !find(buf, "hist:"),
	            "core: O_TRUNC removes every trigger", NULL);
}

/* entries in error_log (one "  Command: " line each) */
static int errors(void)
{
	const char *p = buf;
	int n = 0;

	if (get(TDIR "error_log") < 0)
		return -1;
	while ((p = find(p, "  Command: "))) {
		n++;
		p++;
	}
	return n;
}

static void test_edges(void)
{
	static const char * const removals[] = {
		"!hash:common_pid if  common_pid > 1",
		"!hash:common_pid   if common_pid  >  1  ",
		"!hash:common_pid if common_pid > 1",
	};
	const char *spaced = "hash:common_pid if  common_pid > 1";
	unsigned int i;
	int before, ret;

	for (i = 0; i < sizeof(removals) / sizeof(removals[0]); i++) {
		expect(0, spaced, 0);
		expect(-EEXIST, spaced, 0);
		expect(0, removals[i], 0);
		get(EDIR "trigger");
		ktap_result(!find(buf, "hash:"), "edges: removed by", removals[i]);
	}
	expect(0, "!hash:common_pid if common_pid > 1", 0);
	expect(0, "!hash:id:sort=hitcount", 0);
	expect(-EINVAL, "!hash:nosuchfield", 0);

	put(TDIR "error_log", "", 1);
	before = errors();
	ret = put(EDIR "trigger", "hash:common_pid if nosuchfield == 1", 0);
	ktap_result(ret == -EINVAL && errors() == before + 1,
		    "edges: a bad filter is logged once", NULL);
	if (ret != -EINVAL || errors() != before + 1)
		printf("# ret %d, %d new error_log entries\n", ret, errors() - before);

	if (get(TDIR "events/ftrace/print/trigger") < 0) {
		ktap_skip("edges: zero-size string field refused", "no ftrace/print/trigger");
		return;
	}
	before = errors();
	ret = put(TDIR "events/ftrace/print/trigger", "hash:buf", 0);
	ktap_result(ret == -EINVAL && errors() == before + 1,
		    "edges: zero-size string field (ftrace:print buf) refused", NULL);
	if (ret != -EINVAL)
		printf("# hash:buf on ftrace:print: %d\n", ret);
	put(TDIR "events/ftrace/print/trigger", "", 1);
}

/*
 * Record-less disable_event triggers on @max other events: they lengthen
 * the trigger list that update_cond_flag() walks after a new trigger is
 * listed, and so the window the race test aims at.
 */
static int record_less(int max)
{
	static char cmd[160];
	char *p, *nl;
	int n = 0;

	if (get(TDIR "available_events") < 0)
		return 0;
	for (p = buf; n < max && (nl = find(p, "\n")); p = nl + 1) {
		*nl = 0;
		if (!strncmp(p, "raw_syscalls:", 13))
			continue;
		fmt(cmd, sizeof(cmd), "disable_event:%s", p);
		if (!put(EDIR "trigger", cmd, 0))
			n++;
	}
	return n;
}

/* remove every trigger of EDIR with '!' (O_TRUNC removes hist and hash only) */
static void remove_all(void)
{
	static char list[1 << 16], cmd[256];
	char *p, *nl, *end;

	if (get(EDIR "trigger") < 0)
		return;
	strncpy(list, buf, sizeof(list) - 1);
	for (p = list; (nl = find(p, "\n")); p = nl + 1) {
		*nl = 0;
		if (*p == '#' || !*p)
			continue;
		end = find(p, ":unlimited");
		if (!end)
			end = find(p, " [");
		if (end)
			*end = 0;
		cmd[0] = '!';
		strncpy(cmd + 1, p, sizeof(cmd) - 2);
		cmd[sizeof(cmd) - 1] = 0;
		put(EDIR "trigger", cmd, 0);
	}
}

static void test_race(int n, unsigned long cycles)
{
	int pids[64], i, st, fails = 0, others;
	unsigned long k;

	if (put(EDIR "trigger", "traceon", 0)) {
		ktap_result(0, "race: set a traceon trigger", NULL);
		return;
	}
	others = record_less(64);
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (!pids[i])
			for (;;)
				getppid();
	}
	for (k = 0; k < cycles; k++) {
		if (put(EDIR "trigger", "hash:id", 0) ||
		    put(EDIR "trigger", "!hash:id", 0))
			fails++;
	}
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			waitpid(pids[i], &st, 0);
	printf("# %lu add/remove cycles next to traceon and %d disable_event, %d children\n",
	       cycles, others, n);
	ktap_result(!fails, "race: hash add/remove next to record-less triggers", NULL);
	remove_all();
	get(EDIR "trigger");
	ktap_result(!find(buf, "hash:") && !find(buf, "traceon:") &&
		    !find(buf, "disable_event:"), "race: no trigger left", NULL);
}

/* The events test_cycles() uses: task, hard-irq and NMI context. */
static const char *const cycle_events[] = {
	TDIR "events/raw_syscalls/sys_enter/",
	TDIR "events/irq_vectors/local_timer_entry/",
	TDIR "events/nmi/nmi_handler/",
};

static const char *const cycle_kinds[] = { "'!'", "O_TRUNC", "clear", "pause" };

/* One add/remove cycle of @kind on the event directory @dir; 0 on success. */
static int cycle_once(const char *dir, int kind)
{
	static char path[160];
	int err;

	fmt(path, sizeof(path), "%strigger", dir);
	err = put(path, "hash:common_pid", 0);
	if (!err && kind == 2)
		err = put(path, "hash:common_pid:clear", 0);
	if (!err && kind == 3)
		err = put(path, "hash:common_pid:pause", 0) ||
		      put(path, "hash:common_pid:continue", 0);
	if (kind == 1)
		return err || put(path, "", 1);
	return err || put(path, "!hash:common_pid", 0);
}

/* Read every event's hash file until killed. */
static void read_hash_files(const char *const *dirs, int ndirs)
{
	static char path[160];
	int i;

	for (;;)
		for (i = 0; i < ndirs; i++) {
			fmt(path, sizeof(path), "%shash", dirs[i]);
			get(path);
		}
}

static void test_cycles(int n, unsigned long cycles)
{
	const char *dirs[3];
	static char path[160];
	int pids[65], i, st, ndirs = 0, kind, left = 0;
	unsigned long k, fails;

	for (i = 0; i < 3; i++) {
		fmt(path, sizeof(path), "%strigger", cycle_events[i]);
		if (!put(path, "traceon", 0))
			dirs[ndirs++] = cycle_events[i];
	}
	printf("# cycles on %d events (%s and on)\n", ndirs, dirs[0]);
	for (i = 0; i <= n; i++) {
		pids[i] = fork();
		if (!pids[i] && i == n)
			read_hash_files(dirs, ndirs);
		if (!pids[i])
			for (;;)
				getppid();
	}
	for (kind = 0; kind < 4; kind++) {
		for (fails = 0, k = 0; k < cycles; k++)
			if (cycle_once(dirs[k % ndirs], kind))
				fails++;
		printf("# %lu cycles removing by %s, %lu failed\n", cycles,
		       cycle_kinds[kind], fails);
		fmt(path, sizeof(path), "cycles: hash added and removed by %s next to traceon",
		    cycle_kinds[kind]);
		ktap_result(!fails, path, NULL);
	}
	for (i = 0; i <= n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (i = 0; i <= n; i++)
		if (pids[i] > 0)
			waitpid(pids[i], &st, 0);
	for (i = 0; i < ndirs; i++) {
		fmt(path, sizeof(path), "%strigger", dirs[i]);
		put(path, "!traceon", 0);
		get(path);
		left += !!find(buf, "hash:") + !!find(buf, "traceon:");
	}
	if (left)
		printf("# %d triggers left on the cycles' events\n", left);
	ktap_result(!left, "cycles: no trigger left", NULL);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "all";
	int n = argc > 2 ? atoi(argv[2]) : 4;
	unsigned long calls = argc > 3 ? num(argv[3]) : 20000;
	int all = !strcmp(mode, "all");

	if (!strcmp(mode, "loop") || !strcmp(mode, "pipes")) {
		unsigned long k;
		int fds[2];

		for (k = 0; k < calls; k++) {
			if (mode[0] == 'l') {
				getppid();
			} else if (!pipe(fds)) {
				close(fds[0]);
				close(fds[1]);
			}
		}
		return 0;
	}
	if (n < 1 || n > 64)
		n = 4;
	mount("tracefs", TDIR, "tracefs", 0, NULL);
	ktap_start();
	if (get(EDIR "hash") < 0)
		return ktap_skip_all("no " EDIR "hash (CONFIG_HASH_TRIGGERS?)");
	put(EDIR "trigger", "", 1);
	if (all || !strcmp(mode, "core"))
		test_core();
	if (all || !strcmp(mode, "count"))
		test_count(n, calls);
	if (all || !strcmp(mode, "overfill"))
		test_overfill(calls / 4);
	if (all || !strcmp(mode, "edges"))
		test_edges();
	if (all || !strcmp(mode, "race"))
		test_race(n, all ? 200 : calls);
	if (!strcmp(mode, "cycles"))
		test_cycles(n, calls);
	put(EDIR "trigger", "", 1);
	return ktap_finish();
}
