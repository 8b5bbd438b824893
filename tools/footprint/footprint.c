// SPDX-License-Identifier: GPL-2.0
/*
 * footprint: the kernel size figures tinify reports, from `nm -n -S vmlinux`.
 *
 *   nm -n -S vmlinux | footprint measure --arch A --profile P \
 *           [--bzimage-bytes N] [--boot-ram KIB] [--in-use KIB]
 *           [--slab KIB]                               -> one TSV row
 *   footprint table < rows.tsv                         -> aligned tables
 *
 * See usage() for the definitions of the figures.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS	256
#define NAME_LEN	64

enum {
	F_CODE, F_RWDATA, F_RODATA, F_INIT, F_BSS, F_BZIMAGE, F_BOOTRAM,
	F_INUSE, F_SLAB, NFIG
};

static const char *const fig_names[NFIG] = {
	"code", "rwdata", "rodata", "init", "bss", "bzimage", "boot_ram_kib",
	"in_use_kib", "slab_kib",
};

struct row {
	char arch[NAME_LEN];
	char profile[NAME_LEN];
	long long fig[NFIG];	/* -1: not measured */
};

static void usage(FILE *f)
{
	fputs(
"usage: nm -n -S vmlinux | footprint measure --arch ARCH --profile NAME\n"
"                          [--bzimage-bytes N] [--boot-ram KIB]\n"
"                          [--in-use KIB] [--slab KIB]\n"
"       footprint header                 -> the TSV header line\n"
"       footprint table [--savings] < rows.tsv\n"
"\n"
"measure prints one tab-separated row:\n"
"  arch profile code rwdata rodata init bss bzimage boot_ram_kib\n"
"  in_use_kib slab_kib\n"
"  code     kernel code: on i386 _etext - _text (the boot log's \"kernel\n"
"           code\"); on x86_64, whose .text is padded to 2 MiB, the sum of\n"
"           the sizes of text symbols between _text and _etext\n"
"  rwdata   _edata - _sdata          rodata  __end_rodata - __start_rodata\n"
"  init     __init_end - __init_begin  bss   __bss_stop - __bss_start\n"
"  bzimage  --bzimage-bytes, boot_ram_kib --boot-ram, in_use_kib\n"
"           --in-use, slab_kib --slab (each -1 if not given)\n"
"table reads a header line and such rows (lines starting with # are\n"
"copied as notes) and prints them aligned, with thousands separators:\n"
"the size table, then the RAM table: static RAM (code + rwdata +\n"
"rodata + bss, what the image keeps for good), init (freed once init\n"
"runs), in use and slab (as the guest's /proc/meminfo has them), boot RAM.\n"
"With --savings, a row whose profile is BASE~CHANGE (e.g.\n"
"upstream~PERF_EVENTS=n) is shown as the code it saves relative to the\n"
"row BASE of the same arch, in code and in static and boot RAM.\n", f);
}

static void fail(const char *what)
{
	fprintf(stderr, "footprint: %s\n", what);
	exit(2);
}

static int parse_ll(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno || end == s || *end;
}

/* The section boundary symbols, by name. */
struct mark {
	const char *name;
	unsigned long long addr;
	int seen;
};

static struct mark marks[] = {
	{ .name = "_text" }, { .name = "_etext" }, { .name = "_sdata" }, { .name = "_edata" },
	{ .name = "__start_rodata" }, { .name = "__end_rodata" }, { .name = "__init_begin" },
	{ .name = "__init_end" }, { .name = "__bss_start" }, { .name = "__bss_stop" },
};

#define NMARKS (sizeof(marks) / sizeof(marks[0]))

static struct mark *find_mark(const char *name)
{
	size_t i;

	for (i = 0; i < NMARKS; i++)
		if (!strcmp(marks[i].name, name))
			return &marks[i];
	return NULL;
}

static unsigned long long mark_addr(const char *name)
{
	struct mark *m = find_mark(name);

	if (!m || !m->seen) {
		fprintf(stderr, "footprint: symbol %s not in the nm input\n", name);
		exit(2);
	}
	return m->addr;
}

/* A text symbol with a size, kept to sum the x86_64 code figure. */
struct sym {
	unsigned long long addr, size;
};

static struct sym *syms;
static size_t nsyms, syms_cap;

static void keep_sym(unsigned long long addr, unsigned long long size)
{
	if (nsyms == syms_cap) {
		syms_cap = syms_cap ? 2 * syms_cap : 4096;
		syms = realloc(syms, syms_cap * sizeof(*syms));
		if (!syms)
			fail("out of memory");
	}
	syms[nsyms].addr = addr;
	syms[nsyms++].size = size;
}

