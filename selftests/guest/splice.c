// SPDX-License-Identifier: GPL-2.0
/*
 * splice: in-guest test of CONFIG_SPLICE (tinify).
 *
 *   /t/splice off   the kernel was built with CONFIG_SPLICE=n: splice,
 *                   vmsplice, tee, sendfile (and sendfile64 on i386) fail
 *                   with ENOSYS, io_uring reports IORING_OP_SPLICE/TEE as
 *                   unsupported, and what used splice inside the kernel
 *                   (copy_file_range's generic copy) still copies right.
 *   /t/splice on    CONFIG_SPLICE=y: the same calls move the right data.
 *
 * In both modes busybox cat (which tries sendfile first) must copy a file
 * byte for byte, where /bin/busybox runs (x86_64 guests), and overlayfs
 * must copy a file up right, where the kernel has overlayfs and tmpfs.
 *
 * Built with the kernel's tools/include/nolibc, for i386 and x86_64; prints
 * KTAP and exits 0 iff no test failed. Scratch files live in /splice.tmp on
 * the initramfs root (ramfs or tmpfs).
 */
#include <linux/io_uring.h>
#include <linux/uio.h>

#include "ktap.h"

#define DIR	"/splice.tmp"
#define SRC	DIR "/src"
#define DST	DIR "/dst"
#define OVL	DIR "/ovl"
#define SIZE	(3 * 4096 + 1234)	/* several pages and a tail */

#ifndef AF_UNIX
#define AF_UNIX		1
#endif
#ifndef SOCK_STREAM
#define SOCK_STREAM	1
#endif

static unsigned char pattern[SIZE];
static unsigned char buf[SIZE + 64];

/* a result, or a skip when @skip says why the case cannot run here */
static void result(int ok, const char *what, const char *skip)
{
	if (skip)
		ktap_skip(what, skip);
	else
		ktap_result(ok, what, NULL);
}

static void note(const char *what, long ret)
{
	printf("# %s: returned %ld\n", what, ret);
}

static void fill_pattern(void)
{
	unsigned int x = 0x2545f491;
	int i;

	for (i = 0; i < SIZE; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		pattern[i] = x >> 24;
	}
}

static int make_file(const char *path, const void *data, int len)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -1;
	if (len && write(fd, data, len) != len) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Does @path hold exactly @len bytes equal to @data? */
static int file_is(const char *path, const void *data, int len)
{
	int fd = open(path, O_RDONLY, 0);
	int n, got = 0;

	if (fd < 0)
		return 0;
	while ((n = read(fd, buf + got, sizeof(buf) - got)) > 0)
		got += n;
	close(fd);
	return got == len && memcmp(buf, data, len) == 0;
}

/* Read up to @len bytes from a pipe (or file) until EOF or @len. */
static int read_full(int fd, void *dst, int len)
{
	int n, got = 0;

	while (got < len && (n = read(fd, (char *)dst + got, len - got)) > 0)
		got += n;
	return got;
}

static long sys_splice(int in, long long *off_in, int out, long long *off_out,
		       unsigned long len, unsigned int flags)
{
	return my_syscall6(__NR_splice, in, off_in, out, off_out, len, flags);
}

static long sys_tee(int in, int out, unsigned long len, unsigned int flags)
{
	return my_syscall4(__NR_tee, in, out, len, flags);
}

static long sys_vmsplice(int fd, const struct iovec *iov, unsigned long n,
			 unsigned int flags)
{
	return my_syscall4(__NR_vmsplice, fd, iov, n, flags);
}

/* On x86_64 __NR_sendfile is the loff_t one; i386 has both. */
static long sys_sendfile(int out, int in, void *off, unsigned long count)
{
	return my_syscall4(__NR_sendfile, out, in, off, count);
}

static long sys_copy_file_range(int in, long long *off_in, int out,
				long long *off_out, unsigned long len,
				unsigned int flags)
{
	return my_syscall6(__NR_copy_file_range, in, off_in, out, off_out,
			   len, flags);
}

