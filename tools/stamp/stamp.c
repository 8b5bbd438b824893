// SPDX-License-Identifier: GPL-2.0
/*
 * stamp: copy stdin to stdout unchanged and write each line, prefixed with
 * the host's monotonic time in seconds when it arrived, to FILE. tools/vm
 * uses it to time guest work from the host, since guest clocks under TCG
 * are unreliable.
 *
 *   stamp FILE < in > out
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	char line[4096];
	int at_start = 1;
	FILE *log;

	if (argc != 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fprintf(argc == 2 ? stdout : stderr,
			"usage: stamp FILE < in > out\n"
			"Copies stdin to stdout; writes \"SECONDS line\" to FILE for every line,\n"
			"SECONDS being CLOCK_MONOTONIC when the line was read.\n");
		return argc == 2 ? 0 : 2;
	}
	log = fopen(argv[1], "w");
	if (!log) {
		perror(argv[1]);
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		size_t len = strlen(line);

		fputs(line, stdout);
		if (at_start)
			fprintf(log, "%.6f ", now());
		fputs(line, log);
		at_start = len && line[len - 1] == '\n';
		if (at_start)
			fflush(log);
	}
	fclose(log);
	return 0;
}
