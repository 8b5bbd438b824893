/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by the hash tools: allocation, errors, strings. */
#ifndef HASH_UTIL_H
#define HASH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define EXIT_USAGE 2

void *xmalloc(size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Print "PROG: message" to stderr and exit 2. */
__attribute__((noreturn, format(printf, 2, 3)))
void die(const char *prog, const char *fmt, ...);

/* Grow *array (of *cap elements of elsize bytes) to hold at least need. */
void grow(void *array_ptr, size_t *cap, size_t need, size_t elsize);

/* Decimal (or 0x hex) integer, whole string; false if it is not one. */
bool parse_ll(const char *s, long long *out);
bool parse_hex_addr(const char *s, size_t len, unsigned long long *out);

/* A string that grows as text is appended. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
__attribute__((format(printf, 2, 3)))
void sb_addf(struct strbuf *sb, const char *fmt, ...);
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/* Open a named input, "-" being stdin; die() naming the file on failure. */
FILE *open_input(const char *prog, const char *path);
/* "stdin" for "-", else the path: for messages. */
const char *input_name(const char *path);

/* Is arg "--help"? Then the caller prints its usage to stdout, exit 0. */
bool is_help(const char *arg);

/* Option value: argv[*i] is the option, the value is argv[*i + 1]. */
const char *option_value(const char *prog, int argc, char **argv, int *i);
long long option_number(const char *prog, int argc, char **argv, int *i,
			long long min);

#endif
