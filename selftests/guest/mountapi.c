// SPDX-License-Identifier: GPL-2.0
/*
 * mountapi: in-guest test of CONFIG_NEW_MOUNT_API (tinify).
 *
 *   /t/mountapi off   the kernel was built with CONFIG_NEW_MOUNT_API=n:
 *                     fsopen, fspick, fsconfig, fsmount, move_mount,
 *                     open_tree, mount_setattr, statmount and listmount
 *                     fail with ENOSYS.
 *   /t/mountapi on    CONFIG_NEW_MOUNT_API=y: a ramfs is created with
 *                     fsopen/fsconfig/fsmount, attached with move_mount,
 *                     cloned with open_tree, made read-only with
 *                     mount_setattr, reconfigured through fspick, and
 *                     found by listmount and statmount.
 *
 * In both modes mount(2) must do what it did: mount a ramfs, bind it,
 * remount the bind read-only, move it, list it in /proc/self/mounts, and
 * umount2(2) it; and, where /bin/busybox runs (x86_64 guests), busybox
 * mount, mount (to list) and umount must work.
 *
 * Built with the kernel's tools/include/nolibc, for i386 and x86_64; prints
 * KTAP and exits 0 iff no test failed. Mount points live in /mountapi.tmp
 * on the initramfs root.
 */
#include <linux/mount.h>

#include "ktap.h"

#define DIR	"/mountapi.tmp"

#ifndef MS_RDONLY
#define MS_RDONLY	1
#endif
#ifndef MS_REMOUNT
#define MS_REMOUNT	32
#endif
#ifndef MS_BIND
#define MS_BIND		4096
#endif
#ifndef MS_MOVE
#define MS_MOVE		8192
#endif
#ifndef MNT_ID_REQ_SIZE_VER0
#define MNT_ID_REQ_SIZE_VER0	24
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC	02000000
#endif

static char buf[8192];

static void note(const char *what, long ret)
{
	printf("# %s: returned %ld\n", what, ret);
}

static int has(const char *s, const char *what)
{
	size_t n = strlen(what);

	for (; *s; s++)
		if (!strncmp(s, what, n))
			return 1;
	return 0;
}

static long sys_fsopen(const char *fs, unsigned int flags)
{
	return my_syscall2(__NR_fsopen, fs, flags);
}

static long sys_fsconfig(int fd, unsigned int cmd, const char *key,
			 const void *value, int aux)
{
	return my_syscall5(__NR_fsconfig, fd, cmd, key, value, aux);
}

static long sys_fsmount(int fd, unsigned int flags, unsigned int attr)
{
	return my_syscall3(__NR_fsmount, fd, flags, attr);
}

static long sys_fspick(int dfd, const char *path, unsigned int flags)
{
	return my_syscall3(__NR_fspick, dfd, path, flags);
}

static long sys_move_mount(int from_dfd, const char *from, int to_dfd,
			   const char *to, unsigned int flags)
{
	return my_syscall5(__NR_move_mount, from_dfd, from, to_dfd, to, flags);
}

static long sys_open_tree(int dfd, const char *path, unsigned int flags)
{
	return my_syscall3(__NR_open_tree, dfd, path, flags);
}

static long sys_mount_setattr(int dfd, const char *path, unsigned int flags,
			      struct mount_attr *attr, unsigned long size)
{
	return my_syscall5(__NR_mount_setattr, dfd, path, flags, attr, size);
}

static long sys_statmount(struct mnt_id_req *req, void *sm, unsigned long size,
			  unsigned int flags)
{
	return my_syscall4(__NR_statmount, req, sm, size, flags);
}

static long sys_listmount(struct mnt_id_req *req, unsigned long long *ids,
			  unsigned long n, unsigned int flags)
{
	return my_syscall4(__NR_listmount, req, ids, n, flags);
}

/* create @path and write a line to it: 0, or -errno */
static int make_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -errno;	/* nolibc's open() returns -1 and sets errno */
	if (write(fd, "tinify\n", 7) != 7) {
		close(fd);
		return -EIO;
	}
	close(fd);
	return 0;
}

static int file_is_there(const char *path)
{
	int fd = open(path, O_RDONLY, 0), n;

	n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
	if (fd >= 0)
		close(fd);
	return n == 7 && !memcmp(buf, "tinify\n", 7);
}

