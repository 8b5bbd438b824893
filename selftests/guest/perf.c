// SPDX-License-Identifier: GPL-2.0
/*
 * perf.c - in-guest test of CONFIG_PERF_EVENTS on x86 (tinify).
 *
 * Usage: perf off|on [noptrace]
 *
 *   off: the kernel was built with PERF_EVENTS=n. perf_event_open(2)
 *        must fail with ENOSYS, ordinary ptrace debugging must work,
 *        the debug registers must read as zero, DR7 = 0 must be
 *        accepted and arming a hardware breakpoint must fail with
 *        EOPNOTSUPP.
 *   on:  the kernel was built with PERF_EVENTS=y. perf_event_open(2)
 *        must give a working counter, the same ptrace checks must pass
 *        and a hardware watchpoint set through DR0/DR7 must fire.
 *   noptrace: the kernel was built with PTRACE=n as well: only the
 *        perf_event_open(2) checks run, and ptrace(2) must fail with
 *        ENOSYS (the ptrace and debug register checks run on a profile
 *        that keeps ptrace: selftests/30-perf.t).
 *
 * Built with the kernel's nolibc for i386 and x86_64 (tools/mkinitramfs);
 * raw syscalls only, fork and no threads. Prints KTAP and exits 0 iff
 * no test failed.
 */
#include <linux/perf_event.h>
#include <linux/ptrace.h>

#include "ktap.h"

#ifndef __NR_perf_event_open
#error "__NR_perf_event_open is missing from the installed headers"
#endif

/* nolibc lacks these */
#define ST_STOPPED(s)	(((s) & 0xff) == 0x7f)
#define ST_STOPSIG(s)	(((s) >> 8) & 0xff)
#define ST_EXITED(s)	(((s) & 0x7f) == 0)
#define ST_EXITCODE(s)	(((s) >> 8) & 0xff)

/* offsetof(struct user, u_debugreg): asm/user_32.h and asm/user_64.h */
#ifdef __x86_64__
#define DEBUGREG_OFFSET	848
#define IP_OFFSET	(16 * sizeof(long))	/* user_regs_struct.rip */
#else
#define DEBUGREG_OFFSET	252
#define IP_OFFSET	(12 * sizeof(long))	/* user_regs_struct.eip */
#endif
#define DR_OFFSET(n)	(DEBUGREG_OFFSET + (n) * sizeof(long))

#define DR6_RESERVED	0xffff0ff0UL	/* what DR6 reads with nothing to report */
#define DR6_BS		0x4000UL	/* single-step */
#define DR6_B0		0x1UL		/* breakpoint 0 hit */
/* DR7: enable slot 0 locally, break on data writes, 4 bytes long */
#define DR7_WATCH0_W4	(0x1UL | (0x1UL << 16) | (0x3UL << 18))

#define EXIT_POKED	42

static volatile long target = 1;

static void result(int ok, const char *what)
{
	ktap_result(ok, what, NULL);
}

static long sys_ptrace(long req, long pid, unsigned long addr, unsigned long data)
{
	return my_syscall4(__NR_ptrace, req, pid, addr, data);
}

/* PEEK* requests store the word at @data; returns 0 or -errno. */
static long peek(long req, long pid, unsigned long addr, unsigned long *val)
{
	return sys_ptrace(req, pid, addr, (unsigned long)val);
}

static long sys_perf_event_open(struct perf_event_attr *attr, long pid,
				long cpu, long group_fd, unsigned long flags)
{
	return my_syscall5(__NR_perf_event_open, attr, pid, cpu, group_fd, flags);
}

