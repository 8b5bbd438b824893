// SPDX-License-Identifier: GPL-2.0
/*
 * vmcheck: small actions the harness tests of tools/vm ask the guest for,
 * on both arches (the i386 guest has no shell).
 *
 *   vmcheck exit N        exit with status N
 *   vmcheck print TEXT    print TEXT on stdout, exit 0
 *   vmcheck sleep S       sleep S seconds, exit 0
 *   vmcheck kill-init     send SIGTERM to pid 1 (init exits, kernel panics)
 *   vmcheck signal N      kill itself with signal N
 */
static int usage(void)
{
	fprintf(stderr, "usage: vmcheck exit N | print TEXT | sleep S | kill-init | signal N\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "exit") && argc == 3)
		return atoi(argv[2]);
	if (!strcmp(argv[1], "print") && argc == 3) {
		printf("%s\n", argv[2]);
		return 0;
	}
	if (!strcmp(argv[1], "sleep") && argc == 3) {
		sleep(atoi(argv[2]));
		return 0;
	}
	if (!strcmp(argv[1], "kill-init") && argc == 2) {
		int ret = kill(1, SIGTERM);

		printf("kill(1, SIGTERM) = %d\n", ret);
		sleep(30);	/* the panic ends the guest first */
		return 1;
	}
	if (!strcmp(argv[1], "signal") && argc == 3) {
		kill(getpid(), atoi(argv[2]));
		return 1;
	}
	return usage();
}
