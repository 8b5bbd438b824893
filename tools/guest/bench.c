// SPDX-License-Identifier: GPL-2.0
/*
 * bench: the guest side of `make bench` (tools/bench). It makes events and
 * says when it starts and stops; the host times the lines as they arrive
 * (tools/vm --stamps), since guest clocks under TCG are unreliable.
 *
 *   bench [-j P] WORKLOAD N ROUNDS
 *
 * For each round, for each trigger kind (none, hist, hash, in an order that
 * rotates every round) and for each count (N, then 2N), it sets the
 * trigger, prints
 *
 *   BEGIN ROUND WORKLOAD KIND COUNT
 *   END ROUND WORKLOAD KIND COUNT TSC-CYCLES
 *   EVENTS ROUND WORKLOAD KIND COUNT E
 *
 * around the workload, E being the events the trigger counted (its Hits;
 * 0 for none, read after END so that reading the table is not timed), and
 * removes the trigger. With -j P the workload runs in P
 * processes at once (COUNT/P each), for contention on an SMP guest:
 * process i (and the child a workload forks) stays on CPU i modulo the
 * CPUs there are, so that every CPU fires the event at once and the
 * events a workload makes do not depend on where the scheduler put it
 * (a ping-pong split over two CPUs switches to idle and back at each
 * step, one on a CPU switches straight to its partner).
 *
 * Workloads (event: hist spec / hash spec):
 *   syscall   getppid(); raw_syscalls:sys_enter keyed on common_pid,id
 *   compound  pipe2() and two close(); kmem:kmalloc keyed on call_site and
 *             gfp_flags, summing bytes_req and bytes_alloc
 *   kmalloc   the same calls; kmem:kmalloc keyed on the stack trace,
 *             summing bytes_req
 *   comm      a pipe ping-pong with a child; sched:sched_switch keyed on
 *             prev_comm, a char[16]
 *   drops     lseek() to a new offset each time; syscalls:sys_enter_lseek
 *             keyed on offset with a table of 128 entries, so nearly every
 *             event is a new key that does not fit
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

/* n/2 round trips of one byte with a child: about n context switches */
static void run_pingpong(unsigned long n)
{
	int to_child[2], to_parent[2];
	char c = 0;
	pid_t pid;

	if (pipe2(to_child, 0) || pipe2(to_parent, 0))
		return;
	pid = fork();
	if (pid == 0) {
		while (read(to_child[0], &c, 1) == 1 && c)
			write(to_parent[1], &c, 1);
		exit(0);
	}
	for (n /= 2; n; n--) {
		c = 1;
		if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1)
			break;
	}
	c = 0;
	write(to_child[1], &c, 1);
	waitpid(pid, NULL, 0);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

static void run_lseeks(unsigned long n)
{
	int fd = open("/dev/null", O_RDONLY);
	unsigned long i;

	if (fd < 0)
		return;
	for (i = 0; i < n; i++)
		lseek(fd, (off_t)i, SEEK_SET);
	close(fd);
}

