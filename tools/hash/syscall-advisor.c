// SPDX-License-Identifier: GPL-2.0
/*
 * syscall-advisor: from a hash table of the system calls a workload made,
 * which tinification options it does not need, and what they would save.
 */
#include "elftext.h"
#include "hashout.h"
#include "symmap.h"
#include "syscall-options.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define PROG "syscall-advisor"

static void usage(void)
{
	fputs(
"usage: syscall-advisor [--syscall-table TBL] [--config .config]\n"
"                       [--footprint footprint.tsv --arch ARCH]\n"
"                       [--build-dir DIR] [--system-map FILE] < hash\n"
"\n"
"Reads a hash table keyed on system calls (e.g. 'hash:common_pid.execname,\n"
"id.syscall' on raw_syscalls/sys_enter): its id field is sys_NAME, or a\n"
"number that --syscall-table (arch/x86/entry/syscalls/syscall_64.tbl or\n"
"syscall_32.tbl) resolves. Other key fields are ignored; hits are summed\n"
"per system call. Lists the options none of whose system calls was made\n"
"(the workload does not need them, as far as system calls go), by saving,\n"
"then the options it needs and the calls that pin them.\n"
"  --config F      mark each option on or off in that kernel\n"
"  --footprint F   measured saving: code of the 'upstream' row minus code\n"
"                  of the 'upstream~SYMBOL=VALUE' row of --arch (i386,\n"
"                  x86_64; default: from --config); columns by name\n"
"  --build-dir D   else estimate: executable sections of the option's\n"
"                  objects in that kernel build directory\n"
"  --system-map F  else estimate: sizes of the syscalls' entry symbols\n",
	stdout);
}

struct args {
	const char *table, *config, *footprint, *arch, *build_dir, *system_map;
};

/* System calls of the workload, and how often each was made. */
struct calls {
	char **name;
	long long *count;
	size_t n, cap_name, cap_count;
};

/* Syscall numbers from a .tbl file. */
struct syscall_table {
	long long *nr;
	char **entry;
	size_t n, cap_nr, cap_entry;
};

enum state { STATE_UNKNOWN, STATE_ON, STATE_OFF };

struct verdict {
	const struct syscall_option *opt;
	enum state state;
	struct strbuf pins;	/* "futex 12, set_robust_list 1" */
	long long saving;	/* -1: no figure */
	bool measured;
	struct strbuf source;
};

/* "sys_read", "__x64_sys_read", "compat_sys_x" -> "read"; else as is. */
static const char *syscall_base_name(const char *s)
{
	const char *p = strstr(s, "sys_");

	return p && (p == s || p[-1] == '_') ? p + strlen("sys_") : s;
}

static void load_syscall_table(const char *path, struct syscall_table *t)
{
	FILE *f = open_input(PROG, path);
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;

	memset(t, 0, sizeof(*t));
	while (getline(&line, &cap, f) >= 0) {
		char *nr = strtok(line, " \t\n"), *abi, *name, *entry;
		long long n;

		lineno++;
		if (!nr || nr[0] == '#')
			continue;
		abi = strtok(NULL, " \t\n");
		name = strtok(NULL, " \t\n");
		entry = strtok(NULL, " \t\n");
		if (!parse_ll(nr, &n) || !abi || !name)
			die(PROG, "%s: line %lu: not a syscall table line (want 'nr abi name [entry]')",
			    path, lineno);
		if (!entry)
			continue;	/* reserved number */
		grow(&t->nr, &t->cap_nr, t->n + 1, sizeof(*t->nr));
		grow(&t->entry, &t->cap_entry, t->n + 1, sizeof(*t->entry));
		t->nr[t->n] = n;
		t->entry[t->n++] = xstrdup(syscall_base_name(entry));
	}
	free(line);
	fclose(f);
}

static const char *table_lookup(const struct syscall_table *t, long long nr)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->nr[i] == nr)
			return t->entry[i];
	return NULL;
}

static void count_call(struct calls *c, const char *name, long long hits)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (!strcmp(c->name[i], name)) {
			c->count[i] += hits;
			return;
		}
	}
	grow(&c->name, &c->cap_name, c->n + 1, sizeof(*c->name));
	grow(&c->count, &c->cap_count, c->n + 1, sizeof(*c->count));
	c->name[c->n] = xstrdup(name);
	c->count[c->n++] = hits;
}

