// SPDX-License-Identifier: GPL-2.0
/*
 * hashdump: print tracefs files from inside a guest that may have no shell
 * (the i386 guests), optionally pausing hash triggers first so that reading
 * a table does not add to it.
 *
 *   hashdump [--pause EVENT]... FILE...
 *
 * EVENT is <system>/<event>: every active hash trigger in its trigger file
 * is paused (its spec written back with ":pause", with >>). FILE is a path
 * under /sys/kernel/tracing (events/kmem/kmalloc/hash, error_log) or an
 * absolute path; each is printed after a line "==> FILE <==". A file that
 * cannot be opened is reported on stderr and makes the exit status 1.
 */
#define TRACING	"/sys/kernel/tracing/"
#define LINE_MAX_LEN	4096

static char buf[65536];

static int usage(void)
{
	fprintf(stderr, "usage: hashdump [--pause SYSTEM/EVENT]... FILE...\n");
	return 2;
}

static void path_of(char *out, size_t size, const char *a, const char *b,
		    const char *c)
{
	size_t n = 0;
	const char *parts[3] = { a, b, c };
	int i;

	for (i = 0; i < 3; i++) {
		const char *s = parts[i];

		while (s && *s && n + 1 < size)
			out[n++] = *s++;
	}
	out[n] = 0;
}

static long read_all(const char *path, char *dst, long size)
{
	long n, got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while (got < size - 1 && (n = read(fd, dst + got, size - 1 - got)) > 0)
		got += n;
	close(fd);
	dst[got] = 0;
	return got;
}

/* the first or last occurrence of T in S (nolibc has no strstr()) */
static const char *occurrence(const char *s, const char *t, int last)
{
	size_t n = strlen(t);
	const char *hit = NULL;

	for (; *s; s++) {
		if (strncmp(s, t, n))
			continue;
		hit = s;
		if (!last)
			break;
	}
	return hit;
}

/*
 * A trigger line "hash:SPEC[ if FILTER] [active]" becomes the command
 * "hash:SPEC:pause[ if FILTER]".
 */
static int pause_command(const char *line, char *cmd, size_t size)
{
	const char *end = occurrence(line, " [active]", 1);
	const char *filter = occurrence(line, " if ", 0);	/* specs have no spaces */
	size_t n = 0;
	const char *s;

	if (strncmp(line, "hash:", 5) || !end)
		return 0;
	if (!filter || filter > end)
		filter = end;
	for (s = line; s < filter && n + 1 < size; s++)
		cmd[n++] = *s;
	for (s = ":pause"; *s && n + 1 < size; s++)
		cmd[n++] = *s;
	for (s = filter; s < end && n + 1 < size; s++)
		cmd[n++] = *s;
	cmd[n] = 0;
	return 1;
}

static int pause_event(const char *event)
{
	char trigger[256], line[LINE_MAX_LEN], cmd[LINE_MAX_LEN];
	char *p, *nl;
	int fd, err = 0;

	path_of(trigger, sizeof(trigger), TRACING "events/", event, "/trigger");
	if (read_all(trigger, buf, sizeof(buf)) < 0) {
		fprintf(stderr, "hashdump: cannot read %s\n", trigger);
		return 1;
	}
	for (p = buf; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = 0;
		strncpy(line, p, sizeof(line) - 1);
		line[sizeof(line) - 1] = 0;
		if (!pause_command(line, cmd, sizeof(cmd)))
			continue;
		fd = open(trigger, O_WRONLY | O_APPEND);
		if (fd < 0 || write(fd, cmd, strlen(cmd)) < 0) {
			fprintf(stderr, "hashdump: cannot pause '%s' on %s\n", cmd, event);
			err = 1;
		}
		if (fd >= 0)
			close(fd);
	}
	return err;
}

static int dump(const char *file)
{
	char path[512];
	long n;
	int fd;

	if (file[0] == '/')
		path_of(path, sizeof(path), file, NULL, NULL);
	else
		path_of(path, sizeof(path), TRACING, file, NULL);
	printf("==> %s <==\n", file);
	fflush(stdout);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "hashdump: cannot open %s\n", path);
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, n);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, err = 0;

	for (; i + 1 < argc && !strcmp(argv[i], "--pause"); i += 2)
		err |= pause_event(argv[i + 1]);
	if (i >= argc || argv[i][0] == '-')
		return usage();
	for (; i < argc; i++)
		err |= dump(argv[i]);
	return err;
}
