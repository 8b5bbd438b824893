// SPDX-License-Identifier: GPL-2.0
/*
 * xattr: in-guest test of CONFIG_XATTR_SYSCALLS (tinify).
 *
 *   /t/xattr off   the kernel was built with CONFIG_XATTR_SYSCALLS=n: the
 *                  twelve calls (setxattr, getxattr, listxattr, removexattr,
 *                  each as a path, an l* and an f* call) fail with ENOSYS,
 *                  whatever their arguments, and io_uring reports its
 *                  xattr operations unsupported.
 *   /t/xattr on    CONFIG_XATTR_SYSCALLS=y: trusted.* attributes set on a
 *                  sysfs directory (kernfs keeps them in memory) through
 *                  each form read back, are listed and are removed, and
 *                  on the initramfs (ramfs, which has no xattr handler)
 *                  the calls answer EOPNOTSUPP, not ENOSYS.
 *
 * In both modes ordinary file work does not notice: files, a directory
 * and a symbolic link are made, read, renamed and removed by this program
 * and, where /bin/busybox runs (x86_64 guests), copied by busybox cp -a
 * (which preserves what it can) and listed by ls -l.
 *
 * Built with the kernel's tools/include/nolibc, for i386 and x86_64; prints
 * KTAP and exits 0 iff no test failed. Scratch files live in /xattr.tmp on
 * the initramfs root.
 */
#include <linux/io_uring.h>

#include "ktap.h"

#define DIR	"/xattr.tmp"
#define SYSDIR	"/sys/kernel"	/* kernfs: trusted.* attributes in memory */

#ifndef XATTR_CREATE
#define XATTR_CREATE	0x1
#define XATTR_REPLACE	0x2
#endif
#ifndef O_DIRECTORY
#define O_DIRECTORY	0200000
#endif

static char buf[512];

/* nolibc lacks these */
static long my_readlink(const char *path, char *dst, unsigned long size)
{
	return my_syscall4(__NR_readlinkat, AT_FDCWD, path, dst, size);
}

static long my_rename(const char *from, const char *to)
{
	return my_syscall4(__NR_renameat, AT_FDCWD, from, AT_FDCWD, to);
}

static const char *my_strstr(const char *s, const char *what)
{
	size_t n = strlen(what);

	for (; *s; s++)
		if (!strncmp(s, what, n))
			return s;
	return NULL;
}

static void note(const char *what, long ret)
{
	printf("# %s: returned %ld\n", what, ret);
}

static long sys_setxattr(int nr, const char *path, const char *name,
			 const void *value, unsigned long size, int flags)
{
	return my_syscall5(nr, path, name, value, size, flags);
}

static long sys_fsetxattr(int fd, const char *name, const void *value,
			  unsigned long size, int flags)
{
	return my_syscall5(__NR_fsetxattr, fd, name, value, size, flags);
}

static long sys_getxattr(int nr, const char *path, const char *name,
			 void *value, unsigned long size)
{
	return my_syscall4(nr, path, name, value, size);
}

static long sys_fgetxattr(int fd, const char *name, void *value,
			  unsigned long size)
{
	return my_syscall4(__NR_fgetxattr, fd, name, value, size);
}

static long sys_listxattr(int nr, const char *path, char *list,
			  unsigned long size)
{
	return my_syscall3(nr, path, list, size);
}

static long sys_flistxattr(int fd, char *list, unsigned long size)
{
	return my_syscall3(__NR_flistxattr, fd, list, size);
}

static long sys_removexattr(int nr, const char *path, const char *name)
{
	return my_syscall2(nr, path, name);
}

static long sys_fremovexattr(int fd, const char *name)
{
	return my_syscall2(__NR_fremovexattr, fd, name);
}

/* is @name in the NUL-separated @list of @len bytes? */
static int listed(const char *list, long len, const char *name)
{
	long i = 0;

	while (i < len) {
		if (!strcmp(list + i, name))
			return 1;
		i += strlen(list + i) + 1;
	}
	return 0;
}