/* nm -n -S lines: "ADDR [SIZE] TYPE NAME". */
static void read_nm(FILE *in)
{
	char line[1024], a[64], b[64], c[512], d[512];
	unsigned long nlines = 0;

	while (fgets(line, sizeof(line), in)) {
		int n = sscanf(line, "%63s %63s %511s %511s", a, b, c, d);
		struct mark *m;

		nlines++;
		if (n == 3) {		/* no size */
			m = find_mark(c);
			if (m) {
				m->addr = strtoull(a, NULL, 16);
				m->seen = 1;
			}
		} else if (n == 4 && strchr("tTwW", c[0]) && !c[1]) {
			keep_sym(strtoull(a, NULL, 16), strtoull(b, NULL, 16));
		} else if (n == 4 && (m = find_mark(d))) {
			m->addr = strtoull(a, NULL, 16);
			m->seen = 1;
		}
	}
	if (!nlines)
		fail("no nm output on stdin (pipe `nm -n -S vmlinux` into it)");
}

static long long text_symbol_bytes(void)
{
	unsigned long long lo = mark_addr("_text"), hi = mark_addr("_etext");
	unsigned long long sum = 0;
	size_t i;

	for (i = 0; i < nsyms; i++)
		if (syms[i].addr >= lo && syms[i].addr < hi)
			sum += syms[i].size;
	return (long long)sum;
}

static long long span(const char *from, const char *to)
{
	return (long long)(mark_addr(to) - mark_addr(from));
}

static int cmd_measure(int argc, char **argv)
{
	const char *arch = NULL, *profile = NULL;
	long long bz = -1, ram = -1, inuse = -1, slab = -1, code;
	int i;

	for (i = 0; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			fail("option without a value (see --help)");
		if (!strcmp(opt, "--arch"))
			arch = val;
		else if (!strcmp(opt, "--profile"))
			profile = val;
		else if (!strcmp(opt, "--bzimage-bytes") && !parse_ll(val, &bz))
			;
		else if (!strcmp(opt, "--boot-ram") && !parse_ll(val, &ram))
			;
		else if (!strcmp(opt, "--in-use") && !parse_ll(val, &inuse))
			;
		else if (!strcmp(opt, "--slab") && !parse_ll(val, &slab))
			;
		else {
			fprintf(stderr, "footprint: bad option or value: %s %s\n", opt, val);
			return 2;
		}
		i++;
	}
	if (!arch || !profile)
		fail("measure needs --arch and --profile");
	if (strcmp(arch, "i386") && strcmp(arch, "x86_64"))
		fail("--arch must be i386 or x86_64");

	read_nm(stdin);
	code = !strcmp(arch, "i386") ? span("_text", "_etext") : text_symbol_bytes();
	printf("%s\t%s\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\n",
	       arch, profile, code, span("_sdata", "_edata"),
	       span("__start_rodata", "__end_rodata"),
	       span("__init_begin", "__init_end"),
	       span("__bss_start", "__bss_stop"), bz, ram, inuse, slab);
	return 0;
}

/* 1234567 -> "1,234,567"; negative -> "-". */
static const char *thousands(long long v, char *buf, size_t len)
{
	char digits[32];
	int n, i, o = 0;

	if (v < 0)
		return "-";
	n = snprintf(digits, sizeof(digits), "%lld", v);
	for (i = 0; i < n && o + 2 < (int)len; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = 0;
	return buf;
}

static int parse_row(char *line, struct row *r)
{
	char *f[2 + NFIG], *save = NULL, *tok;
	int n = 0, i;

	for (tok = strtok_r(line, "\t\n", &save); tok && n < 2 + NFIG;
	     tok = strtok_r(NULL, "\t\n", &save))
		f[n++] = tok;
	if (n != 2 + NFIG || strlen(f[0]) >= NAME_LEN || strlen(f[1]) >= NAME_LEN)
		return -1;
	strcpy(r->arch, f[0]);
	strcpy(r->profile, f[1]);
	for (i = 0; i < NFIG; i++)
		if (parse_ll(f[2 + i], &r->fig[i]))
			return -1;
	return 0;
}

static const struct row *find_row(const struct row *rows, int n,
				  const char *arch, const char *profile)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(rows[i].arch, arch) && !strcmp(rows[i].profile, profile))
			return &rows[i];
	return NULL;
}

/* What the kernel image keeps in RAM for good: all but init. */
static long long static_ram(const struct row *r)
{
	return r->fig[F_CODE] + r->fig[F_RWDATA] + r->fig[F_RODATA] + r->fig[F_BSS];
}

/* A KiB figure: "4,096K", or "-" when not measured. */
static const char *kib(long long v, char *buf, size_t len)
{
	char t[32];

	if (v < 0)
		return "-";
	snprintf(buf, len, "%sK", thousands(v, t, sizeof(t)));
	return buf;
}

