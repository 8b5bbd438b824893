// SPDX-License-Identifier: GPL-2.0
/*
 * hashfuzz: random and mutated hash trigger specs against a busy kernel.
 *
 *   /t/hashfuzz SEED SPECS [WRITERS] [FIRERS]
 *
 * WRITERS processes (default 2) write SPECS specs in all to the trigger
 * files of several busy events (raw_syscalls:sys_enter, kmem:kmalloc,
 * sched:sched_switch, timer:hrtimer_expire_entry from hard irqs,
 * ftrace:print, nmi:nmi_handler; those the kernel has), while FIRERS
 * processes (default 2) fire them (system calls, pipes, yields,
 * trace_marker writes) and one more reads every hash and trigger file.
 * A spec is built from the grammar (keys with every modifier, values,
 * sort=, size=, pause/continue/clear, filters) and then, one time in
 * three, mutated (junk characters, truncation, empty parts, huge
 * numbers, a 5,000-character word).  The writers also remove the
 * triggers they set with '!', write them twice, pause, continue and
 * clear them, and empty a trigger file with O_TRUNC.  Every write must
 * end in 0, EINVAL, EEXIST, ENOENT or ENOMEM.
 *
 * Afterwards no hash trigger may be left once the trigger files are
 * emptied, and kmemleak (when the kernel has it; cleared before the
 * campaign) must report nothing.  Everything random comes from SEED:
 * a run is reproduced by its seed.  A splat on the console is the host's
 * business (tools/vm fails the run).  KTAP on stdout, with the counts.
 */
#include "ktap.h"
#include "tracefs.h"

#define KMEMLEAK	"/sys/kernel/debug/kmemleak"
#define SPEC_MAX	6000
#define RING		16

struct event {
	const char *dir;
	const char *const *fields;
};

static const char *const f_sys[] = {
	"common_pid", "id", "common_flags", "common_preempt_count", "common_cpu",
	"args", NULL
};
static const char *const f_kmalloc[] = {
	"call_site", "ptr", "bytes_req", "bytes_alloc", "gfp_flags", "node",
	"common_pid", NULL
};
static const char *const f_switch[] = {
	"prev_comm", "prev_pid", "prev_prio", "prev_state", "next_comm",
	"next_pid", "next_prio", NULL
};
static const char *const f_hrtimer[] = {
	"hrtimer", "now", "function", "common_pid", NULL
};
static const char *const f_print[] = { "buf", "ip", "common_pid", NULL };
static const char *const f_nmi[] = { "handler", "delta_ns", "handled", NULL };

static struct event all_events[] = {
	{ "raw_syscalls/sys_enter", f_sys },
	{ "kmem/kmalloc", f_kmalloc },
	{ "sched/sched_switch", f_switch },
	{ "timer/hrtimer_expire_entry", f_hrtimer },
	{ "ftrace/print", f_print },
	{ "nmi/nmi_handler", f_nmi },
};
static struct event *events[8];
static int nevents;

static const char *const mods[] = {
	"hex", "sym", "sym-offset", "execname", "syscall", "log2", "bogus", ""
};
static const char *const params[] = { "pause", "continue", "clear", "cont" };
static const char *const ops[] = { "==", "!=", "<", ">", "<=", ">=", "&", "~" };
static const char *const junk = ":,.=! \t\"'\\%^&*()[]{}|;<>?/#";

/* the counts each writer sends back */
struct counts {
	unsigned long specs, accepted, rejected, exists, noent, nomem, odd;
	unsigned long removals, commands, truncs, mutated;
};

static unsigned int rnd_state;

/* xorshift32: the same sequence for one seed on both arches */
static unsigned int rnd(unsigned int n)
{
	unsigned int x = rnd_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	rnd_state = x;
	return n ? x % n : 0;
}

static void cat(char *d, const char *s)
{
	size_t n = strlen(d);

	while (*s && n < SPEC_MAX - 1)
		d[n++] = *s++;
	d[n] = 0;
}