static int wait_child(int pid)
{
	int status = 0;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void reap(int pid)
{
	kill(pid, SIGKILL);
	wait_child(pid);
}

/* resume a stopped tracee and wait for it: its status, or -1 */
static int cont_and_wait(int pid)
{
	if (!sys_ptrace(PTRACE_CONT, pid, 0, 0))
		return wait_child(pid);
	reap(pid);
	return -1;
}

/*
 * A tracee: stops itself, then (once resumed) writes @target and exits
 * with EXIT_POKED if the tracer changed @target before the write, 0 if not.
 */
static int start_tracee(void)
{
	int pid = fork();
	int status;

	if (pid == 0) {
		long seen;

		if (sys_ptrace(PTRACE_TRACEME, 0, 0, 0))
			exit(100);
		kill(getpid(), SIGSTOP);
		seen = target;
		target = 7;
		exit(seen == 0x5a5a ? EXIT_POKED : 0);
	}
	if (pid < 0)
		return -1;
	status = wait_child(pid);
	if (status < 0 || !ST_STOPPED(status) || ST_STOPSIG(status) != SIGSTOP) {
		reap(pid);
		return -1;
	}
	return pid;
}

static void test_perf_event_open(int on)
{
	struct perf_event_attr attr;
	unsigned long long count = 0;
	volatile unsigned long spin;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_SOFTWARE;
	attr.size = sizeof(attr);
	attr.config = PERF_COUNT_SW_TASK_CLOCK;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;

	fd = sys_perf_event_open(&attr, 0, -1, -1, 0);
	if (!on) {
		if (fd >= 0)
			close(fd);
		printf("# perf_event_open returned %ld\n", fd);
		result(fd == -ENOSYS, "perf_event_open fails with ENOSYS");
		return;
	}
	if (fd < 0)
		printf("# perf_event_open returned %ld\n", fd);
	result(fd >= 0, "perf_event_open opens a task-clock counter");
	if (fd < 0) {
		ktap_skip("perf counter counts", "no counter");
		return;
	}
	for (spin = 0; spin < 2000000; spin++)
		;
	if (read(fd, &count, sizeof(count)) != sizeof(count))
		count = 0;
	close(fd);
	result(count > 0, "perf counter counts");
}

/* read a register, peek and poke memory, single-step, continue */
static void test_ptrace_basic(void)
{
	unsigned long ip = 0, ip2 = 0, val = 0, dr6 = 0;
	int pid, status, i, moved = 0, steps_ok = 1;

	pid = start_tracee();
	result(pid > 0, "ptrace: child stops under PTRACE_TRACEME");
	if (pid <= 0) {
		for (i = 0; i < 5; i++)
			ktap_skip("ptrace", "no tracee");
		return;
	}

	result(!peek(PTRACE_PEEKUSR, pid, IP_OFFSET, &ip) && ip,
	       "ptrace: PEEKUSER reads the instruction pointer");

	result(!peek(PTRACE_PEEKDATA, pid, (unsigned long)&target, &val) &&
	       val == 1 &&
	       !sys_ptrace(PTRACE_POKEDATA, pid, (unsigned long)&target, 0x5a5a) &&
	       !peek(PTRACE_PEEKDATA, pid, (unsigned long)&target, &val) &&
	       val == 0x5a5a,
	       "ptrace: PEEKDATA/POKEDATA read and write child memory");

	for (i = 0; i < 4; i++) {
		if (sys_ptrace(PTRACE_SINGLESTEP, pid, 0, 0)) {
			steps_ok = 0;
			break;
		}
		status = wait_child(pid);
		if (status < 0 || !ST_STOPPED(status) ||
		    ST_STOPSIG(status) != SIGTRAP) {
			steps_ok = 0;
			break;
		}
		if (!peek(PTRACE_PEEKUSR, pid, IP_OFFSET, &ip2) && ip2 != ip)
			moved = 1;
	}
	result(steps_ok && moved, "ptrace: SINGLESTEP traps and moves the ip");
	if (!steps_ok) {
		reap(pid);
		ktap_skip("ptrace: DR6 reports the single-step", "stepping failed");
		ktap_skip("ptrace: child runs on and sees the poked value", "stepping failed");
		return;
	}

	result(!peek(PTRACE_PEEKUSR, pid, DR_OFFSET(6), &dr6) &&
	       (dr6 & DR6_BS) && (dr6 | DR6_BS) == (DR6_RESERVED | DR6_BS),
	       "ptrace: DR6 reports the single-step");

	status = cont_and_wait(pid);
	result(status >= 0 && ST_EXITED(status) &&
	       ST_EXITCODE(status) == EXIT_POKED,
	       "ptrace: child runs on and sees the poked value");
}

/* debug registers through PEEKUSER/POKEUSER */
static void test_debugregs(int on)
{
	unsigned long val, zero_ok = 1, dr6 = 0;
	long ret, ret0;
	int pid, status, i;

	pid = start_tracee();
	result(pid > 0, "debugregs: child stops under PTRACE_TRACEME");
	if (pid <= 0) {
		for (i = 0; i < 7; i++)
			ktap_skip("debugregs", "no tracee");
		return;
	}

	for (i = 0; i < 8; i++) {
		if (i == 4 || i == 5 || i == 6)
			continue;
		val = 1;
		if (peek(PTRACE_PEEKUSR, pid, DR_OFFSET(i), &val) || val)
			zero_ok = 0;
	}
	result(zero_ok, "debugregs: DR0-DR3 and DR7 read as 0");

	result(!peek(PTRACE_PEEKUSR, pid, DR_OFFSET(6), &dr6) &&
	       dr6 == DR6_RESERVED, "debugregs: DR6 reads its reset value");

	result(!sys_ptrace(PTRACE_POKEUSR, pid, DR_OFFSET(7), 0) &&
	       !sys_ptrace(PTRACE_POKEUSR, pid, DR_OFFSET(0), 0),
	       "debugregs: writing 0 to DR7 and DR0 succeeds");

	ret0 = sys_ptrace(PTRACE_POKEUSR, pid, DR_OFFSET(0),
			  (unsigned long)&target);
	ret = sys_ptrace(PTRACE_POKEUSR, pid, DR_OFFSET(7), DR7_WATCH0_W4);
	printf("# POKEUSER DR0=&target: %ld, DR7=0x%lx: %ld\n", ret0,
	       DR7_WATCH0_W4, ret);

	if (!on) {
		result(ret0 == -EOPNOTSUPP,
		       "debugregs: setting a DR0 address fails with EOPNOTSUPP");
		result(ret == -EOPNOTSUPP,
		       "debugregs: enabling a breakpoint in DR7 fails with EOPNOTSUPP");
		val = 1;
		result(!peek(PTRACE_PEEKUSR, pid, DR_OFFSET(7), &val) && !val,
		       "debugregs: DR7 still reads 0 after the refused write");
		status = cont_and_wait(pid);
		result(status >= 0 && ST_EXITED(status) &&
		       ST_EXITCODE(status) == 0,
		       "debugregs: child runs to its end without a trap");
		return;
	}

	result(ret0 == 0 && ret == 0,
	       "debugregs: DR0 and DR7 accept a write watchpoint");
	val = 0;
	result(!peek(PTRACE_PEEKUSR, pid, DR_OFFSET(7), &val) &&
	       val == DR7_WATCH0_W4 &&
	       !peek(PTRACE_PEEKUSR, pid, DR_OFFSET(0), &val) &&
	       val == (unsigned long)&target,
	       "debugregs: DR0 and DR7 read back what was written");
	status = -1;
	if (!sys_ptrace(PTRACE_CONT, pid, 0, 0))
		status = wait_child(pid);
	dr6 = 0;
	result(status >= 0 && ST_STOPPED(status) && ST_STOPSIG(status) == SIGTRAP &&
	       !peek(PTRACE_PEEKUSR, pid, DR_OFFSET(6), &dr6) && (dr6 & DR6_B0),
	       "debugregs: the watchpoint fires on the child's write");
	if (status < 0 || !ST_STOPPED(status)) {
		ktap_skip("debugregs: child finishes after DR7 is cleared", "no stop");
		return;
	}
	status = -1;
	if (!sys_ptrace(PTRACE_POKEUSR, pid, DR_OFFSET(7), 0) &&
	    !sys_ptrace(PTRACE_CONT, pid, 0, 0))
		status = wait_child(pid);
	else
		reap(pid);
	result(status >= 0 && ST_EXITED(status) && ST_EXITCODE(status) == 0,
	       "debugregs: child finishes after DR7 is cleared");
}

int main(int argc, char **argv)
{
	int on, noptrace;
	long ret;

	noptrace = argc == 3 && !strcmp(argv[2], "noptrace");
	if ((argc != 2 && !noptrace) ||
	    (strcmp(argv[1], "on") && strcmp(argv[1], "off"))) {
		printf("usage: %s off|on [noptrace]\n", argc ? argv[0] : "perf");
		return 2;
	}
	on = !strcmp(argv[1], "on");

	ktap_start();
	test_perf_event_open(on);
	if (noptrace) {
		ret = sys_ptrace(PTRACE_PEEKUSR, getppid(), 0, 0);
		result(ret == -ENOSYS,
		       "ptrace fails with ENOSYS (its checks run where it is kept)");
		if (ret != -ENOSYS)
			printf("# ptrace returned %ld\n", ret);
		return ktap_finish();
	}
	test_ptrace_basic();
	test_debugregs(on);
	return ktap_finish();
}
