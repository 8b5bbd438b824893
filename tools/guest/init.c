// SPDX-License-Identifier: GPL-2.0
/*
 * init for tinify's test guests, built with the kernel tree's nolibc for
 * i386 and x86_64 alike.
 *
 * It mounts /proc, /sys, /dev, tracefs and debugfs, runs the command the
 * host put in /tinify/cmd (NUL-separated argv) with its stdin on /dev/null
 * and its stdout and stderr on /dev/ttyS1, then writes
 *
 *	<<tinify-exit NONCE STATUS>>
 *
 * on ttyS1 and reboots (QEMU runs with -no-reboot, so it exits). The kernel
 * console stays on ttyS0, so the command's output and the console never mix,
 * and NONCE (from /tinify/nonce) makes the marker one the host can trust.
 * STATUS is the exit code, or 128 + the signal that killed the command.
 * Without /tinify/cmd it runs itself as "init --probe" to check that fork,
 * exec and ELF loading work, and reports that.
 *
 * With networking it gives eth0 QEMU user networking's guest address,
 * 10.0.2.15/24 (lo too gets up); without IPv4 (the pings device, whose
 * TCP/IP runs in userspace) it only sets eth0 up.
 *
 * SIGTERM makes init exit, which panics the kernel: tests use it to check
 * that the host sees a panic.
 */
#include <linux/reboot.h>
#include <linux/fs.h>
#include <asm/termbits.h>
#include <asm/ioctls.h>
#include <linux/in.h>
#include <linux/sockios.h>

#define CMD_FILE	"/tinify/cmd"
#define NONCE_FILE	"/tinify/nonce"
#define OUT_TTY		"/dev/ttyS1"
/*
 * The kernel's uapi has no AF_ or SOCK_ constants, nor has nolibc, and its
 * linux/if.h needs a libc's sys/socket.h: what init needs of them.
 */
#define TINIFY_AF_INET		2
#define TINIFY_AF_PACKET	17
#define TINIFY_SOCK_DGRAM	2
#define TINIFY_IFF_UP		0x1
struct tinify_ifreq {		/* struct ifreq */
	char name[16];		/* IFNAMSIZ */
	union {
		struct sockaddr_in addr;
		short flags;
		char size[24];	/* its largest member, struct ifmap */
	};
};

#define NET_IF		"eth0"
#define NET_ADDR	0x0a00020fU	/* 10.0.2.15, QEMU user net's guest */
#define NET_MASK	0xffffff00U	/* /24 */
#define MAX_ARGS	64
#define CMD_MAX		8192

#ifndef __NR_rt_sigprocmask
#error "no rt_sigprocmask"
#endif

static char cmdbuf[CMD_MAX];
static char *cmd_argv[MAX_ARGS + 1];
static char nonce[64] = "none";

static void msg(const char *s)
{
	write(2, "tinify-init: ", 13);
	write(2, s, strlen(s));
	write(2, "\n", 1);
}

static void try_mount(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	mount(src, dir, type, 0, NULL);	/* absent filesystems are fine */
}

static long read_file(const char *path, char *buf, long size)
{
	long n, got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while (got < size && (n = read(fd, buf + got, size - got)) > 0)
		got += n;
	close(fd);
	return got;
}

static int if_set_up(int fd, const char *name)
{
	struct tinify_ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.name, name, sizeof(ifr.name));
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	ifr.flags |= TINIFY_IFF_UP;
	return ioctl(fd, SIOCSIFFLAGS, &ifr);
}

/* SIOCSIFADDR or SIOCSIFNETMASK of @name to @addr (host byte order) */
static int if_set_inet(int fd, const char *name, unsigned long req,
		       unsigned int addr)
{
	struct tinify_ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.name, name, sizeof(ifr.name));
	ifr.addr.sin_family = TINIFY_AF_INET;
	ifr.addr.sin_addr.s_addr = __builtin_bswap32(addr);	/* x86: LE */
	return ioctl(fd, req, &ifr);
}

static void net_up(void)
{
	int fd = my_syscall3(__NR_socket, TINIFY_AF_INET, TINIFY_SOCK_DGRAM, 0);

	if (fd >= 0) {
		if_set_up(fd, "lo");
		if (if_set_inet(fd, NET_IF, SIOCSIFADDR, NET_ADDR) < 0 ||
		    if_set_inet(fd, NET_IF, SIOCSIFNETMASK, NET_MASK) < 0)
			msg("cannot give " NET_IF " its address");
	} else {
		fd = my_syscall3(__NR_socket, TINIFY_AF_PACKET,
				 TINIFY_SOCK_DGRAM, 0);
	}
	if (fd < 0)
		return;		/* no networking */
	if (if_set_up(fd, NET_IF) < 0 && errno != ENODEV)
		msg("cannot set " NET_IF " up");
	close(fd);
}

/* Split the NUL-separated command file into cmd_argv. */
static int load_command(void)
{
	long len = read_file(CMD_FILE, cmdbuf, sizeof(cmdbuf) - 1);
	long i;
	int argc = 0;

	if (len <= 0)
		return 0;
	cmdbuf[len] = 0;
	for (i = 0; i < len && argc < MAX_ARGS; i += strlen(cmdbuf + i) + 1)
		cmd_argv[argc++] = cmdbuf + i;
	cmd_argv[argc] = NULL;
	return argc;
}