/* Every call fails with ENOSYS, on a file that exists and through its fd. */
static void test_enosys(void)
{
	static const struct {
		const char *name;
		int nr;
		int kind;	/* 0 set, 1 get, 2 list, 3 remove */
	} calls[] = {
		{ "setxattr", __NR_setxattr, 0 },
		{ "lsetxattr", __NR_lsetxattr, 0 },
		{ "getxattr", __NR_getxattr, 1 },
		{ "lgetxattr", __NR_lgetxattr, 1 },
		{ "listxattr", __NR_listxattr, 2 },
		{ "llistxattr", __NR_llistxattr, 2 },
		{ "removexattr", __NR_removexattr, 3 },
		{ "lremovexattr", __NR_lremovexattr, 3 },
	};
	char what[64];
	unsigned int i;
	long ret = 0;
	int fd;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		switch (calls[i].kind) {
		case 0:
			ret = sys_setxattr(calls[i].nr, SYSDIR, "trusted.t", "v", 1, 0);
			break;
		case 1:
			ret = sys_getxattr(calls[i].nr, SYSDIR, "trusted.t", buf, sizeof(buf));
			break;
		case 2:
			ret = sys_listxattr(calls[i].nr, SYSDIR, buf, sizeof(buf));
			break;
		case 3:
			ret = sys_removexattr(calls[i].nr, SYSDIR, "trusted.t");
			break;
		}
		strcpy(what, calls[i].name);
		strlcat(what, "(2) fails with ENOSYS", sizeof(what));
		ktap_result(ret == -ENOSYS, what, NULL);
		if (ret != -ENOSYS)
			note(calls[i].name, ret);
	}

	fd = open(SYSDIR, O_RDONLY | O_DIRECTORY, 0);
	ret = sys_fsetxattr(fd, "trusted.t", "v", 1, 0);
	ktap_result(ret == -ENOSYS, "fsetxattr(2) fails with ENOSYS", NULL);
	if (ret != -ENOSYS)
		note("fsetxattr", ret);
	ret = sys_fgetxattr(fd, "trusted.t", buf, sizeof(buf));
	ktap_result(ret == -ENOSYS, "fgetxattr(2) fails with ENOSYS", NULL);
	if (ret != -ENOSYS)
		note("fgetxattr", ret);
	ret = sys_flistxattr(fd, buf, sizeof(buf));
	ktap_result(ret == -ENOSYS, "flistxattr(2) fails with ENOSYS", NULL);
	if (ret != -ENOSYS)
		note("flistxattr", ret);
	ret = sys_fremovexattr(fd, "trusted.t");
	ktap_result(ret == -ENOSYS, "fremovexattr(2) fails with ENOSYS", NULL);
	if (ret != -ENOSYS)
		note("fremovexattr", ret);
	/* bad arguments too: the call is not there to check them */
	ret = sys_fgetxattr(-1, NULL, NULL, 0);
	ktap_result(ret == -ENOSYS, "fgetxattr(2) on a bad fd fails with ENOSYS",
		    NULL);
	if (ret != -ENOSYS)
		note("fgetxattr(-1)", ret);
	if (fd >= 0)
		close(fd);
}

