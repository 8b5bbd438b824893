// SPDX-License-Identifier: GPL-2.0
/*
 * procmin: check /proc against CONFIG_PROC_MIN, on both arches (the i386
 * guest has no busybox, so this does what ps, top, free, uptime, mount,
 * df and pidof read, by hand).
 *
 *   procmin min    the kept files open and parse, the dropped ones are
 *                  absent (a CONFIG_PROC_MIN=y kernel)
 *   procmin full   the kept files open and parse, the dropped ones are
 *                  there too (CONFIG_PROC_MIN=n)
 *
 * Prints KTAP; exits 0 iff nothing failed. /proc must be mounted.
 */
#include "ktap.h"

#ifndef AT_FDCWD
#define AT_FDCWD -100
#endif
#ifndef AT_SYMLINK_NOFOLLOW
#define AT_SYMLINK_NOFOLLOW 0x100
#endif

static char buf[65536];

/* 6.12's nolibc has neither strstr() nor strcat(). */
static const char *find(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return hay;
	return n ? NULL : hay;
}

/* Read a whole (small) file into buf, NUL-terminated; -1 if it fails. */
static int slurp(const char *path)
{
	int fd, n, len = 0;

	fd = open(path, O_RDONLY, 0);
	if (fd < 0)
		return -1;
	while (len < (int)sizeof(buf) - 1) {
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n < 0) {
			close(fd);
			return -1;
		}
		if (!n)
			break;
		len += n;
	}
	close(fd);
	buf[len] = 0;
	return len;
}

static int has(const char *needle)
{
	return find(buf, needle) != NULL;
}

/* A decimal number right after the first occurrence of key; -1 if none. */
static long field(const char *key)
{
	const char *p = find(buf, key);
	long v = 0;

	if (!p)
		return -1;
	p += strlen(key);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	return v;
}

static int exists(const char *path)
{
	struct statx stx;

	return my_syscall5(__NR_statx, AT_FDCWD, path, AT_SYMLINK_NOFOLLOW,
			   STATX_TYPE, &stx) == 0;
}

static int do_readlink(const char *path, char *out, int size)
{
	long n = my_syscall4(__NR_readlinkat, AT_FDCWD, path, out, size - 1);

	if (n < 0)
		return -1;
	out[n] = 0;
	return n;
}