static void print_sizes(const struct row *rows, int n)
{
	char b[NFIG][32];
	int i, j;

	printf("%-7s %-10s %11s %9s %9s %9s %9s %11s %9s\n", "arch", "profile",
	       "kernel code", "rwdata", "rodata", "init", "bss", "bzImage",
	       "boot RAM");
	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		if (strchr(r->profile, '~'))
			continue;
		for (j = 0; j < F_BOOTRAM; j++)
			thousands(r->fig[j], b[j], sizeof(b[j]));
		printf("%-7s %-10s %11s %9s %9s %9s %9s %11s %9s\n", r->arch,
		       r->profile, b[F_CODE], b[F_RWDATA], b[F_RODATA], b[F_INIT],
		       b[F_BSS], b[F_BZIMAGE],
		       kib(r->fig[F_BOOTRAM], b[F_BOOTRAM], sizeof(b[F_BOOTRAM])));
	}
}

static void print_ram(const struct row *rows, int n)
{
	char b[5][32];
	int i;

	printf("\n%-7s %-10s %11s %9s %11s %9s %9s\n", "arch", "profile",
	       "static RAM", "init", "in use", "slab", "boot RAM");
	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		if (strchr(r->profile, '~'))
			continue;
		printf("%-7s %-10s %11s %9s %11s %9s %9s\n", r->arch, r->profile,
		       thousands(static_ram(r), b[0], sizeof(b[0])),
		       thousands(r->fig[F_INIT], b[1], sizeof(b[1])),
		       kib(r->fig[F_INUSE], b[2], sizeof(b[2])),
		       kib(r->fig[F_SLAB], b[3], sizeof(b[3])),
		       kib(r->fig[F_BOOTRAM], b[4], sizeof(b[4])));
	}
}

/* REF - R of a figure, "?" when either was not measured, signed. */
static const char *saved(long long ref, long long r, char *buf, size_t len)
{
	if (ref < 0 || r < 0) {
		snprintf(buf, len, "?");
		return buf;
	}
	if (ref >= r)
		return thousands(ref - r, buf, len);
	buf[0] = '-';
	thousands(r - ref, buf + 1, len - 1);
	return buf;
}

static void print_savings(const struct row *rows, int n)
{
	int i, header = 0;

	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i], *ref;
		char base[NAME_LEN], b1[32], b2[32], b3[32], b4[32];
		const char *tilde = strchr(r->profile, '~');

		if (!tilde)
			continue;
		snprintf(base, sizeof(base), "%.*s", (int)(tilde - r->profile), r->profile);
		ref = find_row(rows, n, r->arch, base);
		if (!header++)
			printf("\n%-7s %-28s %11s %11s %11s %10s\n", "arch",
			       "option (vs its reference)", "code saved", "bzImage",
			       "static RAM", "boot RAM");
		if (!ref) {
			printf("%-7s %-28s %11s %11s %11s %10s\n", r->arch, r->profile,
			       "?", "?", "?", "?");
			continue;
		}
		saved(ref->fig[F_BOOTRAM], r->fig[F_BOOTRAM], b4, sizeof(b4) - 1);
		if (strcmp(b4, "?"))
			strcat(b4, "K");
		printf("%-7s %-28s %11s %11s %11s %10s\n", r->arch, r->profile,
		       saved(ref->fig[F_CODE], r->fig[F_CODE], b1, sizeof(b1)),
		       saved(ref->fig[F_BZIMAGE], r->fig[F_BZIMAGE], b2, sizeof(b2)),
		       saved(static_ram(ref), static_ram(r), b3, sizeof(b3)), b4);
	}
}

static int cmd_table(int argc, char **argv)
{
	static struct row rows[MAX_ROWS];
	char line[1024];
	int n = 0, savings = argc > 0 && !strcmp(argv[0], "--savings");
	unsigned long lineno = 0;

	if (argc > (savings ? 1 : 0))
		fail("table takes only --savings");
	while (fgets(line, sizeof(line), stdin)) {
		lineno++;
		if (line[0] == '#') {
			fputs(line + 1 + (line[1] == ' '), stdout);
			continue;
		}
		if (!strncmp(line, "arch\t", 5) || line[0] == '\n')
			continue;
		if (n == MAX_ROWS)
			fail("too many rows");
		if (parse_row(line, &rows[n])) {
			fprintf(stderr, "footprint: line %lu: not a footprint row\n", lineno);
			return 2;
		}
		n++;
	}
	if (!n)
		fail("no rows on stdin");
	print_sizes(rows, n);
	print_ram(rows, n);
	if (savings)
		print_savings(rows, n);
	return 0;
}

/* The TSV header line that goes before measured rows. */
static int cmd_header(void)
{
	int i;

	fputs("arch\tprofile", stdout);
	for (i = 0; i < NFIG; i++)
		printf("\t%s", fig_names[i]);
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "measure"))
		return cmd_measure(argc - 2, argv + 2);
	if (!strcmp(argv[1], "header"))
		return cmd_header();
	if (!strcmp(argv[1], "table"))
		return cmd_table(argc - 2, argv + 2);
	fprintf(stderr, "footprint: unknown command '%s' (see --help)\n", argv[1]);
	return 2;
}
