// SPDX-License-Identifier: GPL-2.0
/*
 * bench: the guest side of `make bench`. For each round, for each trigger
 * kind (none, hist, hash, in an order that rotates every round) and for
 * each count (N and 2N), it sets the trigger, prints a BEGIN line, runs the
 * workload, prints an END line with the number of events the trigger
 * counted, and removes the trigger. The host times the lines as they arrive
 * (tools/vm --stamps): guest clocks under TCG are unreliable.
 *
 *   bench syscall N ROUNDS   getppid() N times; raw_syscalls:sys_enter
 *                            keyed by common_pid and id
 *   bench kmalloc N ROUNDS   pipe2() + 2 close() N times; kmem:kmalloc
 *                            keyed by the stack trace, summing bytes_req
 */
#define TRACING "/sys/kernel/tracing/events/"

struct workload {
	const char *name;
	const char *event;	/* under events/ */
	const char *hist;
	const char *hash;
	void (*run)(unsigned long n);
};

static void run_syscalls(unsigned long n)
{
	while (n--)
		getppid();
}

static void run_pipes(unsigned long n)
{
	int fds[2];

	while (n--) {
		if (pipe2(fds, 0) == 0) {
			close(fds[0]);
			close(fds[1]);
		}
	}
}

static const struct workload workloads[] = {
	{ "syscall", "raw_syscalls/sys_enter",
	  "hist:keys=common_pid,id:vals=hitcount", "hash:common_pid,id",
	  run_syscalls },
	{ "kmalloc", "kmem/kmalloc",
	  "hist:keys=common_stacktrace:vals=bytes_req", "hash:stacktrace:bytes_req",
	  run_pipes },
};

static char path[256];

static const char *event_file(const struct workload *w, const char *file)
{
	path[0] = 0;
	strlcat(path, TRACING, sizeof(path));
	strlcat(path, w->event, sizeof(path));
	strlcat(path, "/", sizeof(path));
	strlcat(path, file, sizeof(path));
	return path;
}

/* Write @spec to the event's trigger file; O_TRUNC (no spec) clears all. */
static int set_trigger(const struct workload *w, const char *spec)
{
	int fd = open(event_file(w, "trigger"),
		      O_WRONLY | (spec ? O_APPEND : O_TRUNC));
	int ret = 0;

	if (fd < 0)
		return -1;
	if (spec && write(fd, spec, strlen(spec)) < 0)
		ret = -1;
	close(fd);
	return ret;
}

/* The last "Hits: N" in @file (the totals line of hist and hash output). */
static unsigned long read_hits(const struct workload *w, const char *file)
{
	static char buf[8192];
	unsigned long hits = 0;
	long n, keep = 0, i;
	int fd = open(event_file(w, file), O_RDONLY);

	if (fd < 0)
		return 0;
	while ((n = read(fd, buf + keep, sizeof(buf) - 1 - keep)) > 0) {
		n += keep;
		buf[n] = 0;
		for (i = 0; i + 5 < n; i++)
			if (!memcmp(buf + i, "Hits:", 5))
				hits = strtoul(buf + i + 5, NULL, 10);
		keep = n > 64 ? 64 : n;	/* a "Hits:" split across reads */
		memmove(buf, buf + n - keep, keep);
	}
	close(fd);
	return hits;
}

static void measure(const struct workload *w, int kind, unsigned long n)
{
	static const char *const kinds[] = { "none", "hist", "hash" };
	const char *spec = kind == 1 ? w->hist : kind == 2 ? w->hash : NULL;
	unsigned long events = 0;

	set_trigger(w, NULL);
	if (spec && set_trigger(w, spec)) {
		printf("SKIP %s %s: cannot set '%s' (errno %d)\n", w->name,
		       kinds[kind], spec, errno);
		return;
	}
	printf("BEGIN %s %s %lu\n", w->name, kinds[kind], n);
	w->run(n);
	printf("END %s %s %lu", w->name, kinds[kind], n);
	if (spec)
		events = read_hits(w, kind == 1 ? "hist" : "hash");
	printf(" events=%lu\n", events);
	set_trigger(w, NULL);
}

int main(int argc, char **argv)
{
	const struct workload *w = NULL;
	unsigned long n, rounds, r, i;
	unsigned int k;

	if (argc != 4) {
		fprintf(stderr, "usage: bench syscall|kmalloc N ROUNDS\n");
		return 2;
	}
	for (k = 0; k < sizeof(workloads) / sizeof(workloads[0]); k++)
		if (!strcmp(argv[1], workloads[k].name))
			w = &workloads[k];
	n = strtoul(argv[2], NULL, 10);
	rounds = strtoul(argv[3], NULL, 10);
	if (!w || !n || !rounds) {
		fprintf(stderr, "bench: bad workload, N or ROUNDS\n");
		return 2;
	}
	w->run(n / 10);		/* warm up caches and the page allocator */
	for (r = 0; r < rounds; r++)
		for (i = 0; i < 3; i++) {
			measure(w, (r + i) % 3, n);
			measure(w, (r + i) % 3, 2 * n);
		}
	return 0;
}
