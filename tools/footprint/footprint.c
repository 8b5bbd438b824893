// SPDX-License-Identifier: GPL-2.0
/*
 * footprint: the kernel size figures tinify reports, from `nm -n -S vmlinux`.
 *
 *   nm -n -S vmlinux | footprint measure --arch A --profile P \
 *           [--bzimage-bytes N] [--boot-ram KIB] [--in-use KIB]
 *           [--slab KIB]                               -> one TSV row
 *   footprint table < rows.tsv                         -> aligned tables
 *   nm -n -S vmlinux | footprint breakdown --arch A --map vmlinux.map
 *                                                      -> bytes per object
 *   footprint svg --title T < breakdown.tsv            -> icicle picture
 *   footprint diff A.tsv B.tsv                         -> what changed where
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
"row BASE of the same arch, in code and in static and boot RAM.\n"
"\n"
"breakdown prints the kernel code figure split by object file (from the\n"
"linker map, CONFIG_VMLINUX_MAP): lines\n"
"\"BYTES<tab>OBJECT\" after a \"# code N\" line, adding up to the figure of\n"
"measure. On i386 (the span _text.._etext) each input section counts whole\n"
"and the alignment between them is \"(padding)\"; on x86_64 (text symbol\n"
"sizes) a symbol no input section holds is \"(linker)\".\n"
"svg draws such lines as an icicle (directories, then objects; hover for\n"
"bytes, click to zoom, click the top bar to zoom out).\n"
"diff prints, for every directory and object whose bytes differ between\n"
"two breakdowns, \"DELTA<tab>BEFORE<tab>AFTER<tab>PATH\", the largest\n"
"change first, after a line for the total.\n", f);
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

static void check_arch(const char *arch)
{
	if (strcmp(arch, "i386") && strcmp(arch, "x86_64"))
		fail("--arch must be i386 or x86_64");
}

/* The kernel code figure; see usage(). */
static long long kernel_code(const char *arch)
{
	return !strcmp(arch, "i386") ? span("_text", "_etext") : text_symbol_bytes();
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
	check_arch(arch);

	read_nm(stdin);
	code = kernel_code(arch);
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

/* saved(), for a KiB figure: "256K", "-512K" or "?" */
static const char *saved_kib(long long ref, long long r, char *buf, size_t len)
{
	saved(ref, r, buf, len - 1);
	if (strcmp(buf, "?"))
		strcat(buf, "K");
	return buf;
}

#define SAVINGS_FMT "%-7s %-28s %11s %11s %11s %9s %8s %10s\n"

static void print_savings(const struct row *rows, int n)
{
	int i, header = 0;

	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i], *ref;
		char base[NAME_LEN], b[6][32];
		const char *tilde = strchr(r->profile, '~');

		if (!tilde)
			continue;
		snprintf(base, sizeof(base), "%.*s", (int)(tilde - r->profile), r->profile);
		ref = find_row(rows, n, r->arch, base);
		if (!header++)
			printf("\n" SAVINGS_FMT, "arch", "option (vs its reference)",
			       "code saved", "bzImage", "static RAM", "in use",
			       "slab", "boot RAM");
		if (!ref) {
			printf(SAVINGS_FMT, r->arch, r->profile, "?", "?", "?", "?",
			       "?", "?");
			continue;
		}
		printf(SAVINGS_FMT, r->arch, r->profile,
		       saved(ref->fig[F_CODE], r->fig[F_CODE], b[0], sizeof(b[0])),
		       saved(ref->fig[F_BZIMAGE], r->fig[F_BZIMAGE], b[1], sizeof(b[1])),
		       saved(static_ram(ref), static_ram(r), b[2], sizeof(b[2])),
		       saved_kib(ref->fig[F_INUSE], r->fig[F_INUSE], b[3], sizeof(b[3])),
		       saved_kib(ref->fig[F_SLAB], r->fig[F_SLAB], b[4], sizeof(b[4])),
		       saved_kib(ref->fig[F_BOOTRAM], r->fig[F_BOOTRAM], b[5], sizeof(b[5])));
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

/* ---- breakdown: kernel code per object, from the linker map ---- */

/* An input section of the linker map: where it went and which object gave it. */
struct insec {
	unsigned long long addr, size;
	int obj;		/* index into objs[] */
};

static struct insec *insecs;
static size_t ninsecs, insecs_cap;

struct obj {
	char *path;
	long long bytes;
};

static struct obj *objs;
static size_t nobjs, objs_cap;

static void *grow(void *p, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return p;
	*cap = *cap ? 2 * *cap : 1024;
	p = realloc(p, *cap * elem);
	if (!p)
		fail("out of memory");
	return p;
}

static int obj_index(const char *path)
{
	size_t i;

	for (i = 0; i < nobjs; i++)
		if (!strcmp(objs[i].path, path))
			return (int)i;
	objs = grow(objs, &objs_cap, nobjs, sizeof(*objs));
	objs[nobjs].path = strdup(path);
	if (!objs[nobjs].path)
		fail("out of memory");
	objs[nobjs].bytes = 0;
	return (int)nobjs++;
}

/*
 * The object a map line names: "vmlinux.a(kernel/fork.o)" is kernel/fork.o,
 * "lib/lib.a(string.o)" (a member named without its directory) is
 * lib/string.o, a plain path stays as it is.
 */
static void object_path(const char *file, char *out, size_t len)
{
	const char *open = strchr(file, '('), *slash;
	size_t n;

	if (!open || file[strlen(file) - 1] != ')') {
		snprintf(out, len, "%s", file);
		return;
	}
	n = strlen(open + 1) - 1;
	slash = memchr(file, '/', (size_t)(open - file));
	if (memchr(open + 1, '/', n) || !slash) {
		snprintf(out, len, "%.*s", (int)n, open + 1);
		return;
	}
	for (slash = open; slash > file && slash[-1] != '/'; slash--)
		;
	snprintf(out, len, "%.*s%.*s", (int)(slash - file), file, (int)n, open + 1);
}

static int is_hex(const char *s)
{
	return s[0] == '0' && s[1] == 'x';
}

static void keep_insec(const char *addr, const char *size, const char *file)
{
	unsigned long long sz = strtoull(size, NULL, 16);
	char path[512];

	if (!sz)
		return;
	object_path(file, path, sizeof(path));
	insecs = grow(insecs, &insecs_cap, ninsecs, sizeof(*insecs));
	insecs[ninsecs].addr = strtoull(addr, NULL, 16);
	insecs[ninsecs].size = sz;
	insecs[ninsecs++].obj = obj_index(path);
}

/*
 * GNU ld's map, after "Linker script and memory map": an input section is
 * " NAME ADDR SIZE FILE", or " NAME" alone when the name is long and
 * "ADDR SIZE FILE" on the next line. Symbol lines ("ADDR NAME") and
 * script lines are skipped.
 */
static void read_map(const char *name)
{
	char line[2048], a[512], b[512], c[512], d[1024];
	FILE *f = fopen(name, "r");
	int started = 0, pending = 0;

	if (!f) {
		fprintf(stderr, "footprint: cannot open map %s: %s\n", name, strerror(errno));
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		int n = sscanf(line, "%511s %511s %511s %1023s", a, b, c, d);

		if (!started) {
			started = !strncmp(line, "Linker script and memory map", 28);
			continue;
		}
		if (line[0] != ' ' || n < 1) {
			pending = 0;
			continue;
		}
		if (pending && n == 3 && is_hex(a) && is_hex(b))
			keep_insec(a, b, c);
		else if (a[0] != '*' && !is_hex(a) && n == 4 && is_hex(b) && is_hex(c))
			keep_insec(b, c, d);
		pending = n == 1 && a[0] == '.';
	}
	fclose(f);
	if (!started)
		fail("the map has no \"Linker script and memory map\" (not a GNU ld map?)");
}

static int insec_cmp(const void *x, const void *y)
{
	const struct insec *p = x, *q = y;

	return p->addr < q->addr ? -1 : p->addr > q->addr;
}

/* The input section holding ADDR, or NULL. insecs[] is sorted. */
static const struct insec *insec_at(unsigned long long addr)
{
	size_t lo = 0, hi = ninsecs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (insecs[mid].addr + insecs[mid].size <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ninsecs && insecs[lo].addr <= addr ? &insecs[lo] : NULL;
}

static int obj_cmp(const void *x, const void *y)
{
	const struct obj *p = x, *q = y;

	return strcmp(p->path, q->path);
}

static int cmd_breakdown(int argc, char **argv)
{
	const char *arch = NULL, *map = NULL;
	unsigned long long lo, hi;
	long long code, attributed = 0;
	int i, linker, padding;
	size_t k;

	for (i = 0; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--arch"))
			arch = argv[i + 1];
		else if (!strcmp(argv[i], "--map"))
			map = argv[i + 1];
		else
			break;
	}
	if (i != argc || !arch || !map)
		fail("usage: footprint breakdown --arch ARCH --map VMLINUX.MAP < nm output");
	check_arch(arch);
	read_nm(stdin);
	read_map(map);
	qsort(insecs, ninsecs, sizeof(*insecs), insec_cmp);
	code = kernel_code(arch);
	lo = mark_addr("_text");
	hi = mark_addr("_etext");
	if (!strcmp(arch, "i386")) {
		/* the span: whole input sections, and the padding between them */
		padding = obj_index("(padding)");
		for (k = 0; k < ninsecs; k++) {
			if (insecs[k].addr < lo || insecs[k].addr + insecs[k].size > hi)
				continue;
			objs[insecs[k].obj].bytes += (long long)insecs[k].size;
			attributed += (long long)insecs[k].size;
		}
		objs[padding].bytes = code - attributed;
	} else {
		/* the sum of text symbol sizes, each to the section holding it */
		linker = obj_index("(linker)");
		for (k = 0; k < nsyms; k++) {
			const struct insec *s;

			if (syms[k].addr < lo || syms[k].addr >= hi)
				continue;
			s = insec_at(syms[k].addr);
			objs[s ? s->obj : linker].bytes += (long long)syms[k].size;
		}
	}
	qsort(objs, nobjs, sizeof(*objs), obj_cmp);
	printf("# code %lld\n", code);
	for (k = 0; k < nobjs; k++)
		if (objs[k].bytes)
			printf("%lld\t%s\n", objs[k].bytes, objs[k].path);
	return 0;
}

/* ---- breakdown files: reading them, the directory tree, svg and diff ---- */

struct entry {
	char *path;
	long long bytes;
};

struct table {
	struct entry *e;
	size_t n, cap;
	long long total;
};

static void read_breakdown(const char *name, FILE *f, struct table *t)
{
	char line[1024], path[900];
	unsigned long lineno = 0;
	long long bytes;

	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%lld\t%899[^\n]", &bytes, path) != 2) {
			fprintf(stderr, "footprint: %s:%lu: not a breakdown line\n", name, lineno);
			exit(2);
		}
		t->e = grow(t->e, &t->cap, t->n, sizeof(*t->e));
		t->e[t->n].path = strdup(path);
		if (!t->e[t->n].path)
			fail("out of memory");
		t->e[t->n++].bytes = bytes;
		t->total += bytes;
	}
	if (!t->n) {
		fprintf(stderr, "footprint: %s: no breakdown lines\n", name);
		exit(2);
	}
}