static long long calls_of(const struct calls *c, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strlen(c->name[i]) == len && !strncmp(c->name[i], name, len))
			return c->count[i];
	return 0;
}

static const char *id_field(const struct hash_entry *e)
{
	size_t i;

	for (i = 0; !e->is_stack && i < e->nitems; i++)
		if (!strncmp(e->items[i], "id:", 3))
			return e->items[i] + 3;
	return NULL;
}

static void collect_calls(const struct hash_table *t, const struct args *a,
			  struct calls *c)
{
	struct syscall_table tbl = { 0 };
	size_t i;

	if (a->table)
		load_syscall_table(a->table, &tbl);
	if (!t->nentries)
		die(PROG, "stdin: no entries");
	for (i = 0; i < t->nentries; i++) {
		const struct hash_entry *e = &t->entries[i];
		const char *id = id_field(e), *name;
		long long hits = 0, nr;

		if (!id)
			die(PROG, "stdin: line %lu: the key has no id field (want a table keyed on id.syscall, e.g. 'hash:common_pid.execname,id.syscall' on raw_syscalls/sys_enter)",
			    e->line);
		hash_entry_value(e, "hitcount", &hits);
		if (!parse_ll(id, &nr)) {
			count_call(c, syscall_base_name(id), hits);
			continue;
		}
		if (!a->table)
			die(PROG, "stdin: line %lu: id:%s is a number: give --syscall-table",
			    e->line, id);
		name = table_lookup(&tbl, nr);
		if (!name)
			die(PROG, "stdin: line %lu: syscall %lld is not in %s", e->line,
			    nr, a->table);
		count_call(c, name, hits);
	}
	for (i = 0; i < tbl.n; i++)
		free(tbl.entry[i]);
	free(tbl.entry);
	free(tbl.nr);
}

/* A symbol's state in a .config: "CONFIG_X=y|m" on, else off. */
static enum state config_state(const char *path, const char *symbol)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0, len = strlen(symbol);
	enum state st = STATE_OFF;

	if (!path)
		return STATE_UNKNOWN;
	f = open_input(PROG, path);
	while (getline(&line, &cap, f) >= 0) {
		if (!strncmp(line, "CONFIG_", 7) && !strncmp(line + 7, symbol, len) &&
		    line[7 + len] == '=')
			st = (line[8 + len] == 'y' || line[8 + len] == 'm') ? STATE_ON
									     : STATE_OFF;
	}
	free(line);
	fclose(f);
	return st;
}

static const char *arch_of_config(const char *path)
{
	if (!path)
		return NULL;
	if (config_state(path, "X86_64") == STATE_ON)
		return "x86_64";
	if (config_state(path, "X86_32") == STATE_ON)
		return "i386";
	return NULL;
}

/* The columns of footprint.tsv this tool reads, found by name in its header. */
enum { COL_ARCH, COL_PROFILE, COL_CODE, NCOLS };
static const char *const col_names[NCOLS] = { "arch", "profile", "code" };

/* Fill @cols from a header line; false if a column is missing. */
static bool footprint_columns(char *header, int cols[NCOLS])
{
	char *field, *save = NULL;
	int i, n = 0;

	for (i = 0; i < NCOLS; i++)
		cols[i] = -1;
	for (field = strtok_r(header, "\t\n", &save); field;
	     field = strtok_r(NULL, "\t\n", &save), n++)
		for (i = 0; i < NCOLS; i++)
			if (!strcmp(field, col_names[i]))
				cols[i] = n;
	for (i = 0; i < NCOLS; i++)
		if (cols[i] < 0)
			return false;
	return true;
}

/*
 * Code of the footprint row of @arch whose profile is @profile, or, when
 * @profile ends in '=', starts with it (the variant of a symbol, whatever
 * value configs/options gives it); false if there is none. Columns are
 * found by name in the header line ("arch\tprofile\tcode...").
 */