/* Does directory path list an entry called name? */
static int lists(const char *path, const char *name)
{
	static char dents[4096];
	int fd, n, off, found = 0;

	fd = open(path, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return 0;
	while (!found && (n = getdents64(fd, (void *)dents, sizeof(dents))) > 0) {
		for (off = 0; off < n; ) {
			struct linux_dirent64 *d = (void *)(dents + off);

			if (!strcmp(d->d_name, name))
				found = 1;
			off += d->d_reclen;
		}
	}
	close(fd);
	return found;
}

static const char *const dropped[] = {
	"/proc/interrupts", "/proc/softirqs", "/proc/irq", "/proc/iomem",
	"/proc/ioports", "/proc/vmstat", "/proc/zoneinfo", "/proc/buddyinfo",
	"/proc/pagetypeinfo", "/proc/vmallocinfo", "/proc/consoles",
	"/proc/devices", "/proc/cmdline", "/proc/execdomains", "/proc/kmsg",
	"/proc/timer_list", "/proc/tty", "/proc/thread-self",
	"/proc/self/task", "/proc/self/environ", "/proc/self/auxv",
	"/proc/self/limits", "/proc/self/statm",
	"/proc/self/fdinfo", "/proc/self/ns", "/proc/self/map_files",
	"/proc/self/mountinfo", "/proc/self/mountstats",
	"/proc/self/oom_score_adj", "/proc/self/mem", "/proc/self/cwd",
	"/proc/self/root", "/proc/self/personality", "/proc/self/syscall",
	"/proc/self/timerslack_ns",
};

int main(int argc, char **argv)
{
	char pid[16], name[16], path[64], link[256];
	const char *comm;
	int min, i, n;
	long v;

	if (argc != 2 || (strcmp(argv[1], "min") && strcmp(argv[1], "full"))) {
		fprintf(stderr, "usage: procmin min|full\n");
		return 2;
	}
	min = !strcmp(argv[1], "min");
	strcpy(pid, utoa(getpid()));
	/* our comm: the basename of argv[0], at most 15 characters */
	comm = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	strncpy(name, comm, 15);
	name[15] = 0;

	ktap_start();

	/* ps, top, pidof: /proc lists the pids, /proc/<pid>/stat, cmdline */
	ktap_result(lists("/proc", "1") && lists("/proc", pid) && lists("/proc", "self"),
	            "/proc lists pid 1, this process and self", NULL);
	n = slurp("/proc/self/stat");
	strcpy(path, pid);
	strcpy(path + strlen(path), " (");
	strcpy(path + strlen(path), name);
	strcpy(path + strlen(path), ") R ");
	ktap_result(n > 0 && !strncmp(buf, path, strlen(path)),
	            "/proc/self/stat reads \"<pid> (<comm>) R ...\"", NULL);
	n = slurp("/proc/1/stat");
	ktap_result(n > 0 && !strncmp(buf, "1 (", 3), "/proc/1/stat reads \"1 (...\"", NULL);
	n = slurp("/proc/self/cmdline");
	ktap_result(n > 0 && !strcmp(buf, argv[0]) && !strcmp(buf + strlen(buf) + 1, argv[1]),
	            "/proc/self/cmdline holds argv", NULL);
	n = slurp("/proc/1/cmdline");
	ktap_result(n > 0 && buf[0] == '/', "/proc/1/cmdline is a path", NULL);
	n = slurp("/proc/self/status");
	strcpy(path, "Name:\t");
	strcpy(path + strlen(path), name);
	strcpy(path + strlen(path), "\n");
	ktap_result(n > 0 && has(path) && field("\nPid:") == getpid() &&
	            field("\nVmRSS:") > 0, "/proc/self/status has Name, Pid and VmRSS", NULL);
	/* scripts and ftrace's selftests: /proc/<pid>/comm */
	n = slurp("/proc/self/comm");
	strcpy(path, name);
	strcpy(path + strlen(path), "\n");
	ktap_result(n > 0 && !strcmp(buf, path), "/proc/self/comm reads the comm", NULL);
	/* pidof, killall: /proc/<pid>/exe */
	n = do_readlink("/proc/self/exe", link, sizeof(link));
	ktap_result(n > 0 && find(link, "procmin"), "/proc/self/exe points at this program", NULL);
	/* the C library: /proc/self/fd/ (ttyname, fexecve), /proc/self/maps */
	n = do_readlink("/proc/self/fd/1", link, sizeof(link));
	ktap_result(n > 0 && lists("/proc/self/fd", "0") && lists("/proc/self/fd", "1"),
	            "/proc/self/fd/ lists and resolves open files", NULL);
	n = slurp("/proc/self/maps");
	ktap_result(n > 0 && has("procmin") && has("[stack]"),
	            "/proc/self/maps shows the program and [stack]", NULL);
	/* mount, df */
	n = slurp("/proc/mounts");
	ktap_result(n > 0 && has(" /proc proc "), "/proc/mounts shows proc on /proc", NULL);
	n = slurp("/proc/self/mounts");
	ktap_result(n > 0 && has(" /proc proc "), "/proc/self/mounts shows proc on /proc", NULL);
	n = slurp("/proc/filesystems");
	ktap_result(n > 0 && has("\tproc\n") && has("\tramfs\n"),
	            "/proc/filesystems lists proc and ramfs", NULL);
	/* free, top */
	n = slurp("/proc/meminfo");
	v = field("MemTotal:");
	ktap_result(n > 0 && v > 1024 && field("MemFree:") > 0 && field("MemFree:") < v,
	            "/proc/meminfo has plausible MemTotal and MemFree", NULL);
	/* the boot memory figures, for the record */
	printf("# meminfo: MemTotal %ld kB, used (MemTotal - MemFree) %ld kB, Slab %ld kB\n",
	       v, v - field("MemFree:"), field("\nSlab:"));
	n = slurp("/proc/stat");
	ktap_result(n > 0 && !strncmp(buf, "cpu ", 4) && has("\nctxt ") && has("\nprocs_running "),
	            "/proc/stat has cpu, ctxt and procs_running", NULL);
	/* uptime, top */
	n = slurp("/proc/uptime");
	ktap_result(n > 0 && buf[0] >= '0' && buf[0] <= '9' && has(".") && has(" "),
	            "/proc/uptime reads two numbers", NULL);
	n = slurp("/proc/loadavg");
	ktap_result(n > 0 && field("") >= 0 && has("/"), "/proc/loadavg parses", NULL);
	n = slurp("/proc/version");
	ktap_result(n > 0 && !strncmp(buf, "Linux version ", 14), "/proc/version reads \"Linux version\"", NULL);
	n = slurp("/proc/cpuinfo");
	ktap_result(n > 0 && has("processor") && has("vendor_id"), "/proc/cpuinfo lists a processor", NULL);
	/* a pid that has gone is not there */
	ktap_result(!exists("/proc/999999") && exists("/proc/self/fd"),
	            "/proc/<pid> for a missing pid is absent", NULL);
	ktap_result(1, "mode", argv[1]);

	for (i = 0; i < (int)(sizeof(dropped) / sizeof(dropped[0])); i++)
		ktap_result(exists(dropped[i]) != min, min ? "absent:" : "present:", dropped[i]);

	return ktap_finish();
}
