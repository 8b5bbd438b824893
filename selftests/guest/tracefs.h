/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefs.h: what tinify's in-guest trigger tests (hashcount, hashfuzz)
 * share on top of nolibc: tracefs's path, one 1 MiB buffer that get()
 * reads a file into, writing a trigger with put() (O_APPEND, or O_TRUNC),
 * and the string helpers nolibc lacks (find(), fmt(), num()).
 */
#ifndef TINIFY_TRACEFS_H
#define TINIFY_TRACEFS_H

#define TDIR	"/sys/kernel/tracing/"

static char buf[1 << 20];

/* nolibc has neither strstr() nor snprintf() */
static inline char *find(const char *s, const char *t)
{
	size_t n = strlen(t);

	for (; *s; s++)
		if (!strncmp(s, t, n))
			return (char *)s;
	return NULL;
}

/* fmt(): %d, %ld, %lu and %s only */
static inline void fmt(char *d, size_t size, const char *f, ...)
{
	char *end = d + size - 1;
	const char *s;
	va_list ap;

	va_start(ap, f);
	for (; *f && d < end; f++) {
		if (*f != '%') {
			*d++ = *f;
			continue;
		}
		f++;
		if (*f == 'l')
			f++;
		if (*f == 's')
			s = va_arg(ap, const char *);
		else if (*f == 'u')
			s = utoa(va_arg(ap, unsigned long));
		else if (f[-1] == 'l')
			s = ltoa(va_arg(ap, long));
		else
			s = itoa(va_arg(ap, int));
		while (*s && d < end)
			*d++ = *s++;
	}
	*d = 0;
	va_end(ap);
}

/* write @s to @path; 0 or -errno */
static inline int put(const char *path, const char *s, int trunc)
{
	int fd = open(path, O_WRONLY | (trunc ? O_TRUNC : O_APPEND));
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* read @path into buf; length or -1 */
static inline long get(const char *path)
{
	long n = 0, r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	return n;
}

static inline unsigned long num(const char *s)
{
	unsigned long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}

#endif