static void read_breakdown_file(const char *name, struct table *t)
{
	FILE *f = fopen(name, "r");

	if (!f) {
		fprintf(stderr, "footprint: cannot open %s: %s\n", name, strerror(errno));
		exit(2);
	}
	read_breakdown(name, f, t);
	fclose(f);
}

struct node {
	char *name;
	long long bytes;
	struct node *kid;	/* first child, children largest first once sorted */
	struct node *next;
};

static struct node *new_node(const char *name, size_t len)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n || !(n->name = strndup(name, len)))
		fail("out of memory");
	return n;
}

static void tree_add(struct node *root, const char *path, long long bytes)
{
	struct node *at = root;

	root->bytes += bytes;
	while (*path) {
		size_t len = strcspn(path, "/");
		struct node *k;

		for (k = at->kid; k; k = k->next)
			if (strlen(k->name) == len && !strncmp(k->name, path, len))
				break;
		if (!k) {
			k = new_node(path, len);
			k->next = at->kid;
			at->kid = k;
		}
		k->bytes += bytes;
		at = k;
		path += len;
		path += *path == '/';
	}
}

static int node_cmp(const void *x, const void *y)
{
	const struct node *p = *(const struct node *const *)x;
	const struct node *q = *(const struct node *const *)y;

	return p->bytes < q->bytes ? 1 : p->bytes > q->bytes ? -1 : strcmp(p->name, q->name);
}