/* Every call of the family is gone: ENOSYS, whatever the arguments. */
static void test_enosys(void)
{
	struct iovec iov = { pattern, 16 };
	long long off = 0;
	int p[2] = { -1, -1 };
	long ret;

	pipe(p);
	ret = sys_splice(p[0], NULL, p[1], NULL, 16, 0);
	result(ret == -ENOSYS, "splice(2) fails with ENOSYS", NULL);
	if (ret != -ENOSYS)
		note("splice", ret);
	ret = sys_vmsplice(p[1], &iov, 1, 0);
	result(ret == -ENOSYS, "vmsplice(2) fails with ENOSYS", NULL);
	if (ret != -ENOSYS)
		note("vmsplice", ret);
	ret = sys_tee(p[0], p[1], 16, 0);
	result(ret == -ENOSYS, "tee(2) fails with ENOSYS", NULL);
	if (ret != -ENOSYS)
		note("tee", ret);
	ret = sys_sendfile(p[1], p[0], &off, 16);
	result(ret == -ENOSYS, "sendfile(2) fails with ENOSYS", NULL);
	if (ret != -ENOSYS)
		note("sendfile", ret);
#ifdef __NR_sendfile64
	ret = my_syscall4(__NR_sendfile64, p[1], p[0], &off, 16);
	result(ret == -ENOSYS, "sendfile64(2) fails with ENOSYS", NULL);
	if (ret != -ENOSYS)
		note("sendfile64", ret);
#else
	result(1, "sendfile64(2) fails with ENOSYS", "no sendfile64 on this arch");
#endif
	close(p[0]);
	close(p[1]);
}

/* sendfile file->file with an offset, and file->pipe. */
static void test_sendfile(void)
{
	int in, out, p[2], ok;
	long long off64 = 100;
	long off = 100;
	long ret;

	in = make_file(SRC, pattern, SIZE);
	out = make_file(DST, NULL, 0);
	lseek(in, 7, SEEK_SET);
	/* i386 sendfile takes an off_t, x86_64's a loff_t. */
	if (sizeof(long) == 8)
		ret = sys_sendfile(out, in, &off64, SIZE);
	else
		ret = sys_sendfile(out, in, &off, SIZE);
	ok = ret == SIZE - 100 && (sizeof(long) == 8 ? off64 : off) == SIZE &&
	     lseek(in, 0, SEEK_CUR) == 7 && lseek(out, 0, SEEK_CUR) == SIZE - 100;
	close(out);
	result(ok && file_is(DST, pattern + 100, SIZE - 100),
	       "sendfile(2) file to file with an offset", NULL);
	if (!ok)
		note("sendfile", ret);

#ifdef __NR_sendfile64
	out = make_file(DST, NULL, 0);
	off64 = 4095;
	ret = my_syscall4(__NR_sendfile64, out, in, &off64, 5000);
	ok = ret == 5000 && off64 == 4095 + 5000;
	close(out);
	result(ok && file_is(DST, pattern + 4095, 5000),
	       "sendfile64(2) file to file with an offset", NULL);
	if (!ok)
		note("sendfile64", ret);
#else
	result(1, "sendfile64(2) file to file with an offset",
	       "no sendfile64 on this arch");
#endif

	pipe(p);
	lseek(in, 0, SEEK_SET);
	ret = sys_sendfile(p[1], in, NULL, 4000);
	ok = ret == 4000 && lseek(in, 0, SEEK_CUR) == 4000 &&
	     read_full(p[0], buf, 4000) == 4000 && !memcmp(buf, pattern, 4000);
	result(ok, "sendfile(2) file to pipe", NULL);
	if (!ok)
		note("sendfile to pipe", ret);
	close(p[0]);
	close(p[1]);
	close(in);
}

