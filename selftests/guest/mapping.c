// SPDX-License-Identifier: GPL-2.0
/*
 * mapping: in-guest test of CONFIG_MAPPING_SYSCALLS (tinify).
 *
 *   /t/mapping off   the kernel was built with CONFIG_MAPPING_SYSCALLS=n:
 *                    mremap, mlock, mlock2, munlock, mlockall, munlockall,
 *                    mincore and msync fail with ENOSYS.
 *   /t/mapping on    CONFIG_MAPPING_SYSCALLS=y: mremap grows, shrinks and
 *                    moves a mapping with its data, mincore tells touched
 *                    pages from untouched ones, mlock and mlockall
 *                    populate what they lock (MLOCK_ONFAULT and
 *                    MCL_ONFAULT do not), msync writes a shared file
 *                    mapping and refuses bad flags and unmapped ranges.
 *
 * In both modes what stays must work: mmap, munmap and mprotect, a
 * MAP_LOCKED mapping, a shared file mapping seen through read(2), exec
 * (which moves the new stack with mremap's move_page_tables(): the
 * program runs itself as /t/mapping exec), and, where /bin/busybox runs
 * (x86_64 guests), busybox sort of 60,000 lines, whose glibc realloc()
 * grows a mmap()ed block with mremap, or copies it when that fails.
 *
 * Built with the kernel's tools/include/nolibc, for i386 and x86_64; prints
 * KTAP and exits 0 iff no test failed. Scratch files live in /mapping.tmp
 * on the initramfs root.
 */
#include <linux/mman.h>

#include "ktap.h"

#define DIR	"/mapping.tmp"
#define PG	4096UL

#ifndef MAP_LOCKED
#define MAP_LOCKED	0x2000
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

static char buf[8192];

/* a syscall's error return: addresses above 2 GiB are negative on i386 */
static int is_err(long ret)
{
	return (unsigned long)ret >= (unsigned long)-4095;
}

static void note(const char *what, long ret)
{
	printf("# %s: returned %ld\n", what, ret);
}

static long sys_mremap(void *old, unsigned long old_len, unsigned long new_len,
		       unsigned long flags, void *new_addr)
{
	return my_syscall5(__NR_mremap, old, old_len, new_len, flags, new_addr);
}

static long sys_mprotect(void *addr, unsigned long len, int prot)
{
	return my_syscall3(__NR_mprotect, addr, len, prot);
}

static long sys_mincore(void *addr, unsigned long len, unsigned char *vec)
{
	return my_syscall3(__NR_mincore, addr, len, vec);
}

static long sys_msync(void *addr, unsigned long len, int flags)
{
	return my_syscall3(__NR_msync, addr, len, flags);
}

static void *map(unsigned long len, int prot, int flags)
{
	void *p = mmap(NULL, len, prot, flags | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* fill @len bytes at @p with a pattern that depends on @seed and offset */
static void fill(unsigned char *p, unsigned long len, unsigned int seed)
{
	unsigned long i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7 + seed + (i >> 12));
}

static int same(const unsigned char *p, unsigned long len, unsigned int seed)
{
	unsigned long i;

	for (i = 0; i < len; i++)
		if (p[i] != (unsigned char)(i * 7 + seed + (i >> 12)))
			return 0;
	return 1;
}

static int all_zero(const unsigned char *p, unsigned long len)
{
	while (len--)
		if (*p++)
			return 0;
	return 1;
}

/* the resident bits of @n pages at @p as a string of 0s and 1s, or "" */
static const char *resident(void *p, int n)
{
	static unsigned char vec[16];
	static char s[17];
	int i;

	if (sys_mincore(p, n * PG, vec))
		return "";
	for (i = 0; i < n; i++)
		s[i] = '0' + (vec[i] & 1);
	s[n] = 0;
	return s;
}

static void test_enosys(void)
{
	static const struct {
		const char *name;
		int nr;
	} calls[] = {
		{ "mremap", __NR_mremap }, { "mlock", __NR_mlock },
		{ "mlock2", __NR_mlock2 }, { "munlock", __NR_munlock },
		{ "mlockall", __NR_mlockall }, { "munlockall", __NR_munlockall },
		{ "mincore", __NR_mincore }, { "msync", __NR_msync },
	};
	unsigned char *p = map(2 * PG, PROT_READ | PROT_WRITE, 0);
	unsigned char vec[2];
	char what[64];
	unsigned int i;
	long ret = 0;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		switch (calls[i].nr) {
		case __NR_mremap:
			ret = sys_mremap(p, PG, 2 * PG, MREMAP_MAYMOVE, NULL);
			break;
		case __NR_mlockall:
			ret = my_syscall1(__NR_mlockall, MCL_CURRENT);
			break;
		case __NR_munlockall:
			ret = my_syscall0(__NR_munlockall);
			break;
		case __NR_mincore:
			ret = sys_mincore(p, 2 * PG, vec);
			break;
		case __NR_msync:
			ret = sys_msync(p, PG, MS_SYNC);
			break;
		case __NR_mlock2:
			ret = my_syscall3(__NR_mlock2, p, PG, 0);
			break;
		default:	/* mlock, munlock */
			ret = my_syscall2(calls[i].nr, p, PG);
			break;
		}
		strcpy(what, calls[i].name);
		strlcat(what, "(2) fails with ENOSYS", sizeof(what));
		ktap_result(p && ret == -ENOSYS, what, NULL);
		if (ret != -ENOSYS)
			note(calls[i].name, ret);
	}
	/* a second mremap form: in place, no flags */
	ret = sys_mremap(p, 2 * PG, PG, 0, NULL);
	ktap_result(ret == -ENOSYS, "mremap(2) shrinking in place fails with ENOSYS",
		    NULL);
	if (p)
		munmap(p, 2 * PG);
}