static void tree_sort(struct node *n)
{
	struct node **v, *k;
	size_t c = 0, i;

	for (k = n->kid; k; k = k->next)
		c++;
	if (!c)
		return;
	v = malloc(c * sizeof(*v));
	if (!v)
		fail("out of memory");
	for (i = 0, k = n->kid; k; k = k->next)
		v[i++] = k;
	qsort(v, c, sizeof(*v), node_cmp);
	for (i = 0; i < c; i++) {
		v[i]->next = i + 1 < c ? v[i + 1] : NULL;
		tree_sort(v[i]);
	}
	n->kid = v[0];
	free(v);
}

static void xml_text(const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", stdout); break;
		case '<': fputs("&lt;", stdout); break;
		case '>': fputs("&gt;", stdout); break;
		case '"': fputs("&quot;", stdout); break;
		default: putchar(*s);
		}
	}
}

#define SVG_W		1200
#define SVG_ROW		18
#define SVG_TOP		24

static int tree_depth(const struct node *n)
{
	int d = 0;

	for (n = n->kid; n; n = n->next) {
		int k = tree_depth(n);

		if (k > d)
			d = k;
	}
	return d + 1;
}

/* One bar per node: x and width in bytes (the script scales them). */
static void svg_node(const struct node *n, const char *path, long long x, int depth,
		     int hue, long long total)
{
	char sub[1024], b[32];
	const struct node *k;
	double px = (double)x * SVG_W / (double)total, pw = (double)n->bytes * SVG_W / (double)total;

	printf("<g data-x=\"%lld\" data-w=\"%lld\" data-d=\"%d\"><title>", x, n->bytes, depth);
	xml_text(path[0] ? path : n->name);
	printf(": %s bytes (%.1f%%)</title>\n", thousands(n->bytes, b, sizeof(b)),
	       100.0 * (double)n->bytes / (double)total);
	printf("<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"hsl(%d,%d%%,%d%%)\"/>",
	       px, SVG_TOP + depth * SVG_ROW, pw, SVG_ROW - 1, hue, depth ? 60 : 0,
	       depth ? 80 - 4 * (depth % 5) : 85);
	printf("<text x=\"%.2f\" y=\"%d\">", px + 3, SVG_TOP + depth * SVG_ROW + 13);
	xml_text(n->name);
	printf("</text></g>\n");
	for (k = n->kid; k; k = k->next) {
		int h = depth ? hue : (int)((x * 7919 + (long long)k->bytes) % 360);

		snprintf(sub, sizeof(sub), "%s%s%s", path, path[0] ? "/" : "", k->name);
		svg_node(k, sub, x, depth + 1, h, total);
		x += k->bytes;
	}
}

