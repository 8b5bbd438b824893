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
 *
 * Built with the kernel's nolibc for i386 and x86_64 (no 64-bit division:
 * every figure is parsed into an unsigned long). KTAP on stdout.
 */
#include "ktap.h"

#define TDIR	"/sys/kernel/tracing/"
#define EDIR	TDIR "events/raw_syscalls/sys_enter/"

static char buf[1 << 20];

/* nolibc has neither strstr() nor snprintf() */
static char *find(const char *s, const char *t)
{
	size_t n = strlen(t);

	for (; *s; s++)
		if (!strncmp(s, t, n))
			return (char *)s;
	return NULL;
}

/* fmt(): %d, %ld, %lu and %s only */
static void fmt(char *d, size_t size, const char *f, ...)
{
	char *end = d + size - 1;
	const char *s;
	va_list ap;

	va_start(ap, f);
	for (; *f && d < end; f++) {
		if (*f != '%') {
			*d++ = *f;
			continue;
		}
		f++;
		if (*f == 'l')
			f++;
		if (*f == 's')
			s = va_arg(ap, const char *);
		else if (*f == 'u')
			s = utoa(va_arg(ap, unsigned long));
		else if (f[-1] == 'l')
			s = ltoa(va_arg(ap, long));
		else
			s = itoa(va_arg(ap, int));
		while (*s && d < end)
			*d++ = *s++;
	}
	*d = 0;
	va_end(ap);
}

/* write @s to @path; 0 or -errno */
static int put(const char *path, const char *s, int trunc)
{
	int fd = open(path, O_WRONLY | (trunc ? O_TRUNC : O_APPEND));
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* read @path into buf; length or -1 */
static long get(const char *path)
{
	long n = 0, r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	return n;
}

static unsigned long num(const char *s)
{
	unsigned long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}

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
	expect(-ENOENT, "!hash:id:sort=hitcount", 0);
	expect(0, "!hash:id:sort=id.ascending:size=128", 0);
	expect(-ENOENT, "!hash:id:sort=id.ascending:size=128", 0);
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
	expect(-ENOENT, "!hash:common_pid if id == 1", 0);
	expect(0, "!hash:common_pid if id == 1234567", 0);

	expect(0, "", 1);
	get(EDIR "trigger");
	ktap_result(!find(buf, "hash:") && !find(buf, "hist:"),
	            "core: O_TRUNC removes every trigger", NULL);
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
	put(EDIR "trigger", "", 1);
	return ktap_finish();
}