static bool footprint_code(const char *path, const char *arch,
			   const char *profile, long long *code,
			   char *row, size_t row_size)
{
	FILE *f = open_input(PROG, path);
	size_t plen = strlen(profile), cap = 0;
	bool prefix = plen && profile[plen - 1] == '=', found = false;
	char *line = NULL, *field[NCOLS + 16], *save;
	int cols[NCOLS], have_header = 0, n;

	while (!found && getline(&line, &cap, f) >= 0) {
		if (line[0] == '#')
			continue;
		if (!have_header) {
			if (!footprint_columns(line, cols))
				die(PROG, "%s: the header has no arch, profile and code columns", path);
			have_header = 1;
			continue;
		}
		save = NULL;
		for (n = 0; n < NCOLS + 16 &&
		     (field[n] = strtok_r(n ? NULL : line, "\t\n", &save)); n++)
			;
		if (cols[COL_ARCH] >= n || cols[COL_PROFILE] >= n || cols[COL_CODE] >= n)
			continue;
		if (strcmp(field[cols[COL_ARCH]], arch))
			continue;
		if (prefix ? strncmp(field[cols[COL_PROFILE]], profile, plen) :
			     strcmp(field[cols[COL_PROFILE]], profile))
			continue;
		found = parse_ll(field[cols[COL_CODE]], code);
		if (found && row)
			snprintf(row, row_size, "%s", field[cols[COL_PROFILE]]);
	}
	free(line);
	fclose(f);
	return found;
}

static bool measured_saving(const struct args *a, struct verdict *v)
{
	char variant[128], row[128];
	long long base, flipped;

	if (!a->footprint)
		return false;
	snprintf(variant, sizeof(variant), "upstream~%s=", v->opt->symbol);
	if (!footprint_code(a->footprint, a->arch, "upstream", &base, NULL, 0) ||
	    !footprint_code(a->footprint, a->arch, variant, &flipped, row, sizeof(row)))
		return false;
	v->saving = base - flipped;
	v->measured = true;
	sb_addf(&v->source, "measured: %s upstream - %s in %s", a->arch, row,
		a->footprint);
	return true;
}

static bool object_text(const char *build_dir, const char *obj, size_t len,
			long long *text)
{
	char *path = xmalloc(strlen(build_dir) + len + 2);
	bool found;

	sprintf(path, "%s/%.*s", build_dir, (int)len, obj);
	if (len && obj[len - 1] == '/') {
		path[strlen(path) - 1] = '\0';
		found = builtin_text_size(path, text);
	} else {
		found = elf_text_size(path, text);
	}
	free(path);
	return found;
}

static bool build_dir_saving(const struct args *a, struct verdict *v)
{
	const char *p = v->opt->objects;
	struct strbuf found = { 0 };
	long long sum = 0;

	if (!a->build_dir)
		return false;
	while (*p) {
		size_t len = strcspn(p, " ");
		long long text;

		if (len && object_text(a->build_dir, p, len, &text)) {
			sum += text;
			sb_adds(&found, found.len ? " " : "");
			sb_add(&found, p, len);
		}
		p += len + (p[len] == ' ');
	}
	if (found.len) {
		v->saving = sum;
		sb_addf(&v->source, "estimate: text of %s in %s", found.s, a->build_dir);
	}
	sb_free(&found);
	return v->saving >= 0;
}

static long long entry_symbols_size(const struct symmap *map, const char *name,
				    size_t len)
{
	static const char *const prefixes[] = {
		"__x64_sys_", "__ia32_sys_", "__do_sys_", "__se_sys_", "sys_",
	};
	long long sum = 0;
	char sym[160];
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		snprintf(sym, sizeof(sym), "%s%.*s", prefixes[i], (int)len, name);
		sum += (long long)symmap_size_of(map, sym);
	}
	return sum;
}

static bool system_map_saving(const struct args *a, const struct symmap *map,
			      struct verdict *v)
{
	const char *p = v->opt->syscalls;
	long long sum = 0;

	if (!a->system_map)
		return false;
	while (*p) {
		size_t len = strcspn(p, " ");

		sum += entry_symbols_size(map, p, len);
		p += len + (p[len] == ' ');
	}
	if (!sum)
		return false;
	v->saving = sum;
	sb_addf(&v->source, "estimate: syscall entry symbols in %s", a->system_map);
	return true;
}

/* Which of the option's system calls the workload made, with counts. */
static void find_pins(const struct calls *c, struct verdict *v)
{
	const char *p = v->opt->syscalls;

	while (*p) {
		size_t len = strcspn(p, " ");
		long long n = calls_of(c, p, len);

		if (n) {
			sb_adds(&v->pins, v->pins.len ? ", " : "");
			sb_add(&v->pins, p, len);
			sb_addf(&v->pins, " %lld", n);
		}
		p += len + (p[len] == ' ');
	}
}