static const char svg_script[] =
"<script><![CDATA[\n"
"var W = %d, bars = document.querySelectorAll('g[data-w]');\n"
"function fit(t, w) { var s = t.getAttribute('data-n') || t.textContent;\n"
"  t.setAttribute('data-n', s); var c = Math.floor((w - 6) / 7);\n"
"  t.textContent = c < 2 ? '' : s.length <= c ? s : s.slice(0, c - 1) + '~'; }\n"
"function zoom(x0, w, d) {\n"
"  bars.forEach(function (g) {\n"
"    var gx = +g.dataset.x, gw = +g.dataset.w, gd = +g.dataset.d;\n"
"    var l = Math.max(0, (gx - x0) / w * W), r = Math.min(W, (gx + gw - x0) / w * W);\n"
"    var hide = r - l < 0.1 || (gd < d && (gx > x0 || gx + gw < x0 + w));\n"
"    g.style.display = hide ? 'none' : '';\n"
"    if (hide) return;\n"
"    g.firstElementChild.nextElementSibling.setAttribute('x', l);\n"
"    g.firstElementChild.nextElementSibling.setAttribute('width', r - l);\n"
"    g.lastElementChild.setAttribute('x', l + 3); fit(g.lastElementChild, r - l); });\n"
"}\n"
"bars.forEach(function (g) { g.onclick = function () {\n"
"  zoom(+g.dataset.x, +g.dataset.w, +g.dataset.d); }; });\n"
"zoom(0, +bars[0].dataset.w, 0);\n"
"]]></script>\n";