static void cat_num(char *d, unsigned long v)
{
	cat(d, utoa(v));
}

static const char *pick(const char *const *list)
{
	int n = 0;

	while (list[n])
		n++;
	return list[rnd(n)];
}

static void gen_field(char *s, struct event *e, int is_key)
{
	cat(s, pick(e->fields));
	if (rnd(4))
		return;
	cat(s, ".");
	cat(s, is_key ? mods[rnd(sizeof(mods) / sizeof(mods[0]))] : "hex");
}

/* a spec from the grammar, mostly valid */
static void gen(char *s, struct event *e)
{
	int i, n;

	s[0] = 0;
	cat(s, "hash:");
	n = 1 + rnd(rnd(8) ? 3 : 10);
	for (i = 0; i < n; i++) {
		if (i)
			cat(s, ",");
		if (!rnd(8))
			cat(s, rnd(2) ? "stacktrace" : "common_stacktrace");
		else
			gen_field(s, e, 1);
	}
	n = rnd(rnd(8) ? 3 : 18);
	for (i = 0; i < n; i++) {
		cat(s, i ? "," : ":");
		if (!rnd(6))
			cat(s, "hitcount");
		else
			gen_field(s, e, 0);
	}
	if (!rnd(3)) {
		cat(s, ":sort=");
		cat(s, rnd(3) ? "hitcount" : pick(e->fields));
		if (rnd(2))
			cat(s, rnd(2) ? ".descending" : ".ascending");
		if (!rnd(4)) {
			cat(s, ",");
			cat(s, pick(e->fields));
		}
	}
	if (!rnd(3)) {
		cat(s, ":size=");
		cat_num(s, rnd(4) ? 1U << rnd(12) : rnd(300000));
	}
	if (!rnd(8)) {
		cat(s, ":");
		cat(s, params[rnd(4)]);
	}
	if (!rnd(3)) {
		cat(s, rnd(4) ? " if " : "  if   ");
		cat(s, pick(e->fields));
		cat(s, " ");
		cat(s, ops[rnd(sizeof(ops) / sizeof(ops[0]))]);
		cat(s, " ");
		cat_num(s, rnd(3) ? rnd(100) : rnd(0xffffffffU));
		if (!rnd(4)) {
			cat(s, rnd(2) ? " && " : " || ");
			cat(s, pick(e->fields));
			cat(s, " == 1");
		}
	}
}

/* one mutation of @s: it may stay valid, most often it does not */
static void mutate(char *s)
{
	size_t len = strlen(s), at = rnd(len + 1), i;
	char tail[SPEC_MAX];

	switch (rnd(7)) {
	case 0:		/* a junk character */
		strcpy(tail, s + at);
		s[at] = junk[rnd(strlen(junk))];
		s[at + 1] = 0;
		cat(s, tail);
		break;
	case 1:		/* truncation */
		s[at] = 0;
		break;
	case 2:		/* a character less */
		if (at < len)
			memmove(s + at, s + at + 1, len - at);
		break;
	case 3:		/* an empty part */
		strcpy(tail, s + at);
		s[at] = 0;
		cat(s, rnd(2) ? "::" : ",,");
		cat(s, tail);
		break;
	case 4:		/* a huge number */
		cat(s, rnd(2) ? ":size=18446744073709551617" : " if id == 99999999999999999999999");
		break;
	case 5:		/* a 5,000-character word */
		strcpy(tail, s + at);
		s[at] = 0;
		for (i = 0; i < 5000 && at + i < SPEC_MAX - 1; i++)
			s[at + i] = 'a' + rnd(26);
		s[at + i] = 0;
		cat(s, tail);
		break;
	default:	/* a second spec glued on */
		cat(s, rnd(2) ? " hash:common_pid" : ":hash:id");
	}
}

/* @s cut to @n characters, for printing (nolibc's printf has no %.Ns) */
static const char *clip(const char *s, size_t n)
{
	static char c[1600];

	if (n >= sizeof(c))
		n = sizeof(c) - 1;
	strncpy(c, s, n);
	c[n] = 0;
	return c;
}

