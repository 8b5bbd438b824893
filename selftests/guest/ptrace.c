// SPDX-License-Identifier: GPL-2.0
/*
 * ptrace: in-guest test of CONFIG_PTRACE (tinify).
 *
 *   /t/ptrace off   the kernel was built with CONFIG_PTRACE=n: ptrace(2)
 *                   fails with ENOSYS for every request (TRACEME, ATTACH,
 *                   SEIZE, PEEKDATA) and no child can be made to stop
 *                   under it.
 *   /t/ptrace on    CONFIG_PTRACE=y: a child stops under PTRACE_TRACEME,
 *                   its memory is read and written, PTRACE_SYSCALL stops
 *                   it at a system call's entry and exit, a running child
 *                   is attached to and detached from, and one seized is
 *                   stopped with PTRACE_INTERRUPT.
 *
 * In both modes what shares code with ptrace must work: job control
 * (SIGSTOP, WUNTRACED, SIGCONT, WCONTINUED, SIGKILL), a child's
 * /proc/PID/stat and /proc/PID/status (procfs checks access with
 * ptrace_may_access()), and, where /bin/busybox runs (x86_64 guests),
 * busybox ps.
 *
 * Built with the kernel's tools/include/nolibc, for i386 and x86_64; raw
 * syscalls, fork and no threads. Prints KTAP and exits 0 iff no test
 * failed.
 */
#include <linux/ptrace.h>

#include "ktap.h"

/* nolibc lacks these */
#define ST_STOPPED(s)	(((s) & 0xff) == 0x7f)
#define ST_STOPSIG(s)	(((s) >> 8) & 0xff)
#define ST_EVENT(s)	((s) >> 16)
#define ST_EXITED(s)	(((s) & 0x7f) == 0)
#define ST_EXITCODE(s)	(((s) >> 8) & 0xff)
#define ST_CONTINUED(s)	((s) == 0xffff)
#define ST_KILLED(s)	(((s) & 0x7f) == SIGKILL)
#ifndef WUNTRACED
#define WUNTRACED	2
#endif
#ifndef WCONTINUED
#define WCONTINUED	8
#endif

#define EXIT_POKED	42

static volatile long target = 1;
static char buf[1024];

static int has(const char *s, const char *what)
{
	size_t n = strlen(what);

	for (; *s; s++)
		if (!strncmp(s, what, n))
			return 1;
	return 0;
}

static void note(const char *what, long ret)
{
	printf("# %s: returned %ld\n", what, ret);
}

static long sys_ptrace(long req, long pid, unsigned long addr, unsigned long data)
{
	return my_syscall4(__NR_ptrace, req, pid, addr, data);
}

static int wait_child(int pid, int options)
{
	int status = 0;

	if (waitpid(pid, &status, options) != pid)
		return -1;
	return status;
}

static void reap(int pid)
{
	kill(pid, SIGKILL);
	wait_child(pid, 0);
}

/* a child that waits for signals until it is killed */
static int start_sleeper(void)
{
	int pid = fork();

	if (pid == 0) {
		for (;;)
			my_syscall0(__NR_pause);
	}
	return pid;
}

/* a child that stops itself under PTRACE_TRACEME, or -1 */
static int start_tracee(void)
{
	int pid = fork();
	int status;

	if (pid == 0) {
		long seen;

		if (sys_ptrace(PTRACE_TRACEME, 0, 0, 0))
			exit(100);
		kill(getpid(), SIGSTOP);
		my_syscall0(__NR_getppid);
		seen = target;
		exit(seen == 0x5a5a ? EXIT_POKED : 0);
	}
	if (pid < 0)
		return -1;
	status = wait_child(pid, 0);
	if (status < 0 || !ST_STOPPED(status) || ST_STOPSIG(status) != SIGSTOP) {
		if (status >= 0 && ST_EXITED(status))
			printf("# tracee exited with %d\n", ST_EXITCODE(status));
		reap(pid);
		return -1;
	}
	return pid;
}