static int cmd_svg(int argc, char **argv)
{
	struct table t = { 0 };
	struct node *root;
	char b[32];
	size_t i;
	int h;

	if (argc != 2 || strcmp(argv[0], "--title"))
		fail("usage: footprint svg --title TITLE < breakdown.tsv");
	read_breakdown("stdin", stdin, &t);
	root = new_node(argv[1], strlen(argv[1]));
	for (i = 0; i < t.n; i++)
		tree_add(root, t.e[i].path, t.e[i].bytes);
	tree_sort(root);
	h = SVG_TOP + tree_depth(root) * SVG_ROW + 4;
	printf("<?xml version=\"1.0\" standalone=\"no\"?>\n"
	       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	       "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\">\n"
	       "<style>g{cursor:pointer} rect{stroke:#fff;stroke-width:0.5} "
	       "g:hover rect{stroke:#000}</style>\n"
	       "<text x=\"4\" y=\"16\" font-size=\"14\">", SVG_W, h, SVG_W, h);
	xml_text(argv[1]);
	printf(": kernel code %s bytes by directory and object (click to zoom, top bar to zoom out)</text>\n",
	       thousands(root->bytes, b, sizeof(b)));
	svg_node(root, "", 0, 0, 0, root->bytes > 0 ? root->bytes : 1);
	printf(svg_script, SVG_W);
	printf("</svg>\n");
	return 0;
}

/* diff: every path prefix (directory) and object, with both figures. */
struct delta {
	char *path;
	long long a, b;
};

static struct delta *deltas;
static size_t ndeltas, deltas_cap;

static void delta_add(const char *path, size_t len, long long bytes, int side)
{
	size_t i;

	for (i = 0; i < ndeltas; i++)
		if (strlen(deltas[i].path) == len && !strncmp(deltas[i].path, path, len))
			break;
	if (i == ndeltas) {
		deltas = grow(deltas, &deltas_cap, ndeltas, sizeof(*deltas));
		deltas[i].path = strndup(path, len);
		if (!deltas[i].path)
			fail("out of memory");
		deltas[i].a = deltas[i].b = 0;
		ndeltas++;
	}
	if (side)
		deltas[i].b += bytes;
	else
		deltas[i].a += bytes;
}

static void delta_table(const struct table *t, int side)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const char *p = t->e[i].path, *s;

		for (s = strchr(p, '/'); s; s = strchr(s + 1, '/'))
			delta_add(p, (size_t)(s - p) + 1, t->e[i].bytes, side);
		delta_add(p, strlen(p), t->e[i].bytes, side);
	}
}

static int delta_cmp(const void *x, const void *y)
{
	const struct delta *p = x, *q = y;
	long long dp = llabs(p->b - p->a), dq = llabs(q->b - q->a);

	return dp < dq ? 1 : dp > dq ? -1 : strcmp(p->path, q->path);
}

static int cmd_diff(int argc, char **argv)
{
	struct table a = { 0 }, b = { 0 };
	size_t i;

	if (argc != 2)
		fail("usage: footprint diff BEFORE.tsv AFTER.tsv");
	read_breakdown_file(argv[0], &a);
	read_breakdown_file(argv[1], &b);
	delta_table(&a, 0);
	delta_table(&b, 1);
	qsort(deltas, ndeltas, sizeof(*deltas), delta_cmp);
	printf("%lld\t%lld\t%lld\t(total)\n", b.total - a.total, a.total, b.total);
	for (i = 0; i < ndeltas; i++)
		if (deltas[i].a != deltas[i].b)
			printf("%lld\t%lld\t%lld\t%s\n", deltas[i].b - deltas[i].a,
			       deltas[i].a, deltas[i].b, deltas[i].path);
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
	if (!strcmp(argv[1], "breakdown"))
		return cmd_breakdown(argc - 2, argv + 2);
	if (!strcmp(argv[1], "svg"))
		return cmd_svg(argc - 2, argv + 2);
	if (!strcmp(argv[1], "diff"))
		return cmd_diff(argc - 2, argv + 2);
	fprintf(stderr, "footprint: unknown command '%s' (see --help)\n", argv[1]);
	return 2;
}