static void judge(const struct args *a, const struct calls *c,
		  const struct symmap *map, struct verdict *v)
{
	v->state = config_state(a->config, v->opt->symbol);
	v->saving = -1;
	find_pins(c, v);
	if (v->pins.len || v->state == STATE_OFF)
		return;
	if (!measured_saving(a, v) && !build_dir_saving(a, v))
		system_map_saving(a, map, v);
}

/* Unused first by saving, options already off last; then by name. */
static int by_saving(const void *x, const void *y)
{
	const struct verdict *v = x, *w = y;

	if ((v->state == STATE_OFF) != (w->state == STATE_OFF))
		return v->state == STATE_OFF ? 1 : -1;
	if (v->saving != w->saving)
		return v->saving > w->saving ? -1 : 1;
	return strcmp(v->opt->symbol, w->opt->symbol);
}

static const char *state_name(enum state st)
{
	return st == STATE_ON ? "on" : st == STATE_OFF ? "off" : "-";
}

static void print_unused(const struct verdict *v, const struct args *a)
{
	printf("  %-20s %-3s  ", v->opt->symbol, state_name(v->state));
	if (v->state == STATE_OFF)
		printf("already off\n");
	else if (v->saving < 0)
		printf("saving unknown (%s)\n", a->footprint || a->build_dir ||
		       a->system_map ? "no figure in the given sources" :
		       "give --footprint, --build-dir or --system-map");
	else
		printf("saves %s%lld bytes (%s)\n", v->measured ? "" : "~",
		       v->saving, v->source.s);
}

static void report(struct verdict *v, size_t n, const struct calls *c,
		   const struct args *a)
{
	long long total = 0;
	size_t i;

	for (i = 0; i < c->n; i++)
		total += c->count[i];
	printf("workload: %zu syscalls, %lld calls\n", c->n, total);
	qsort(v, n, sizeof(*v), by_saving);
	printf("\nnot needed (none of their syscalls was called):\n");
	for (i = 0; i < n; i++)
		if (!v[i].pins.len)
			print_unused(&v[i], a);
	printf("\nneeded (the syscalls that pin them, with calls):\n");
	for (i = 0; i < n; i++)
		if (v[i].pins.len)
			printf("  %-20s %-3s  %s\n", v[i].opt->symbol,
			       state_name(v[i].state), v[i].pins.s);
}

static void parse_args(int argc, char **argv, struct args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		const char *o = argv[i];

		if (is_help(o)) {
			usage();
			exit(0);
		} else if (!strcmp(o, "--syscall-table")) {
			a->table = option_value(PROG, argc, argv, &i);
		} else if (!strcmp(o, "--config")) {
			a->config = option_value(PROG, argc, argv, &i);
		} else if (!strcmp(o, "--footprint")) {
			a->footprint = option_value(PROG, argc, argv, &i);
		} else if (!strcmp(o, "--arch")) {
			a->arch = option_value(PROG, argc, argv, &i);
		} else if (!strcmp(o, "--build-dir")) {
			a->build_dir = option_value(PROG, argc, argv, &i);
		} else if (!strcmp(o, "--system-map")) {
			a->system_map = option_value(PROG, argc, argv, &i);
		} else {
			die(PROG, "unknown option '%s' (see --help)", o);
		}
	}
	if (!a->arch)
		a->arch = arch_of_config(a->config);
	if (a->footprint && !a->arch)
		die(PROG, "--footprint needs --arch (or a --config that names it)");
}

int main(int argc, char **argv)
{
	struct hash_table t;
	struct calls c = { 0 };
	struct symmap map = { 0 };
	struct verdict *v;
	struct args a;
	size_t i;

	parse_args(argc, argv, &a);
	hash_read_or_die(PROG, "-", &t);
	collect_calls(&t, &a, &c);
	if (a.system_map)
		symmap_load(PROG, a.system_map, &map);
	v = xmalloc(nr_syscall_options * sizeof(*v));
	for (i = 0; i < nr_syscall_options; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].opt = &syscall_options[i];
		judge(&a, &c, &map, &v[i]);
	}
	report(v, nr_syscall_options, &c, &a);
	for (i = 0; i < nr_syscall_options; i++) {
		sb_free(&v[i].pins);
		sb_free(&v[i].source);
	}
	free(v);
	for (i = 0; i < c.n; i++)
		free(c.name[i]);
	free(c.name);
	free(c.count);
	if (a.system_map)
		symmap_free(&map);
	hash_table_free(&t);
	return 0;
}