/* Attributes on kernfs through the path, l* and f* forms of each call. */
static void test_kernfs(void)
{
	long ret, len;
	int fd, ok;

	ret = sys_setxattr(__NR_setxattr, SYSDIR, "trusted.tinify", "one", 3,
			   XATTR_CREATE);
	ktap_result(ret == 0, "setxattr(2) sets a trusted.* attribute on sysfs",
		    NULL);
	if (ret)
		note("setxattr", ret);
	ret = sys_setxattr(__NR_setxattr, SYSDIR, "trusted.tinify", "two", 3,
			   XATTR_CREATE);
	ktap_result(ret == -EEXIST, "setxattr(2) XATTR_CREATE on an existing name: EEXIST",
		    NULL);
	if (ret != -EEXIST)
		note("setxattr XATTR_CREATE", ret);

	ret = sys_getxattr(__NR_getxattr, SYSDIR, "trusted.tinify", NULL, 0);
	len = sys_getxattr(__NR_getxattr, SYSDIR, "trusted.tinify", buf, sizeof(buf));
	ktap_result(ret == 3 && len == 3 && !memcmp(buf, "one", 3),
		    "getxattr(2) gives the size, then the value", NULL);
	if (len != 3)
		note("getxattr", len);

	ret = sys_setxattr(__NR_lsetxattr, SYSDIR, "trusted.tinify-l", "lvalue", 6,
			   0);
	len = sys_getxattr(__NR_lgetxattr, SYSDIR, "trusted.tinify-l", buf,
			   sizeof(buf));
	ktap_result(ret == 0 && len == 6 && !memcmp(buf, "lvalue", 6),
		    "lsetxattr(2) and lgetxattr(2) set and read a value", NULL);
	if (ret || len != 6)
		note("lsetxattr/lgetxattr", ret ? ret : len);

	fd = open(SYSDIR, O_RDONLY | O_DIRECTORY, 0);
	ret = sys_fsetxattr(fd, "trusted.tinify-f", "fvalue!", 7, 0);
	len = sys_fgetxattr(fd, "trusted.tinify-f", buf, sizeof(buf));
	ktap_result(fd >= 0 && ret == 0 && len == 7 && !memcmp(buf, "fvalue!", 7),
		    "fsetxattr(2) and fgetxattr(2) set and read a value", NULL);
	if (ret || len != 7)
		note("fsetxattr/fgetxattr", ret ? ret : len);

	len = sys_listxattr(__NR_listxattr, SYSDIR, buf, sizeof(buf));
	ok = len > 0 && listed(buf, len, "trusted.tinify") &&
	     listed(buf, len, "trusted.tinify-l") &&
	     listed(buf, len, "trusted.tinify-f");
	ktap_result(ok, "listxattr(2) lists the three names", NULL);
	if (!ok)
		note("listxattr", len);
	len = sys_listxattr(__NR_llistxattr, SYSDIR, buf, sizeof(buf));
	ret = sys_flistxattr(fd, buf + 256, sizeof(buf) - 256);
	ok = len > 0 && ret == len && !memcmp(buf, buf + 256, len);
	ktap_result(ok, "llistxattr(2) and flistxattr(2) list the same", NULL);
	if (!ok)
		note("llistxattr/flistxattr", len);

	ret = sys_setxattr(__NR_setxattr, SYSDIR, "trusted.tinify", "three!", 6,
			   XATTR_REPLACE);
	len = sys_getxattr(__NR_getxattr, SYSDIR, "trusted.tinify", buf, 2);
	ktap_result(ret == 0 && len == -ERANGE,
		    "XATTR_REPLACE replaces; a short buffer gives ERANGE", NULL);

	ret = sys_removexattr(__NR_removexattr, SYSDIR, "trusted.tinify");
	len = sys_getxattr(__NR_getxattr, SYSDIR, "trusted.tinify", buf, sizeof(buf));
	ktap_result(ret == 0 && len == -ENODATA,
		    "removexattr(2) removes: getxattr(2) then gives ENODATA", NULL);
	if (ret || len != -ENODATA)
		note("removexattr/getxattr", ret ? ret : len);
	ret = sys_removexattr(__NR_lremovexattr, SYSDIR, "trusted.tinify-l");
	len = sys_fremovexattr(fd, "trusted.tinify-f");
	ok = ret == 0 && len == 0 &&
	     sys_listxattr(__NR_listxattr, SYSDIR, buf, sizeof(buf)) == 0;
	ktap_result(ok, "lremovexattr(2) and fremovexattr(2) remove; none left",
		    NULL);
	if (!ok)
		note("lremovexattr/fremovexattr", ret ? ret : len);
	if (fd >= 0)
		close(fd);
}

