/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktap.h: KTAP output for tinify's in-guest test programs, which are built
 * with the kernel tree's nolibc (tools/mkinitramfs adds this directory to
 * the include path). One way to report, for every program:
 *
 *	ktap_start();                      "TAP version 13"
 *	ktap_result(ok, what, detail);     "ok N what detail" / "not ok N ..."
 *	ktap_skip(what, why);              "ok N what # SKIP why"
 *	return ktap_finish();              "# Totals: ..."; 0 iff none failed
 *
 * Results are numbered here, and no program counts them by hand: the plan
 * line is left out, as KTAP allows when the number of tests is not known
 * in advance (several programs skip or add cases by what the kernel has).
 * The host (selftests/lib.sh's guest_ktap) re-emits each result line.
 */
#ifndef TINIFY_KTAP_H
#define TINIFY_KTAP_H

static int ktap_tests, ktap_failed, ktap_skipped;

static inline void ktap_start(void)
{
	printf("TAP version 13\n");
}

/* @detail (may be NULL) follows @what after a space */
static inline void ktap_result(int ok, const char *what, const char *detail)
{
	ktap_tests++;
	if (!ok)
		ktap_failed++;
	printf("%sok %d %s%s%s\n", ok ? "" : "not ", ktap_tests, what,
	       detail ? " " : "", detail ? detail : "");
}

static inline void ktap_skip(const char *what, const char *why)
{
	ktap_tests++;
	ktap_skipped++;
	printf("ok %d %s # SKIP %s\n", ktap_tests, what, why);
}

/* the whole program skipped: "1..0 # SKIP why" is KTAP's form for it */
static inline int ktap_skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	return 0;
}

static inline int ktap_finish(void)
{
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n",
	       ktap_tests - ktap_failed - ktap_skipped, ktap_failed,
	       ktap_skipped);
	return ktap_failed ? 1 : 0;
}

/*
 * The one argument of an option's guest test: "on" (1) where the profile
 * has the option, "off" (0) where it does not; -1, after a usage line,
 * for anything else.
 */
static inline int ktap_on_off(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "on"))
		return 1;
	if (argc == 2 && !strcmp(argv[1], "off"))
		return 0;
	printf("usage: %s on|off\n", argc ? argv[0] : "test");
	return -1;
}

#endif