static const struct workload workloads[] = {
	{ "syscall", "raw_syscalls/sys_enter",
	  "hist:keys=common_pid,id:vals=hitcount", "hash:common_pid,id",
	  run_syscalls },
	{ "compound", "kmem/kmalloc",
	  "hist:keys=call_site,gfp_flags:vals=bytes_req,bytes_alloc",
	  "hash:call_site,gfp_flags:bytes_req,bytes_alloc", run_pipes },
	{ "kmalloc", "kmem/kmalloc",
	  "hist:keys=common_stacktrace:vals=bytes_req", "hash:stacktrace:bytes_req",
	  run_pipes },
	{ "comm", "sched/sched_switch",
	  "hist:keys=prev_comm:vals=hitcount", "hash:prev_comm", run_pingpong },
	{ "drops", "syscalls/sys_enter_lseek",
	  "hist:keys=offset:vals=hitcount:size=128", "hash:offset:size=128",
	  run_lseeks },
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

/* The CPUs this process may run on, as a mask (at most 64 here). */
static unsigned long long cpus_allowed(void)
{
	unsigned long long mask = 0;

	if (my_syscall3(__NR_sched_getaffinity, 0, sizeof(mask), &mask) < 0)
		return 1;
	return mask ? mask : 1;
}

/* Keep the calling process on the @i-th CPU of @allowed (modulo). */
static void stay_on_cpu(unsigned long long allowed, int i)
{
	unsigned long long mask = 0;
	int cpus = 0, bit;

	for (bit = 0; bit < 64; bit++)	/* no libgcc popcount in nolibc i386 */
		cpus += (allowed >> bit) & 1;

	for (i %= cpus, bit = 0; bit < 64; bit++)
		if (((allowed >> bit) & 1) && i-- == 0) {
			mask = 1ULL << bit;
			break;
		}
	my_syscall3(__NR_sched_setaffinity, 0, sizeof(mask), &mask);
}

/* Run @w's workload for @n events in @procs processes at once. */
static void run_parallel(const struct workload *w, unsigned long n, int procs)
{
	unsigned long long allowed = cpus_allowed();
	int i;

	if (procs == 1) {
		w->run(n);
		return;
	}
	for (i = 0; i < procs; i++)
		if (fork() == 0) {
			stay_on_cpu(allowed, i);
			w->run(n / procs);
			exit(0);
		}
	for (i = 0; i < procs; i++)
		wait(NULL);
}

static const char *const kinds[] = { "none", "hist", "hash" };

/*
 * The guest's time stamp counter. Under plain TCG it tells little; with
 * tools/vm --icount (QEMU -icount shift=0) virtual time advances one
 * nanosecond per guest instruction and the TSC runs at 1 GHz, so a TSC
 * difference counts the instructions the guest executed, exactly and
 * whatever the host is doing.
 */
static unsigned long long tsc(void)
{
	unsigned int lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)hi << 32) | lo;
}

/* One measurement; fails if the trigger cannot be set. */
static int measure(const struct workload *w, unsigned long round, int kind,
		   unsigned long n, int procs)
{
	const char *spec = kind == 1 ? w->hist : kind == 2 ? w->hash : NULL;
	unsigned long events = 0;
	unsigned long long t0;

	set_trigger(w, NULL);
	if (spec && set_trigger(w, spec)) {
		printf("SKIP %s %s: cannot set '%s' (errno %d)\n", w->name,
		       kinds[kind], spec, errno);
		return -1;
	}
	printf("BEGIN %lu %s %s %lu\n", round, w->name, kinds[kind], n);
	t0 = tsc();
	run_parallel(w, n, procs);
	/* a whole line now: the host stamps a line when it is complete */
	printf("END %lu %s %s %lu %llu\n", round, w->name, kinds[kind], n, tsc() - t0);
	if (spec)
		events = read_hits(w, kind == 1 ? "hist" : "hash");
	printf("EVENTS %lu %s %s %lu %lu\n", round, w->name, kinds[kind], n, events);
	set_trigger(w, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	const struct workload *w = NULL;
	unsigned long n, rounds, r;
	unsigned int k, i;
	int procs = 1;

	if (argc == 6 && !strcmp(argv[1], "-j")) {
		procs = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 4 || procs < 1) {
		fprintf(stderr, "usage: bench [-j P] WORKLOAD N ROUNDS\n");
		return 2;
	}
	for (k = 0; k < sizeof(workloads) / sizeof(workloads[0]); k++)
		if (!strcmp(argv[1], workloads[k].name))
			w = &workloads[k];
	n = strtoul(argv[2], NULL, 10);
	rounds = strtoul(argv[3], NULL, 10);
	if (!w || !n || !rounds) {
		fprintf(stderr, "bench: unknown workload, or N or ROUNDS not a positive number\n");
		return 2;
	}
	run_parallel(w, n / 10, procs);	/* warm up caches and the allocator */
	for (r = 0; r < rounds; r++)
		for (i = 0; i < 3; i++) {
			if (measure(w, r, (r + i) % 3, n, procs) ||
			    measure(w, r, (r + i) % 3, 2 * n, procs))
				return 1;
		}
	return 0;
}
