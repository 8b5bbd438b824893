/* SPDX-License-Identifier: GPL-2.0 */
/* Kconfig options that provide system calls, and what they compile. */
#ifndef SYSCALL_OPTIONS_H
#define SYSCALL_OPTIONS_H

#include <stddef.h>

struct syscall_option {
	const char *symbol;	/* CONFIG_ symbol without CONFIG_ */
	const char *origin;	/* "tinify" (this series) or "6.12" */
	const char *syscalls;	/* entry names without sys_, space separated */
	const char *objects;	/* what it compiles: "fs/aio.o", "io_uring/" */
};

extern const struct syscall_option syscall_options[];
extern const size_t nr_syscall_options;

#endif