static void test_enosys(void)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
	struct mnt_id_req req = { .size = MNT_ID_REQ_SIZE_VER0,
				  .mnt_id = LSMT_ROOT };
	unsigned long long ids[4];
	long ret[9];
	static const char * const names[] = {
		"fsopen", "fspick", "fsconfig", "fsmount", "move_mount",
		"open_tree", "mount_setattr", "statmount", "listmount",
	};
	char what[64];
	int i;

	ret[0] = sys_fsopen("ramfs", FSOPEN_CLOEXEC);
	ret[1] = sys_fspick(AT_FDCWD, "/", FSPICK_CLOEXEC);
	ret[2] = sys_fsconfig(0, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
	ret[3] = sys_fsmount(0, FSMOUNT_CLOEXEC, 0);
	ret[4] = sys_move_mount(AT_FDCWD, DIR "/a", AT_FDCWD, DIR "/b", 0);
	ret[5] = sys_open_tree(AT_FDCWD, "/", OPEN_TREE_CLONE);
	ret[6] = sys_mount_setattr(AT_FDCWD, "/", 0, &attr, sizeof(attr));
	ret[7] = sys_statmount(&req, buf, sizeof(buf), 0);
	ret[8] = sys_listmount(&req, ids, 4, 0);
	for (i = 0; i < 9; i++) {
		strcpy(what, names[i]);
		strlcat(what, "(2) fails with ENOSYS", sizeof(what));
		ktap_result(ret[i] == -ENOSYS, what, NULL);
		if (ret[i] != -ENOSYS) {
			note(names[i], ret[i]);
			if (ret[i] >= 0 && i != 6)
				close(ret[i]);
		}
	}
}

/* statmount @id: does it say ramfs mounted at @point? */
static int statmount_is(unsigned long long id, const char *point)
{
	struct mnt_id_req req = { .size = MNT_ID_REQ_SIZE_VER0, .mnt_id = id,
				  .param = STATMOUNT_MNT_BASIC |
					   STATMOUNT_MNT_POINT | STATMOUNT_FS_TYPE };
	struct statmount *sm = (struct statmount *)buf;

	if (sys_statmount(&req, sm, sizeof(buf), 0))
		return 0;
	return sm->mnt_id == id &&
	       (sm->mask & STATMOUNT_MNT_POINT) && (sm->mask & STATMOUNT_FS_TYPE) &&
	       !strcmp(sm->str + sm->mnt_point, point) &&
	       !strcmp(sm->str + sm->fs_type, "ramfs");
}

static void test_new_api(void)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
	struct mnt_id_req req = { .size = MNT_ID_REQ_SIZE_VER0,
				  .mnt_id = LSMT_ROOT };
	static unsigned long long ids[256];
	long fd, mfd, tfd, ret, n, i;
	int ok, found_a = 0, found_b = 0;

	fd = sys_fsopen("ramfs", FSOPEN_CLOEXEC);
	ret = fd >= 0 ? sys_fsconfig(fd, FSCONFIG_SET_STRING, "mode", "0755", 0) : fd;
	ret = ret ? ret : sys_fsconfig(fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
	mfd = ret ? ret : sys_fsmount(fd, FSMOUNT_CLOEXEC, 0);
	ktap_result(fd >= 0 && mfd >= 0,
		    "fsopen(2), fsconfig(2) and fsmount(2) make a detached ramfs", NULL);
	if (fd < 0 || mfd < 0)
		note("fsopen/fsconfig/fsmount", fd < 0 ? fd : mfd);
	if (fd >= 0)
		close(fd);
	if (mfd < 0)
		return;

	ret = sys_move_mount(mfd, "", AT_FDCWD, DIR "/a", MOVE_MOUNT_F_EMPTY_PATH);
	close(mfd);
	ok = ret == 0 && make_file(DIR "/a/f") == 0 && file_is_there(DIR "/a/f");
	ktap_result(ok, "move_mount(2) attaches it", NULL);
	if (!ok) {
		note("move_mount", ret);
		return;
	}

	tfd = sys_open_tree(AT_FDCWD, DIR "/a", OPEN_TREE_CLONE | O_CLOEXEC);
	ret = tfd >= 0 ? sys_move_mount(tfd, "", AT_FDCWD, DIR "/b",
					MOVE_MOUNT_F_EMPTY_PATH) : tfd;
	if (tfd >= 0)
		close(tfd);
	ok = ret == 0 && file_is_there(DIR "/b/f");
	ktap_result(ok, "open_tree(2) OPEN_TREE_CLONE clones it, move_mount(2) attaches the clone",
		    NULL);
	if (!ok)
		note("open_tree/move_mount", ret);

	ret = sys_mount_setattr(AT_FDCWD, DIR "/b", 0, &attr, sizeof(attr));
	ok = ret == 0 && make_file(DIR "/b/g") == -EROFS &&
	     make_file(DIR "/a/g") == 0 && file_is_there(DIR "/b/g");
	ktap_result(ok, "mount_setattr(2) makes the clone read-only, not the original",
		    NULL);
	if (!ok)
		note("mount_setattr", ret);

	fd = sys_fspick(AT_FDCWD, DIR "/a", FSPICK_CLOEXEC);
	ret = fd >= 0 ? sys_fsconfig(fd, FSCONFIG_CMD_RECONFIGURE, NULL, NULL, 0) : fd;
	ktap_result(fd >= 0 && ret == 0,
		    "fspick(2) and fsconfig(2) FSCONFIG_CMD_RECONFIGURE", NULL);
	if (fd < 0 || ret)
		note("fspick/fsconfig", ret);
	if (fd >= 0)
		close(fd);

	n = sys_listmount(&req, ids, 256, 0);
	for (i = 0; i < n; i++) {
		found_a |= statmount_is(ids[i], DIR "/a");
		found_b |= statmount_is(ids[i], DIR "/b");
	}
	ktap_result(n >= 2 && found_a && found_b,
		    "listmount(2) lists both mounts, statmount(2) names them", NULL);
	if (n < 2 || !found_a || !found_b)
		printf("# listmount: %ld ids, a %d, b %d\n", n, found_a, found_b);

	ok = umount2(DIR "/b", 0) == 0 && umount2(DIR "/a", 0) == 0;
	ktap_result(ok, "umount2(2) detaches both", NULL);
}