static void tally(struct counts *c, int ret)
{
	if (!ret)
		c->accepted++;
	else if (ret == -EINVAL)
		c->rejected++;
	else if (ret == -EEXIST)
		c->exists++;
	else if (ret == -ENOENT)
		c->noent++;
	else if (ret == -ENOMEM)
		c->nomem++;
	else
		c->odd++;
}

static char ring[RING][512];
static struct event *ring_ev[RING];

static void path_of(char *p, struct event *e, const char *file)
{
	p[0] = 0;
	fmt(p, 128, TDIR "events/%s/%s", e->dir, file);
}

static void writer(unsigned int seed, unsigned long n, int out)
{
	static char s[SPEC_MAX], t[SPEC_MAX + 32];
	struct counts c = { 0 };
	struct event *e;
	char path[128];
	unsigned int r;
	unsigned long k;
	int ret;

	rnd_state = seed ?: 1;
	for (k = 0; k < n; k++) {
		t[0] = 0;
		s[0] = 0;
		r = rnd(100);
		e = events[rnd(nevents)];
		if (r < 12 && ring[r % RING][0]) {
			/* remove a trigger set before, or write it twice */
			e = ring_ev[r % RING];
			path_of(path, e, "trigger");
			if (r < 8) {
				t[0] = 0;
				cat(t, "!");
				cat(t, ring[r % RING]);
				c.removals++;
			} else {
				strcpy(t, ring[r % RING]);
			}
			ret = put(path, t, 0);
		} else if (r < 20 && ring[r % RING][0]) {
			/* pause, continue or clear it */
			e = ring_ev[r % RING];
			path_of(path, e, "trigger");
			strcpy(s, ring[r % RING]);
			t[0] = 0;
			/* the parameter goes before the filter */
			{
				char *f = find(s, " if ");

				if (f)
					*f = 0;
				cat(t, s);
				cat(t, ":");
				cat(t, params[rnd(3)]);
				if (f) {
					*f = ' ';
					cat(t, f);
				}
			}
			c.commands++;
			ret = put(path, t, 0);
		} else if (r < 22) {
			path_of(path, e, "trigger");
			c.truncs++;
			ret = put(path, "", 1);
		} else {
			path_of(path, e, "trigger");
			gen(s, e);
			if (!rnd(3)) {
				mutate(s);
				c.mutated++;
			}
			ret = put(path, s, 0);
			if (!ret && strlen(s) < sizeof(ring[0])) {
				strcpy(ring[k % RING], s);
				ring_ev[k % RING] = e;
			}
		}
		c.specs++;
		tally(&c, ret);
		if (ret && ret != -EINVAL && ret != -EEXIST && ret != -ENOENT &&
		    ret != -ENOMEM)
			printf("# odd error %d for '%s'\n", ret, clip(t[0] ? t : s, 200));
	}
	write(out, &c, sizeof(c));
}

static void firer(unsigned int seed)
{
	int fds[2], fd = open(TDIR "trace_marker", O_WRONLY);
	unsigned long k;

	rnd_state = seed ?: 1;
	for (k = 0;; k++) {
		getppid();
		if (!(k & 7) && !pipe(fds)) {
			close(fds[0]);
			close(fds[1]);
		}
		if (!(k & 63))
			sched_yield();
		if (fd >= 0 && !(k & 255))
			write(fd, "hashfuzz marker\n", 16);
	}
}

static void reader(void)
{
	char path[128];
	int i;

	for (;;) {
		for (i = 0; i < nevents; i++) {
			path_of(path, events[i], "hash");
			get(path);
			path_of(path, events[i], "trigger");
			get(path);
		}
	}
}

static int spawn(int *pid)
{
	*pid = fork();
	return *pid;
}