static void test_mremap(void)
{
	unsigned char *p = map(2 * PG, PROT_READ | PROT_WRITE, 0), *q, *r, *hole;
	long ret;
	int ok;

	if (!p) {
		ktap_result(0, "mremap(2) grows a mapping, keeping its data", NULL);
		return;
	}
	fill(p, 2 * PG, 1);
	ret = sys_mremap(p, 2 * PG, 6 * PG, MREMAP_MAYMOVE, NULL);
	q = (unsigned char *)ret;
	ok = !is_err(ret) && same(q, 2 * PG, 1) && all_zero(q + 2 * PG, 4 * PG);
	ktap_result(ok, "mremap(2) grows a mapping, keeping its data", NULL);
	if (!ok) {
		note("mremap grow", ret);
		return;
	}
	fill(q, 6 * PG, 2);
	ret = sys_mremap(q, 6 * PG, 3 * PG, 0, NULL);
	ok = ret == (long)q && same(q, 3 * PG, 2) &&
	     !strcmp(resident(q + 3 * PG, 1), "");	/* the tail is unmapped */
	ktap_result(ok, "mremap(2) shrinks a mapping in place", NULL);
	if (!ok)
		note("mremap shrink", ret);

	/* a target address that is surely free: one just unmapped */
	hole = map(3 * PG, PROT_NONE, 0);
	if (hole)
		munmap(hole, 3 * PG);
	ret = sys_mremap(q, 3 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, hole);
	r = (unsigned char *)ret;
	ok = hole && r == hole && same(r, 3 * PG, 2) &&
	     !strcmp(resident(q, 1), "");
	ktap_result(ok, "mremap(2) MREMAP_FIXED moves a mapping and its data",
		    NULL);
	if (!ok)
		note("mremap fixed", ret);
	munmap(ok ? r : q, 3 * PG);

	ret = sys_mremap(NULL, PG, 2 * PG, 0, NULL);
	ktap_result(ret == -EFAULT || ret == -EINVAL,
		    "mremap(2) of an unmapped address fails (EFAULT)", NULL);
	if (ret != -EFAULT && ret != -EINVAL)
		note("mremap unmapped", ret);
}