/* /proc/self/mounts has a ramfs line at @point */
static int mounts_has(const char *point)
{
	char line[128];
	int fd, n, got = 0;

	fd = open("/proc/self/mounts", O_RDONLY, 0);
	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = 0;
	strcpy(line, " ");
	strlcat(line, point, sizeof(line));
	strlcat(line, " ramfs ", sizeof(line));
	return has(buf, line);
}

static void test_mount(void)
{
	long ret;
	int ok, listed;

	ret = mount("none", DIR "/a", "ramfs", 0, "mode=0755");
	ok = ret == 0 && make_file(DIR "/a/f") == 0 && file_is_there(DIR "/a/f");
	ktap_result(ok, "mount(2) mounts a ramfs", NULL);
	if (!ok) {
		note("mount", ret);
		return;
	}
	ret = mount(DIR "/a", DIR "/b", NULL, MS_BIND, NULL);
	ok = ret == 0 && file_is_there(DIR "/b/f");
	ktap_result(ok, "mount(2) MS_BIND binds it", NULL);
	if (!ok)
		note("mount MS_BIND", ret);
	ret = mount(NULL, DIR "/b", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL);
	ok = ret == 0 && make_file(DIR "/b/g") == -EROFS && make_file(DIR "/a/g") == 0;
	ktap_result(ok, "mount(2) MS_REMOUNT|MS_BIND|MS_RDONLY: the bind is read-only",
		    NULL);
	if (!ok)
		note("mount MS_REMOUNT", ret);
	ret = mount(DIR "/b", DIR "/c", NULL, MS_MOVE, NULL);
	ok = ret == 0 && file_is_there(DIR "/c/f") && !file_is_there(DIR "/b/f");
	ktap_result(ok, "mount(2) MS_MOVE moves the bind", NULL);
	if (!ok)
		note("mount MS_MOVE", ret);
	listed = mounts_has(DIR "/a");
	if (listed < 0)
		ktap_skip("/proc/self/mounts lists the mounts", "no /proc/self/mounts");
	else
		ktap_result(listed && mounts_has(DIR "/c") == 1 &&
			    !mounts_has(DIR "/b"),
			    "/proc/self/mounts lists the mounts", NULL);
	ok = umount2(DIR "/c", 0) == 0 && umount2(DIR "/a", 0) == 0 &&
	     !file_is_there(DIR "/a/f");
	ktap_result(ok, "umount2(2) unmounts them", NULL);
}

/* run busybox sh -c @cmd; its exit status, or -1 */
static int busybox_sh(const char *cmd)
{
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	char *envp[] = { "PATH=/bin:/sbin:/usr/bin", NULL };
	int pid, status = -1;

	pid = fork();
	if (pid == 0) {
		execve("/bin/sh", argv, envp);
		exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void test_busybox(void)
{
	const char *what = "busybox mount, mount (listing) and umount";
	int fd, st;

	fd = open("/bin/busybox", O_RDONLY, 0);
	if (fd < 0) {
		ktap_skip(what, "no /bin/busybox");
		return;
	}
	close(fd);
	st = busybox_sh("mount -t ramfs none " DIR "/a && echo x > " DIR "/a/x && "
			"mount | grep -q ' " DIR "/a type ramfs ' && umount " DIR "/a && "
			"! test -e " DIR "/a/x");
	if (st == 127) {
		ktap_skip(what, "/bin/busybox does not run here");
		return;
	}
	ktap_result(st == 0, what, NULL);
	if (st)
		printf("# busybox sh exited %d\n", st);
}

int main(int argc, char **argv)
{
	int on;

	on = ktap_on_off(argc, argv);
	if (on < 0)
		return 2;
	mkdir(DIR, 0755);
	mkdir(DIR "/a", 0755);
	mkdir(DIR "/b", 0755);
	mkdir(DIR "/c", 0755);

	ktap_start();
	if (on)
		test_new_api();		/* 7 */
	else
		test_enosys();		/* 9 */
	test_mount();			/* 6 */
	test_busybox();			/* 1 */

	rmdir(DIR "/a");
	rmdir(DIR "/b");
	rmdir(DIR "/c");
	rmdir(DIR);
	return ktap_finish();
}