static int kmemleak_report(void)
{
	long n;

	if (put(KMEMLEAK, "scan", 0))
		return -1;
	n = get(KMEMLEAK);
	if (n > 0)
		printf("# kmemleak:\n%s\n", clip(buf, 1500));
	return n > 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	unsigned int seed = argc > 1 ? num(argv[1]) : 1;
	unsigned long specs = argc > 2 ? num(argv[2]) : 1000;
	int writers = argc > 3 ? atoi(argv[3]) : 2;
	int firers = argc > 4 ? atoi(argv[4]) : 2;
	int pids[32], np = 0, fds[2], i, st, left = 0, leak = -1;
	struct counts c, sum = { 0 };
	char path[128], line[160];
	unsigned int s;

	if (writers < 1 || writers > 8)
		writers = 2;
	if (firers < 0 || firers > 16)
		firers = 2;
	mount("tracefs", TDIR, "tracefs", 0, NULL);
	ktap_start();
	for (i = 0; i < (int)(sizeof(all_events) / sizeof(all_events[0])); i++) {
		path_of(path, &all_events[i], "hash");
		if (get(path) >= 0)
			events[nevents++] = &all_events[i];
	}
	if (!nevents)
		return ktap_skip_all("no hash files (CONFIG_HASH_TRIGGERS?)");
	for (i = 0; i < nevents; i++)
		printf("# event %s\n", events[i]->dir);
	if (!put(KMEMLEAK, "clear", 0))
		leak = 0;

	if (pipe(fds))
		return 1;
	for (i = 0; i < firers; i++)
		if (!spawn(&pids[np++]))
			firer(seed * 7919U + i);
	if (!spawn(&pids[np++]))
		reader();
	s = seed;
	for (i = 0; i < writers; i++) {
		s = s * 2654435761U + 1;
		if (!fork()) {
			close(fds[0]);
			writer(s, specs / writers + (i < (int)(specs % writers)), fds[1]);
			exit(0);
		}
	}
	close(fds[1]);
	for (i = 0; i < writers; i++) {
		if (read(fds[0], &c, sizeof(c)) != sizeof(c))
			break;
		sum.specs += c.specs;
		sum.accepted += c.accepted;
		sum.rejected += c.rejected;
		sum.exists += c.exists;
		sum.noent += c.noent;
		sum.nomem += c.nomem;
		sum.odd += c.odd;
		sum.removals += c.removals;
		sum.commands += c.commands;
		sum.truncs += c.truncs;
		sum.mutated += c.mutated;
	}
	/* the writers are done once their counts are in */
	for (i = 0; i < np; i++)
		kill(pids[i], SIGKILL);
	while (wait(&st) > 0)
		;

	fmt(line, sizeof(line), "seed %u: %lu writes (%lu mutated), %lu accepted,",
	    seed, sum.specs, sum.mutated, sum.accepted);
	printf("# %s %lu EINVAL, %lu EEXIST, %lu ENOENT, %lu ENOMEM, %lu other\n",
	       line, sum.rejected, sum.exists, sum.noent, sum.nomem, sum.odd);
	printf("# %lu removals, %lu pause/continue/clear, %lu O_TRUNC\n",
	       sum.removals, sum.commands, sum.truncs);
	ktap_result(sum.specs == specs, "hashfuzz: every writer finished", NULL);
	ktap_result(!sum.odd, "hashfuzz: every write ended in 0, EINVAL, EEXIST, ENOENT or ENOMEM", NULL);
	ktap_result(sum.accepted > 0 && sum.rejected > 0,
		    "hashfuzz: specs were both accepted and rejected", NULL);

	for (i = 0; i < nevents; i++) {
		path_of(path, events[i], "trigger");
		put(path, "", 1);
		get(path);
		if (find(buf, "hash:"))
			left++;
	}
	ktap_result(!left, "hashfuzz: no hash trigger left after O_TRUNC", NULL);
	if (leak < 0) {
		ktap_skip("hashfuzz: kmemleak finds nothing", "no " KMEMLEAK);
	} else {
		leak = kmemleak_report();
		ktap_result(!leak, "hashfuzz: kmemleak finds nothing", NULL);
	}
	return ktap_finish();
}