static void test_mincore_mlock(void)
{
	unsigned char *p = map(4 * PG, PROT_READ | PROT_WRITE, 0);
	const char *r;
	long ret, ret2;
	int ok;

	if (!p) {
		ktap_result(0, "mincore(2) tells touched pages from untouched ones",
			    NULL);
		return;
	}
	p[0] = 1;
	p[2 * PG] = 1;
	r = resident(p, 4);
	ktap_result(!strcmp(r, "1010"),
		    "mincore(2) tells touched pages from untouched ones", NULL);
	if (strcmp(r, "1010"))
		printf("# mincore: '%s'\n", r);
	ret = sys_mincore(p + PG / 2, PG, (unsigned char *)buf);
	ret2 = sys_mincore(NULL, PG, (unsigned char *)buf);
	ktap_result(ret == -EINVAL && ret2 == -ENOMEM,
		    "mincore(2): EINVAL unaligned, ENOMEM unmapped", NULL);
	if (ret != -EINVAL || ret2 != -ENOMEM)
		printf("# mincore unaligned %ld, unmapped %ld\n", ret, ret2);

	ret = my_syscall2(__NR_mlock, p, 4 * PG);
	r = resident(p, 4);
	ktap_result(ret == 0 && !strcmp(r, "1111"),
		    "mlock(2) locks and populates a range", NULL);
	if (ret || strcmp(r, "1111"))
		printf("# mlock %ld, then mincore '%s'\n", ret, r);
	ret = my_syscall2(__NR_munlock, p, 4 * PG);
	ktap_result(ret == 0, "munlock(2) unlocks it", NULL);
	munmap(p, 4 * PG);

	p = map(4 * PG, PROT_READ | PROT_WRITE, 0);
	ret = p ? my_syscall3(__NR_mlock2, p, 4 * PG, MLOCK_ONFAULT) : -1;
	ok = ret == 0 && !strcmp(resident(p, 4), "0000");
	if (ok)
		p[3 * PG] = 1;
	ok = ok && !strcmp(resident(p, 4), "0001");
	ktap_result(ok, "mlock2(2) MLOCK_ONFAULT locks pages as they fault in",
		    NULL);
	if (!ok)
		note("mlock2", ret);
	ret2 = my_syscall3(__NR_mlock2, p, PG, 0x80);	/* unknown flag */
	ktap_result(ret2 == -EINVAL, "mlock2(2) refuses an unknown flag", NULL);
	if (p) {
		my_syscall2(__NR_munlock, p, 4 * PG);
		munmap(p, 4 * PG);
	}

	ret = my_syscall1(__NR_mlockall, MCL_CURRENT | MCL_FUTURE);
	p = map(2 * PG, PROT_READ | PROT_WRITE, 0);	/* locked: populated */
	r = p ? resident(p, 2) : "";
	ret2 = my_syscall0(__NR_munlockall);
	ok = ret == 0 && ret2 == 0 && !strcmp(r, "11");
	ktap_result(ok, "mlockall(2) MCL_FUTURE populates new mappings; munlockall(2)",
		    NULL);
	if (!ok)
		printf("# mlockall %ld, mincore '%s', munlockall %ld\n", ret, r, ret2);
	if (p)
		munmap(p, 2 * PG);
	ret = my_syscall1(__NR_mlockall, 0);
	ktap_result(ret == -EINVAL, "mlockall(2) without flags: EINVAL", NULL);
}

static void test_msync(void)
{
	unsigned char *p, *a;
	long ret, ret2;
	int fd, ok;

	fd = open(DIR "/shared", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ok = fd >= 0 && write(fd, buf, 2 * PG) == 2 * PG;
	p = ok ? mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) :
		 MAP_FAILED;
	if (p == MAP_FAILED) {
		ktap_result(0, "msync(2) MS_SYNC and MS_ASYNC on a shared file mapping",
			    NULL);
		if (fd >= 0)
			close(fd);
		return;
	}
	fill(p, 2 * PG, 5);
	ret = sys_msync(p, 2 * PG, MS_SYNC);
	ret2 = sys_msync(p, PG, MS_ASYNC | MS_INVALIDATE);
	ktap_result(ret == 0 && ret2 == 0,
		    "msync(2) MS_SYNC and MS_ASYNC on a shared file mapping", NULL);
	if (ret || ret2)
		printf("# msync %ld, %ld\n", ret, ret2);
	ret = sys_msync(p, PG, MS_SYNC | MS_ASYNC);
	ret2 = sys_msync(p + 1, PG, MS_SYNC);
	ktap_result(ret == -EINVAL && ret2 == -EINVAL,
		    "msync(2): EINVAL for MS_SYNC|MS_ASYNC and unaligned", NULL);
	a = map(PG, PROT_READ, 0);
	if (a)
		munmap(a, PG);
	ret = sys_msync(a, PG, MS_SYNC);
	ktap_result(ret == -ENOMEM, "msync(2) of an unmapped range: ENOMEM", NULL);
	munmap(p, 2 * PG);
	close(fd);
	unlink(DIR "/shared");
}