/* ramfs has no xattr handler: the call is there and says so. */
static void test_ramfs(void)
{
	long ret, len;
	int fd;

	fd = open(DIR "/f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ret = sys_setxattr(__NR_setxattr, DIR "/f", "user.tinify", "v", 1, 0);
	len = sys_listxattr(__NR_listxattr, DIR "/f", buf, sizeof(buf));
	ktap_result(ret == -EOPNOTSUPP && len == 0,
		    "ramfs: setxattr(2) EOPNOTSUPP, listxattr(2) empty", NULL);
	if (ret != -EOPNOTSUPP || len)
		note("ramfs setxattr/listxattr", ret != -EOPNOTSUPP ? ret : len);
	if (fd >= 0)
		close(fd);
	unlink(DIR "/f");
}

/* Files, a directory and a symbolic link, without any xattr call. */
static void test_files(void)
{
	int fd, ok, n;

	fd = open(DIR "/a", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ok = fd >= 0 && write(fd, "tinify\n", 7) == 7;
	if (fd >= 0)
		close(fd);
	ok = ok && mkdir(DIR "/d", 0755) == 0 &&
	     symlink("../a", DIR "/d/l") == 0 &&
	     my_rename(DIR "/a", DIR "/b") == 0 &&
	     symlink("../b", DIR "/d/m") == 0;
	fd = open(DIR "/d/m", O_RDONLY, 0);
	n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
	if (fd >= 0)
		close(fd);
	ok = ok && n == 7 && !memcmp(buf, "tinify\n", 7) &&
	     my_readlink(DIR "/d/l", buf, sizeof(buf)) == 4 &&
	     unlink(DIR "/d/l") == 0 && unlink(DIR "/d/m") == 0 &&
	     rmdir(DIR "/d") == 0 && unlink(DIR "/b") == 0;
	ktap_result(ok, "files, a directory and a symlink: made, read, renamed, removed",
		    NULL);
}

/* run busybox with @argv, stdout to @out; its exit status, or -1 */
static int busybox(char *const argv[], const char *out)
{
	char *envp[] = { NULL };
	int pid, fd, status = -1;

	pid = fork();
	if (pid == 0) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			exit(126);
		execve("/bin/busybox", argv, envp);
		exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* busybox cp -a and ls -l, where busybox runs */
static void test_busybox(void)
{
	char *cp[] = { "busybox", "cp", "-a", DIR "/src", DIR "/dst", NULL };
	char *ls[] = { "busybox", "ls", "-l", DIR "/dst", NULL };
	const char *what = "busybox cp -a copies a tree, ls -l lists it";
	int fd, ok, n;

	fd = open("/bin/busybox", O_RDONLY, 0);
	if (fd < 0) {
		ktap_skip(what, "no /bin/busybox");
		return;
	}
	close(fd);
	mkdir(DIR "/src", 0750);
	fd = open(DIR "/src/f", O_RDWR | O_CREAT | O_TRUNC, 0640);
	ok = fd >= 0 && write(fd, "copy me\n", 8) == 8;
	if (fd >= 0)
		close(fd);
	ok = ok && symlink("f", DIR "/src/l") == 0;
	n = busybox(cp, DIR "/cp.out");
	if (n == 127) {
		ktap_skip(what, "/bin/busybox does not run here");
		return;
	}
	ok = ok && n == 0 && busybox(ls, DIR "/ls.out") == 0;
	fd = open(DIR "/dst/f", O_RDONLY, 0);
	n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
	if (fd >= 0)
		close(fd);
	ok = ok && n == 8 && !memcmp(buf, "copy me\n", 8) &&
	     my_readlink(DIR "/dst/l", buf, sizeof(buf)) == 1;
	fd = open(DIR "/ls.out", O_RDONLY, 0);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	ok = ok && my_strstr(buf, "-rw-r-----") && my_strstr(buf, "l -> f");
	ktap_result(ok, what, NULL);
	if (!ok)
		printf("# ls -l printed: %s\n", buf);
	unlink(DIR "/src/f");
	unlink(DIR "/src/l");
	rmdir(DIR "/src");
	unlink(DIR "/dst/f");
	unlink(DIR "/dst/l");
	rmdir(DIR "/dst");
	unlink(DIR "/cp.out");
	unlink(DIR "/ls.out");
}

/* io_uring's own view of its xattr operations. */
static void test_io_uring(int want)
{
	static const int ops[] = {
		IORING_OP_FSETXATTR, IORING_OP_SETXATTR,
		IORING_OP_FGETXATTR, IORING_OP_GETXATTR,
	};
	static struct {
		struct io_uring_probe probe;
		struct io_uring_probe_op ops[256];
	} pr;
	static struct io_uring_params params;
	const char *what = want ? "io_uring supports its four xattr operations" :
				  "io_uring reports its xattr operations unsupported";
	unsigned int i;
	int fd, ok = 1;
	long ret;

	fd = my_syscall2(__NR_io_uring_setup, 1, &params);
	if (fd < 0) {
		ktap_skip(what, "no io_uring in this kernel");
		return;
	}
	ret = my_syscall4(__NR_io_uring_register, fd, IORING_REGISTER_PROBE,
			  &pr, 256);
	close(fd);
	if (ret < 0 || pr.probe.ops_len <= IORING_OP_GETXATTR) {
		ktap_result(0, what, NULL);
		note("IORING_REGISTER_PROBE", ret);
		return;
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!!(pr.ops[ops[i]].flags & IO_URING_OP_SUPPORTED) != want)
			ok = 0;
	ktap_result(ok, what, NULL);
}

int main(int argc, char **argv)
{
	int on;

	on = ktap_on_off(argc, argv);
	if (on < 0)
		return 2;
	mkdir(DIR, 0755);

	ktap_start();
	if (on) {
		test_kernfs();		/* 11 */
		test_ramfs();		/* 1 */
	} else {
		test_enosys();		/* 13 */
	}
	test_files();			/* 1 */
	test_busybox();			/* 1 */
	test_io_uring(on);		/* 1 */

	rmdir(DIR);
	return ktap_finish();
}