static void test_enosys(void)
{
	long ret;
	int pid, status;

	pid = fork();
	if (pid == 0)
		exit(sys_ptrace(PTRACE_TRACEME, 0, 0, 0) == -ENOSYS ? 0 : 1);
	status = pid > 0 ? wait_child(pid, 0) : -1;
	ktap_result(status >= 0 && ST_EXITED(status) && ST_EXITCODE(status) == 0,
		    "ptrace(PTRACE_TRACEME) fails with ENOSYS", NULL);

	pid = start_sleeper();
	ret = sys_ptrace(PTRACE_ATTACH, pid, 0, 0);
	ktap_result(ret == -ENOSYS, "ptrace(PTRACE_ATTACH) fails with ENOSYS", NULL);
	if (ret != -ENOSYS)
		note("PTRACE_ATTACH", ret);
	ret = sys_ptrace(PTRACE_SEIZE, pid, 0, 0);
	ktap_result(ret == -ENOSYS, "ptrace(PTRACE_SEIZE) fails with ENOSYS", NULL);
	if (ret != -ENOSYS)
		note("PTRACE_SEIZE", ret);
	ret = sys_ptrace(PTRACE_PEEKDATA, pid, (unsigned long)&target,
			 (unsigned long)buf);
	ktap_result(ret == -ENOSYS, "ptrace(PTRACE_PEEKDATA) fails with ENOSYS",
		    NULL);
	if (ret != -ENOSYS)
		note("PTRACE_PEEKDATA", ret);
	ret = sys_ptrace(-1, -1, 0, 0);
	ktap_result(ret == -ENOSYS, "ptrace(2) with a bad request fails with ENOSYS",
		    NULL);
	reap(pid);

	/* PTRACE_TRACEME fails, so the child exits before it stops */
	pid = start_tracee();
	ktap_result(pid < 0, "no child can be made a tracee", NULL);
	if (pid > 0)
		reap(pid);
}

static void test_traceme(void)
{
	unsigned long val = 0;
	int pid, status;

	pid = start_tracee();
	ktap_result(pid > 0, "a child stops under PTRACE_TRACEME", NULL);
	if (pid <= 0) {
		ktap_skip("PEEKDATA and POKEDATA read and write its memory", "no tracee");
		ktap_skip("it runs on and sees the poked value", "no tracee");
		return;
	}
	ktap_result(!sys_ptrace(PTRACE_PEEKDATA, pid, (unsigned long)&target,
				(unsigned long)&val) && val == 1 &&
		    !sys_ptrace(PTRACE_POKEDATA, pid, (unsigned long)&target, 0x5a5a) &&
		    !sys_ptrace(PTRACE_PEEKDATA, pid, (unsigned long)&target,
				(unsigned long)&val) && val == 0x5a5a,
		    "PEEKDATA and POKEDATA read and write its memory", NULL);
	status = -1;
	if (!sys_ptrace(PTRACE_CONT, pid, 0, 0))
		status = wait_child(pid, 0);
	ktap_result(status >= 0 && ST_EXITED(status) &&
		    ST_EXITCODE(status) == EXIT_POKED,
		    "it runs on and sees the poked value", NULL);
	if (status < 0 || !ST_EXITED(status))
		reap(pid);
}

/* PTRACE_SYSCALL: a stop at the entry of getppid() and one at its exit */
static void test_syscall_stops(void)
{
	int pid, status, i, stops = 0;

	pid = start_tracee();
	if (pid <= 0) {
		ktap_result(0, "PTRACE_SYSCALL stops at syscall entry and exit", NULL);
		return;
	}
	if (sys_ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD)) {
		ktap_result(0, "PTRACE_SYSCALL stops at syscall entry and exit", NULL);
		reap(pid);
		return;
	}
	/* kill()'s exit, getppid()'s entry and exit, then exit_group()... */
	for (i = 0; i < 8; i++) {
		if (sys_ptrace(PTRACE_SYSCALL, pid, 0, 0))
			break;
		status = wait_child(pid, 0);
		if (status < 0 || !ST_STOPPED(status))
			break;
		if (ST_STOPSIG(status) == (SIGTRAP | 0x80))
			stops++;
	}
	ktap_result(stops >= 3, "PTRACE_SYSCALL stops at syscall entry and exit",
		    NULL);
	if (stops < 3)
		printf("# %d syscall stops\n", stops);
	reap(pid);
}