/* What the kernel keeps: mmap, munmap, mprotect, MAP_LOCKED, MAP_SHARED. */
static void test_kept(void)
{
	unsigned char *p;
	long ret;
	int fd, ok;

	p = map(3 * PG, PROT_READ | PROT_WRITE, 0);
	ok = p != NULL;
	if (ok) {
		fill(p, 3 * PG, 3);
		ret = sys_mprotect(p + PG, PG, PROT_READ);
		ok = ret == 0 && same(p, 3 * PG, 3) &&
		     sys_mprotect(p + PG, PG, PROT_READ | PROT_WRITE) == 0;
		if (ok)
			p[PG] = 0x5a;
		/* unmap the middle page: the pages either side stay */
		ok = ok && p[PG] == 0x5a && munmap(p + PG, PG) == 0 &&
		     same(p, PG, 3) &&
		     sys_mprotect(p + PG, PG, PROT_READ) == -ENOMEM &&
		     p[2 * PG + 9] == (unsigned char)((2 * PG + 9) * 7 + 3 + 2);
		munmap(p, 3 * PG);
	}
	ktap_result(ok, "mmap(2), mprotect(2) and munmap(2) of part of a mapping",
		    NULL);

	p = map(2 * PG, PROT_READ | PROT_WRITE, MAP_LOCKED);
	ok = p != NULL;
	if (ok) {
		fill(p, 2 * PG, 4);
		ok = same(p, 2 * PG, 4);
		munmap(p, 2 * PG);
	}
	ktap_result(ok, "a MAP_LOCKED mapping works", NULL);

	fd = open(DIR "/file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ok = fd >= 0 && write(fd, buf, PG) == PG;
	p = ok ? mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) :
		 MAP_FAILED;
	ok = p != MAP_FAILED;
	if (ok) {
		fill(p, PG, 6);
		munmap(p, PG);
		ok = lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, PG) == PG &&
		     same((unsigned char *)buf, PG, 6);
	}
	ktap_result(ok, "a shared file mapping's writes are seen by read(2)",
		    NULL);
	if (fd >= 0)
		close(fd);
	unlink(DIR "/file");
	memset(buf, 0, sizeof(buf));
}

/* run @path with @argv, stdout and stderr to @out; its exit status, or -1 */
static int run(const char *path, char *const argv[], const char *out)
{
	char *envp[] = { "PATH=/bin:/sbin:/usr/bin", NULL };
	int pid, fd, status = -1;

	pid = fork();
	if (pid == 0) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			exit(126);
		execve(path, argv, envp);
		exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int file_has(const char *path, const char *want)
{
	int fd = open(path, O_RDONLY, 0), n;

	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n > 0 && !strcmp(buf, want);
}

static void test_exec(const char *self)
{
	char *argv[] = { "/t/mapping", "exec", NULL };
	int st;

	if (self && self[0] == '/')
		argv[0] = (char *)self;
	st = run(argv[0], argv, DIR "/exec.out");

	ktap_result(st == 0 && file_has(DIR "/exec.out", "exec ok\n"),
		    "execve(2) runs a program (its stack moved by move_page_tables())",
		    NULL);
	unlink(DIR "/exec.out");
}

static void test_busybox(void)
{
	char *argv[] = { "sh", "-c",
			 "seq 1 60000 | sort -rn | head -n 1; seq 1 60000 | sort | tail -n 1",
			 NULL };
	const char *what = "busybox sort of 60,000 lines (glibc realloc() of a mmap()ed block)";
	int fd, st;

	fd = open("/bin/busybox", O_RDONLY, 0);
	if (fd < 0) {
		ktap_skip(what, "no /bin/busybox");
		return;
	}
	close(fd);
	st = run("/bin/sh", argv, DIR "/sort.out");
	if (st == 127) {
		ktap_skip(what, "/bin/busybox does not run here");
		return;
	}
	ktap_result(st == 0 && file_has(DIR "/sort.out", "60000\n9999\n"), what,
		    NULL);
	if (st)
		printf("# sh exited %d\n", st);
	unlink(DIR "/sort.out");
}

int main(int argc, char **argv)
{
	int on;

	if (argc == 2 && !strcmp(argv[1], "exec")) {
		printf("exec ok\n");
		return 0;
	}
	on = ktap_on_off(argc, argv);
	if (on < 0)
		return 2;
	mkdir(DIR, 0755);

	ktap_start();
	if (on) {
		test_mremap();		/* 4 */
		test_mincore_mlock();	/* 7 */
		test_msync();		/* 3 */
	} else {
		test_enosys();		/* 9 */
	}
	test_kept();			/* 3 */
	test_exec(argv[0]);		/* 1 */
	test_busybox();			/* 1 */

	rmdir(DIR);
	return ktap_finish();
}