/* sendfile to a stream socket goes through splice_to_socket(). */
static void test_sendfile_socket(void)
{
	const char *what = "sendfile(2) file to a unix stream socket";
	int in, sv[2], ok;
	long long off = 3;
	long ret;

	ret = my_syscall4(__NR_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
	if (ret < 0) {
		result(1, what, "no unix sockets in this kernel");
		return;
	}
	in = make_file(SRC, pattern, SIZE);
#ifdef __NR_sendfile64
	ret = my_syscall4(__NR_sendfile64, sv[0], in, &off, 5000);
#else
	ret = sys_sendfile(sv[0], in, &off, 5000);	/* loff_t here */
#endif
	ok = ret == 5000 && off == 5003 &&
	     read_full(sv[1], buf, 5000) == 5000 && !memcmp(buf, pattern + 3, 5000);
	result(ok, what, NULL);
	if (!ok)
		note("sendfile to socket", ret);
	close(in);
	close(sv[0]);
	close(sv[1]);
}

/* splice file->pipe->file, tee pipe->pipe, vmsplice memory->pipe. */
static void test_splice_family(void)
{
	int in, out, p[2], q[2], ok, moved = 0;
	struct iovec iov[2] = { { pattern, 1000 }, { pattern + 3000, 2000 } };
	long long off_in = 10, off_out = 0;
	long ret = 0;

	in = make_file(SRC, pattern, SIZE);
	out = make_file(DST, NULL, 0);
	pipe(p);
	while (moved < SIZE - 10) {
		ret = sys_splice(in, &off_in, p[1], NULL, SIZE - 10 - moved, 0);
		if (ret <= 0)
			break;
		ret = sys_splice(p[0], NULL, out, &off_out, ret, 0);
		if (ret <= 0)
			break;
		moved += ret;
	}
	ok = moved == SIZE - 10 && off_in == SIZE && off_out == SIZE - 10 &&
	     lseek(in, 0, SEEK_CUR) == SIZE;	/* untouched by off_in */
	close(out);
	result(ok && file_is(DST, pattern + 10, SIZE - 10),
	       "splice(2) file to pipe to file", NULL);
	if (!ok)
		note("splice", moved ? moved : ret);
	close(in);

	pipe(q);
	write(p[1], pattern, 3000);
	ret = sys_tee(p[0], q[1], 3000, 0);
	ok = ret == 3000 && read_full(q[0], buf, 3000) == 3000 &&
	     !memcmp(buf, pattern, 3000) &&
	     read_full(p[0], buf, 3000) == 3000 && !memcmp(buf, pattern, 3000);
	result(ok, "tee(2) duplicates a pipe's data", NULL);
	if (!ok)
		note("tee", ret);
	close(q[0]);
	close(q[1]);

	ret = sys_vmsplice(p[1], iov, 2, 0);
	ok = ret == 3000 && read_full(p[0], buf, 3000) == 3000 &&
	     !memcmp(buf, pattern, 1000) && !memcmp(buf + 1000, pattern + 3000, 2000);
	result(ok, "vmsplice(2) user memory to pipe", NULL);
	if (!ok)
		note("vmsplice", ret);
	close(p[0]);
	close(p[1]);
}

/*
 * copy_file_range() on one filesystem without a copy method goes through
 * do_splice_direct(), which CONFIG_SPLICE=n turns into a read/write copy.
 */
static void test_copy_file_range(void)
{
	long long off_in = 1, off_out = 4096;
	int in, out, ok;
	long ret;

	in = make_file(SRC, pattern, SIZE);
	out = make_file(DST, NULL, 0);
	lseek(in, 0, SEEK_SET);
	ret = sys_copy_file_range(in, NULL, out, NULL, SIZE, 0);
	ok = ret == SIZE && lseek(in, 0, SEEK_CUR) == SIZE &&
	     lseek(out, 0, SEEK_CUR) == SIZE;
	result(ok && file_is(DST, pattern, SIZE),
	       "copy_file_range(2) copies a whole file", NULL);
	if (!ok)
		note("copy_file_range", ret);

	/* With offsets: file positions stay, holes read back as zeroes. */
	ret = sys_copy_file_range(in, &off_in, out, &off_out, 5000, 0);
	ok = ret == 5000 && off_in == 5001 && off_out == 9096 &&
	     lseek(in, 0, SEEK_CUR) == SIZE && lseek(out, 0, SEEK_CUR) == SIZE;
	if (ok) {
		static unsigned char want[SIZE];

		memcpy(want, pattern, SIZE);
		memcpy(want + 4096, pattern + 1, 5000);
		ok = file_is(DST, want, SIZE);
	}
	result(ok, "copy_file_range(2) with offsets inside a file", NULL);
	if (!ok)
		note("copy_file_range with offsets", ret);

	/* At end of file: nothing to copy. */
	off_in = SIZE;
	ret = sys_copy_file_range(in, &off_in, out, NULL, 100, 0);
	result(ret == 0, "copy_file_range(2) at end of file copies nothing",
	       NULL);
	close(in);
	close(out);
}

/* busybox cat tries sendfile first and falls back to read/write. */
static void test_busybox_cat(void)
{
	char *argv[] = { "busybox", "cat", SRC, NULL };
	char *envp[] = { NULL };
	int fd, status = -1, pid;

	fd = open("/bin/busybox", O_RDONLY, 0);
	if (fd < 0) {
		result(1, "busybox cat copies a file byte for byte",
		       "no /bin/busybox");
		return;
	}
	close(fd);
	close(make_file(SRC, pattern, SIZE));
	pid = fork();
	if (pid == 0) {
		fd = make_file(DST, NULL, 0);
		if (fd < 0 || dup2(fd, 1) < 0)
			exit(126);
		close(fd);
		execve("/bin/busybox", argv, envp);
		exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		result(1, "busybox cat copies a file byte for byte",
		       "/bin/busybox does not run here");
		return;
	}
	result(WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	       file_is(DST, pattern, SIZE),
	       "busybox cat copies a file byte for byte", NULL);
}

/*
 * overlayfs copies a lower file up with do_splice_direct(), which
 * CONFIG_SPLICE=n turns into a read/write copy. Upper and work dirs on a
 * tmpfs; skipped where the kernel has no overlayfs or no tmpfs.
 */
static void test_overlay_copy_up(void)
{
	const char *what = "overlayfs copies a file up byte for byte";
	static unsigned char want[SIZE];
	int fd, ok = 0;

	if (mkdir(OVL, 0755) || mount("tmpfs", OVL, "tmpfs", 0, NULL)) {
		result(1, what, "no tmpfs for the upper layer");
		rmdir(OVL);
		return;
	}
	mkdir(OVL "/lower", 0755);
	mkdir(OVL "/upper", 0755);
	mkdir(OVL "/work", 0755);
	mkdir(OVL "/merged", 0755);
	close(make_file(OVL "/lower/f", pattern, SIZE));
	if (mount("overlay", OVL "/merged", "overlay", 0,
		  "lowerdir=" OVL "/lower,upperdir=" OVL "/upper,workdir="
		  OVL "/work")) {
		result(1, what, "no overlayfs in this kernel");
		goto out;
	}
	/* Opening for writing copies up; then change the first byte. */
	fd = open(OVL "/merged/f", O_RDWR, 0);
	if (fd >= 0) {
		memcpy(want, pattern, SIZE);
		want[0] ^= 0xff;
		ok = write(fd, want, 1) == 1;
		close(fd);
	}
	ok = ok && file_is(OVL "/upper/f", want, SIZE) &&
	     file_is(OVL "/merged/f", want, SIZE) &&
	     file_is(OVL "/lower/f", pattern, SIZE);
	result(ok, what, NULL);
	umount2(OVL "/merged", 0);
out:
	umount2(OVL, 0);
	rmdir(OVL);
}

/* Plain pipes do not depend on splice. */
static void test_pipe(void)
{
	int p[2], ok;

	ok = pipe(p) == 0 && write(p[1], pattern, 4096) == 4096 &&
	     read_full(p[0], buf, 4096) == 4096 && !memcmp(buf, pattern, 4096);
	result(ok, "pipe read and write", NULL);
	close(p[0]);
	close(p[1]);
}

/* io_uring's own view of IORING_OP_SPLICE and IORING_OP_TEE. */
static void test_io_uring(int want)
{
	static struct {
		struct io_uring_probe probe;
		struct io_uring_probe_op ops[256];
	} pr;
	static struct io_uring_params params;
	const char *what = want ? "io_uring supports SPLICE and TEE" :
				  "io_uring reports SPLICE and TEE unsupported";
	int fd, splice_ok, tee_ok;
	long ret;

	fd = my_syscall2(__NR_io_uring_setup, 1, &params);
	if (fd < 0) {
		result(1, what, "no io_uring in this kernel");
		return;
	}
	ret = my_syscall4(__NR_io_uring_register, fd, IORING_REGISTER_PROBE,
			  &pr, 256);
	close(fd);
	if (ret < 0 || pr.probe.ops_len <= IORING_OP_TEE) {
		result(0, what, NULL);
		note("IORING_REGISTER_PROBE", ret);
		return;
	}
	splice_ok = !!(pr.ops[IORING_OP_SPLICE].flags & IO_URING_OP_SUPPORTED);
	tee_ok = !!(pr.ops[IORING_OP_TEE].flags & IO_URING_OP_SUPPORTED);
	result(splice_ok == want && tee_ok == want, what, NULL);
}

int main(int argc, char **argv)
{
	int on;

	on = ktap_on_off(argc, argv);
	if (on < 0)
		return 2;
	fill_pattern();
	mkdir(DIR, 0755);

	ktap_start();
	if (on) {
		test_sendfile();		/* 3 */
		test_sendfile_socket();		/* 1 */
		test_splice_family();		/* 3 */
	} else {
		test_enosys();			/* 5 */
	}
	test_copy_file_range();			/* 3 */
	test_busybox_cat();			/* 1 */
	test_overlay_copy_up();			/* 1 */
	test_pipe();				/* 1 */
	test_io_uring(on);			/* 1 */

	unlink(SRC);
	unlink(DST);
	rmdir(DIR);
	return ktap_finish();
}