static void test_attach_detach(void)
{
	unsigned long val = 0;
	int pid, status, ok;
	long ret;

	pid = start_sleeper();
	ret = pid > 0 ? sys_ptrace(PTRACE_ATTACH, pid, 0, 0) : -1;
	status = ret == 0 ? wait_child(pid, 0) : -1;
	ok = ret == 0 && status >= 0 && ST_STOPPED(status) &&
	     ST_STOPSIG(status) == SIGSTOP &&
	     !sys_ptrace(PTRACE_PEEKDATA, pid, (unsigned long)&target,
			 (unsigned long)&val) && val == 1;
	ktap_result(ok, "PTRACE_ATTACH stops a running child; its memory reads",
		    NULL);
	if (!ok)
		note("PTRACE_ATTACH", ret);
	ret = sys_ptrace(PTRACE_DETACH, pid, 0, 0);
	/* detached: ptrace requests fail, the child runs and can be killed */
	ok = ret == 0 &&
	     sys_ptrace(PTRACE_PEEKDATA, pid, (unsigned long)&target,
			(unsigned long)&val) == -ESRCH;
	kill(pid, SIGKILL);
	status = wait_child(pid, 0);
	ok = ok && status >= 0 && ST_KILLED(status);
	ktap_result(ok, "PTRACE_DETACH lets it go (ESRCH after)", NULL);
	if (!ok)
		note("PTRACE_DETACH", ret);

	pid = start_sleeper();
	ret = sys_ptrace(PTRACE_SEIZE, pid, 0, 0);
	ok = ret == 0 && !sys_ptrace(PTRACE_INTERRUPT, pid, 0, 0);
	status = ok ? wait_child(pid, 0) : -1;
	ok = ok && status >= 0 && ST_STOPPED(status) &&
	     ST_EVENT(status) == PTRACE_EVENT_STOP;
	ktap_result(ok, "PTRACE_SEIZE, then PTRACE_INTERRUPT stops it", NULL);
	if (!ok)
		printf("# PTRACE_SEIZE %ld, status 0x%x\n", ret, status);
	reap(pid);
}

/* /proc/PID/@file of @pid: does it start with "@pid (ptrace)"? */
static int proc_names(int pid, const char *file, const char *want)
{
	char path[64], *n = itoa(pid);
	int fd, len;

	strcpy(path, "/proc/");
	strlcat(path, n, sizeof(path));
	strlcat(path, "/", sizeof(path));
	strlcat(path, file, sizeof(path));
	fd = open(path, O_RDONLY, 0);
	len = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[len > 0 ? len : 0] = 0;
	return len > 0 && !strncmp(buf, want, strlen(want));
}

static void test_kept(void)
{
	char want[64];
	int pid, st1, st2, st3, ok;

	pid = start_sleeper();
	kill(pid, SIGSTOP);
	st1 = wait_child(pid, WUNTRACED);
	kill(pid, SIGCONT);
	st2 = wait_child(pid, WCONTINUED);
	ok = st1 >= 0 && ST_STOPPED(st1) && ST_STOPSIG(st1) == SIGSTOP &&
	     st2 >= 0 && ST_CONTINUED(st2);
	ktap_result(ok, "job control: SIGSTOP stops (WUNTRACED), SIGCONT continues",
		    NULL);
	if (!ok)
		printf("# stop status 0x%x, continue status 0x%x\n", st1, st2);

	strcpy(want, itoa(pid));
	strlcat(want, " (ptrace) ", sizeof(want));
	ok = proc_names(pid, "stat", want) &&
	     proc_names(pid, "status", "Name:\tptrace\n");
	ktap_result(ok, "a child's /proc/PID/stat and /proc/PID/status read", NULL);
	if (!ok)
		printf("# read: %.60s\n", buf);

	kill(pid, SIGKILL);
	st3 = wait_child(pid, 0);
	ktap_result(st3 >= 0 && ST_KILLED(st3), "SIGKILL ends it", NULL);
}

/* busybox ps, where busybox runs: it lists the processes */
static void test_busybox(void)
{
	char *argv[] = { "busybox", "ps", NULL };
	char *envp[] = { NULL };
	const char *what = "busybox ps lists the processes";
	int pid, fd, status = -1, len, lines;
	const char *p;

	fd = open("/bin/busybox", O_RDONLY, 0);
	if (fd < 0) {
		ktap_skip(what, "no /bin/busybox");
		return;
	}
	close(fd);
	pid = fork();
	if (pid == 0) {
		fd = open("/ptrace.ps", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0)
			exit(126);
		execve("/bin/busybox", argv, envp);
		exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (ST_EXITED(status) && ST_EXITCODE(status) == 127) {
		ktap_skip(what, "/bin/busybox does not run here");
		return;
	}
	fd = open("/ptrace.ps", O_RDONLY, 0);
	len = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[len > 0 ? len : 0] = 0;
	unlink("/ptrace.ps");
	/* its header, then a line per process: init, this program, ps */
	for (lines = 0, p = buf; *p; p++)
		lines += *p == '\n';
	ktap_result(status == 0 && has(buf, "PID") && lines >= 4, what, NULL);
	if (status)
		printf("# busybox ps: status 0x%x\n", status);
}

int main(int argc, char **argv)
{
	int on;

	on = ktap_on_off(argc, argv);
	if (on < 0)
		return 2;

	ktap_start();
	if (on) {
		test_traceme();		/* 3 */
		test_syscall_stops();	/* 1 */
		test_attach_detach();	/* 3 */
	} else {
		test_enosys();		/* 6 */
	}
	test_kept();			/* 3 */
	test_busybox();			/* 1 */
	return ktap_finish();
}