static void load_nonce(void)
{
	long n = read_file(NONCE_FILE, nonce, sizeof(nonce) - 1);

	if (n > 0) {
		while (n > 0 && (nonce[n - 1] == '\n' || nonce[n - 1] == ' '))
			n--;
		nonce[n] = 0;
	}
}

/* Raw output on the command tty: no CR added to each LF. */
static void make_raw(int fd)
{
	struct termios t;

	if (ioctl(fd, TCGETS, &t) == 0) {
		t.c_oflag &= ~OPOST;
		t.c_lflag &= ~(ECHO | ICANON | ISIG);
		ioctl(fd, TCSETS, &t);
	}
}

static void block_signals(unsigned long long mask)
{
	my_syscall4(__NR_rt_sigprocmask, SIG_BLOCK, &mask, NULL, 8);
}

/*
 * Wait for SIGCHLD or SIGTERM (both blocked, so they stay pending). A tiny
 * i386 kernel has no 32-bit time syscalls (COMPAT_32BIT_TIME=n), so use the
 * time64 one where it exists.
 */
#ifdef __NR_rt_sigtimedwait_time64
#define NR_SIGTIMEDWAIT __NR_rt_sigtimedwait_time64
#else
#define NR_SIGTIMEDWAIT __NR_rt_sigtimedwait
#endif
static int wait_signal(unsigned long long mask)
{
	return my_syscall4(NR_SIGTIMEDWAIT, &mask, NULL, NULL, 8);
}

static void run_child(int out)
{
	static char *envp[] = {
		"PATH=/bin:/sbin:/usr/bin:/usr/sbin:/t", "HOME=/", "TERM=dumb",
		NULL
	};
	unsigned long long none = 0;
	int null = open("/dev/null", O_RDWR);

	my_syscall4(__NR_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
	setsid();
	dup2(null >= 0 ? null : out, 0);
	dup2(out, 1);
	dup2(out, 2);
	if (out > 2)
		close(out);
	if (null > 2)
		close(null);
	chdir("/");
	execve(cmd_argv[0], cmd_argv, envp);
	printf("tinify-init: cannot run %s: errno %d\n", cmd_argv[0], errno);
	exit(127);
}

static int status_of(int st)
{
	if ((st & 0x7f) == 0)
		return (st >> 8) & 0xff;	/* exited */
	return 128 + (st & 0x7f);		/* killed by a signal */
}

/* Reap children until @child is gone; exit (and so panic) on SIGTERM. */
static int wait_for(int child)
{
	unsigned long long mask = (1ULL << (SIGCHLD - 1)) | (1ULL << (SIGTERM - 1));
	int st, pid, sig;

	for (;;) {
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			if (pid == child)
				return status_of(st);
		sig = wait_signal(mask);
		if (sig == SIGTERM) {
			msg("SIGTERM: exiting, as asked");
			exit(1);
		}
		if (sig < 0 && sig != -EINTR && sig != -EAGAIN) {
			msg("rt_sigtimedwait failed: polling");
			msleep(10);
		}
	}
}

static void report(int out, int status)
{
	char line[128];

	line[0] = 0;
	strlcat(line, "\n<<tinify-exit ", sizeof(line));
	strlcat(line, nonce, sizeof(line));
	strlcat(line, " ", sizeof(line));
	strlcat(line, utoa(status), sizeof(line));
	strlcat(line, ">>\n", sizeof(line));
	write(out, line, strlen(line));
	fsync(out);
	/*
	 * tcdrain(): fsync() does not wait for the UART, and the reboot
	 * that follows could drop the marker still in the transmit queue
	 * (seen as "no exit status" on a loaded host).
	 */
	ioctl(out, TCSBRK, (void *)1);
}

int main(int argc, char **argv)
{
	static char *probe[] = { "/init", "--probe", NULL };
	int out, child, status;

	if (argc > 1 && !strcmp(argv[1], "--probe"))
		return getpid() > 1 ? 0 : 1;
	if (getpid() != 1) {
		msg("must run as pid 1");
		return 1;
	}
	block_signals((1ULL << (SIGCHLD - 1)) | (1ULL << (SIGTERM - 1)));
	try_mount("proc", "/proc", "proc");
	try_mount("sysfs", "/sys", "sysfs");
	try_mount("devtmpfs", "/dev", "devtmpfs");
	/* Without sysfs (tiny) tracefs still gets its usual place. */
	mkdir("/sys/kernel", 0755);
	try_mount("tracefs", "/sys/kernel/tracing", "tracefs");
	try_mount("debugfs", "/sys/kernel/debug", "debugfs");
	mkdir("/tmp", 01777);
	net_up();

	out = open(OUT_TTY, O_RDWR | O_NOCTTY);
	if (out < 0) {
		msg("cannot open " OUT_TTY);
		out = 1;
	} else {
		make_raw(out);
	}
	load_nonce();
	if (!load_command()) {
		cmd_argv[0] = probe[0];
		cmd_argv[1] = probe[1];
		cmd_argv[2] = NULL;
	}

	child = fork();
	if (child == 0)
		run_child(out);
	status = child < 0 ? 126 : wait_for(child);
	report(out, status);
	my_syscall0(__NR_sync);
	reboot(LINUX_REBOOT_CMD_RESTART);
	msg("reboot failed");
	for (;;)
		sleep(3600);
}
