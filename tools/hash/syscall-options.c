// SPDX-License-Identifier: GPL-2.0
/*
 * Options whose =n removes system calls, checked against Linux 6.12
 * (kernel/sys_ni.c COND_SYSCALL entries, the Kconfig entries and the
 * Makefiles that build the objects) and against this series' patches.
 * Syscall names are the entry points of arch/x86/entry/syscalls/
 * syscall_{32,64}.tbl without "sys_", as the hash trigger's .syscall
 * modifier prints them (sys_NAME). Objects: built objects whose code the
 * option removes; "dir/" means every object in dir/built-in.a. Options that
 * only remove code inside a larger file list no object.
 */
#include "syscall-options.h"

const struct syscall_option syscall_options[] = {
	{ "SPLICE", "tinify", "splice vmsplice tee sendfile sendfile64", "" },
	{ "PERF_EVENTS", "tinify", "perf_event_open", "kernel/events/" },
	{ "XATTR_SYSCALLS", "tinify",
	  "setxattr lsetxattr fsetxattr getxattr lgetxattr fgetxattr "
	  "listxattr llistxattr flistxattr removexattr lremovexattr fremovexattr",
	  "io_uring/xattr.o" },
	{ "MAPPING_SYSCALLS", "tinify",
	  "mremap mlock mlock2 munlock mlockall munlockall mincore msync",
	  "mm/mincore.o mm/msync.o" },
	{ "PTRACE", "tinify", "ptrace", "" },
	{ "NEW_MOUNT_API", "tinify",
	  "open_tree move_mount fsopen fsconfig fsmount fspick mount_setattr "
	  "statmount listmount", "fs/fsopen.o" },
	{ "FHANDLE", "6.12", "name_to_handle_at open_by_handle_at", "fs/fhandle.o" },
	{ "AIO", "6.12",
	  "io_setup io_destroy io_submit io_cancel io_getevents io_getevents_time32 "
	  "io_pgetevents io_pgetevents_time32", "fs/aio.o" },
	{ "IO_URING", "6.12", "io_uring_setup io_uring_enter io_uring_register", "io_uring/" },
	{ "ADVISE_SYSCALLS", "6.12",
	  "madvise process_madvise fadvise64 fadvise64_64 ia32_fadvise64 ia32_fadvise64_64",
	  "mm/madvise.o" },
	{ "MEMBARRIER", "6.12", "membarrier", "" },
	{ "EPOLL", "6.12",
	  "epoll_create epoll_create1 epoll_ctl epoll_wait epoll_pwait epoll_pwait2",
	  "fs/eventpoll.o" },
	{ "SIGNALFD", "6.12", "signalfd signalfd4", "fs/signalfd.o" },
	{ "TIMERFD", "6.12",
	  "timerfd_create timerfd_settime timerfd_gettime timerfd_settime32 timerfd_gettime32",
	  "fs/timerfd.o" },
	{ "EVENTFD", "6.12", "eventfd eventfd2", "fs/eventfd.o" },
	{ "INOTIFY_USER", "6.12",
	  "inotify_init inotify_init1 inotify_add_watch inotify_rm_watch",
	  "fs/notify/inotify/" },
	{ "FANOTIFY", "6.12", "fanotify_init fanotify_mark", "fs/notify/fanotify/" },
	{ "SYSVIPC", "6.12",
	  "ipc msgget msgctl old_msgctl msgrcv msgsnd semget semctl old_semctl "
	  "semop semtimedop semtimedop_time32 shmget shmctl old_shmctl shmat shmdt",
	  "ipc/util.o ipc/msgutil.o ipc/msg.o ipc/sem.o ipc/shm.o ipc/syscall.o" },
	{ "POSIX_MQUEUE", "6.12",
	  "mq_open mq_unlink mq_timedsend mq_timedsend_time32 mq_timedreceive "
	  "mq_timedreceive_time32 mq_notify mq_getsetattr", "ipc/mqueue.o" },
	{ "KCMP", "6.12", "kcmp", "kernel/kcmp.o" },
	{ "RSEQ", "6.12", "rseq", "kernel/rseq.o" },
	{ "FUTEX", "6.12",
	  "futex futex_time32 set_robust_list get_robust_list futex_waitv "
	  "futex_wake futex_wait futex_requeue", "kernel/futex/" },
	{ "UID16", "6.12",
	  "chown16 fchown16 lchown16 getuid16 geteuid16 getgid16 getegid16 "
	  "setuid16 setgid16 setreuid16 setregid16 setresuid16 getresuid16 "
	  "setresgid16 getresgid16 setfsuid16 setfsgid16 getgroups16 setgroups16",
	  "kernel/uid16.o" },
	{ "MULTIUSER", "6.12",
	  "setuid setgid setreuid setregid setresuid getresuid setresgid getresgid "
	  "setfsuid setfsgid getgroups setgroups capget capset "
	  "chown16 fchown16 lchown16 getuid16 geteuid16 getgid16 getegid16 "
	  "setuid16 setgid16 setreuid16 setregid16 setresuid16 getresuid16 "
	  "setresgid16 getresgid16 setfsuid16 setfsgid16 getgroups16 setgroups16",
	  "kernel/groups.o kernel/uid16.o" },
	{ "SGETMASK_SYSCALL", "6.12", "sgetmask ssetmask", "" },
	{ "SYSFS_SYSCALL", "6.12", "sysfs", "" },
	{ "CROSS_MEMORY_ATTACH", "6.12", "process_vm_readv process_vm_writev",
	  "mm/process_vm_access.o" },
	{ "USELIB", "6.12", "uselib", "" },
	{ "MODIFY_LDT_SYSCALL", "6.12", "modify_ldt", "arch/x86/kernel/ldt.o" },
	{ "X86_IOPL_IOPERM", "6.12", "iopl ioperm", "" },
	{ "X86_LEGACY_VM86", "6.12", "vm86 vm86old", "arch/x86/kernel/vm86_32.o" },
	{ "BPF_SYSCALL", "6.12", "bpf", "kernel/bpf/" },
	{ "USERFAULTFD", "6.12", "userfaultfd", "fs/userfaultfd.o mm/userfaultfd.o" },
	{ "QUOTACTL", "6.12", "quotactl quotactl_fd", "fs/quota/quota.o fs/quota/kqid.o" },
	{ "SWAP", "6.12", "swapon swapoff",
	  "mm/page_io.o mm/swap_state.o mm/swapfile.o mm/swap_slots.o" },
	{ "CACHESTAT_SYSCALL", "6.12", "cachestat", "" },
	{ "FILE_LOCKING", "6.12", "flock", "fs/locks.o" },
	{ "POSIX_TIMERS", "6.12",
	  "timer_create timer_gettime timer_gettime32 timer_getoverrun timer_settime "
	  "timer_settime32 timer_delete clock_adjtime clock_adjtime32 getitimer "
	  "setitimer alarm",
	  "kernel/time/posix-timers.o kernel/time/posix-cpu-timers.o "
	  "kernel/time/posix-clock.o kernel/time/itimer.o" },
	{ "BSD_PROCESS_ACCT", "6.12", "acct", "kernel/acct.o" },
	{ "KEXEC", "6.12", "kexec_load", "kernel/kexec.o" },
	{ "KEXEC_FILE", "6.12", "kexec_file_load", "kernel/kexec_file.o" },
	{ "MODULES", "6.12", "init_module finit_module delete_module", "kernel/module/" },
	{ "SECCOMP", "6.12", "seccomp", "kernel/seccomp.o" },
	{ "KEYS", "6.12", "add_key request_key keyctl", "security/keys/" },
	{ "SECRETMEM", "6.12", "memfd_secret", "mm/secretmem.o" },
	{ "SECURITY_LANDLOCK", "6.12",
	  "landlock_create_ruleset landlock_add_rule landlock_restrict_self",
	  "security/landlock/" },
	{ "NET", "6.12",
	  "socket socketpair bind listen accept accept4 connect getsockname "
	  "getpeername setsockopt getsockopt sendto recvfrom sendmsg recvmsg "
	  "shutdown sendmmsg recvmmsg recvmmsg_time32 socketcall", "net/" },
	{ "COMPAT_32BIT_TIME", "6.12",
	  "time32 stime32 utime32 adjtimex_time32 sched_rr_get_interval_time32 "
	  "nanosleep_time32 rt_sigtimedwait_time32 futex_time32 io_getevents_time32 "
	  "io_pgetevents_time32 timer_settime32 timer_gettime32 clock_settime32 "
	  "clock_gettime32 clock_getres_time32 clock_nanosleep_time32 utimes_time32 "
	  "futimesat_time32 pselect6_time32 ppoll_time32 utimensat_time32 "
	  "mq_timedsend_time32 mq_timedreceive_time32 timerfd_settime32 "
	  "timerfd_gettime32 recvmmsg_time32 clock_adjtime32 semtimedop_time32", "" },
};

const size_t nr_syscall_options = sizeof(syscall_options) / sizeof(syscall_options[0]);
