// SPDX-License-Identifier: GPL-2.0
/* hash-diff: compare two hash trigger outputs (two boots, two configs). */
#include "hashout.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define PROG "hash-diff"

static void usage(void)
{
	fputs(
"usage: hash-diff [--value NAME] [--exact] [--top N] [--frames N] A B\n"
"\n"
"Compares two hash trigger outputs (\"-\" is stdin). Entries are matched\n"
"by key; stack frames by function name only (two kernels differ in\n"
"offsets), or exactly with --exact. Entries whose keys match are summed.\n"
"Prints a summary (entries, and each value's total, in A, in B and the\n"
"change), then the entries only in A, only in B, and those whose values\n"
"changed, each sorted by the absolute change of --value (default:\n"
"bytes_alloc if present, else bytes_req, else hitcount).\n"
"  --top N      rows per list (default 20, 0: all)\n"
"  --frames N   frames shown per stack, leaf first (default 5, 0: all)\n",
	stdout);
}

struct options {
	const char *value;
	bool exact;
	long long top, frames;
	const char *path_a, *path_b;
};

/* Value names of both inputs: hitcount first, then as they appear. */
struct names {
	char **name;
	size_t n, cap;
};

/* The entries of one input with the same key, summed. */
struct agg {
	char *match;		/* what keys are compared by */
	char *shown;		/* the key as printed */
	long long *vals;	/* by names index */
};

struct side {
	struct agg *aggs;
	size_t n;
};

struct row {
	const struct agg *a, *b;
	long long change;
};

static ssize_t name_index(const struct names *nm, const char *name)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		if (!strcmp(nm->name[i], name))
			return (ssize_t)i;
	return -1;
}

static void add_name(struct names *nm, const char *name)
{
	if (name_index(nm, name) >= 0)
		return;
	grow(&nm->name, &nm->cap, nm->n + 1, sizeof(*nm->name));
	nm->name[nm->n++] = xstrdup(name);
}

static void collect_names(struct names *nm, const struct hash_table *t)
{
	size_t i, j;

	for (i = 0; i < t->nentries; i++)
		for (j = 0; j < t->entries[i].nvals; j++)
			add_name(nm, t->entries[i].val_names[j]);
}

static const char *default_value(const struct names *nm)
{
	if (name_index(nm, "bytes_alloc") >= 0)
		return "bytes_alloc";
	if (name_index(nm, "bytes_req") >= 0)
		return "bytes_req";
	return "hitcount";
}

static size_t frame_len(const char *frame, bool exact)
{
	return exact ? strlen(frame) : hash_frame_name_len(frame);
}

static char *match_key(const struct hash_entry *e, bool exact)
{
	struct strbuf sb = { 0 };
	size_t i;

	sb_adds(&sb, e->is_stack ? "S" : "F");
	for (i = 0; i < e->nitems; i++) {
		sb_adds(&sb, "\n");
		sb_add(&sb, e->items[i], e->is_stack ? frame_len(e->items[i], exact)
						     : strlen(e->items[i]));
	}
	return sb.s;
}

/* "f1 <- f2 <- f3 <- ..." for a stack, "a:1, b:2" for fields. */
static char *shown_key(const struct hash_entry *e, const struct options *o)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < e->nitems; i++) {
		if (e->is_stack && o->frames && i == (size_t)o->frames) {
			sb_adds(&sb, " <- ...");
			break;
		}
		sb_adds(&sb, i ? (e->is_stack ? " <- " : ", ") : "");
		sb_add(&sb, e->items[i], e->is_stack ? frame_len(e->items[i], o->exact)
						     : strlen(e->items[i]));
	}
	return sb.s ? sb.s : xstrdup("");
}

static int by_match(const void *x, const void *y)
{
	return strcmp(((const struct agg *)x)->match, ((const struct agg *)y)->match);
}

static void free_agg(struct agg *g)
{
	free(g->match);
	free(g->shown);
	free(g->vals);
}

static void aggregate(struct side *s, const struct hash_table *t,
		      const struct names *nm, const struct options *o)
{
	size_t i, j, out = 0;

	s->aggs = xmalloc(t->nentries * sizeof(*s->aggs));
	for (i = 0; i < t->nentries; i++) {
		const struct hash_entry *e = &t->entries[i];
		struct agg *g = &s->aggs[i];

		g->match = match_key(e, o->exact);
		g->shown = shown_key(e, o);
		g->vals = xmalloc(nm->n * sizeof(*g->vals));
		for (j = 0; j < nm->n; j++)
			if (!hash_entry_value(e, nm->name[j], &g->vals[j]))
				g->vals[j] = 0;
	}
	qsort(s->aggs, t->nentries, sizeof(*s->aggs), by_match);
	for (i = 0; i < t->nentries; i++) {
		struct agg *prev = out ? &s->aggs[out - 1] : NULL;

		if (prev && !strcmp(prev->match, s->aggs[i].match)) {
			for (j = 0; j < nm->n; j++)
				prev->vals[j] += s->aggs[i].vals[j];
			free_agg(&s->aggs[i]);
		} else {
			s->aggs[out++] = s->aggs[i];
		}
	}
	s->n = out;
}

static long long side_total(const struct side *s, size_t value)
{
	long long sum = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		sum += s->aggs[i].vals[value];
	return sum;
}

static void print_summary(const struct side *a, const struct side *b,
			  const struct names *nm)
{
	size_t i;

	printf("%-20s %12s %12s %12s\n", "", "A", "B", "change");
	printf("%-20s %12zu %12zu %+12lld\n", "entries", a->n, b->n,
	       (long long)b->n - (long long)a->n);
	for (i = 0; i < nm->n; i++) {
		long long ta = side_total(a, i), tb = side_total(b, i);

		printf("%-20s %12lld %12lld %+12lld\n", nm->name[i], ta, tb, tb - ta);
	}
}

static int by_abs_change(const void *x, const void *y)
{
	const struct row *r = x, *s = y;
	long long cr = llabs(r->change), cs = llabs(s->change);
	const struct agg *gr = r->a ? r->a : r->b, *gs = s->a ? s->a : s->b;

	if (cr != cs)
		return cr > cs ? -1 : 1;
	return strcmp(gr->match, gs->match);
}

static void print_value(const struct agg *g, size_t value)
{
	if (g)
		printf(" %12lld", g->vals[value]);
	else
		printf(" %12s", "-");
}

static void print_rows(const char *title, struct row *rows, size_t n,
		       size_t value, const struct names *nm,
		       const struct options *o)
{
	size_t i, shown = o->top && (size_t)o->top < n ? (size_t)o->top : n;

	printf("\n%s: %zu, by %s change\n", title, n, nm->name[value]);
	if (!n)
		return;
	qsort(rows, n, sizeof(*rows), by_abs_change);
	printf("%12s %12s %12s  %s\n", "change", "A", "B", "key");
	for (i = 0; i < shown; i++) {
		const struct agg *g = rows[i].a ? rows[i].a : rows[i].b;

		printf("%+12lld", rows[i].change);
		print_value(rows[i].a, value);
		print_value(rows[i].b, value);
		printf("  %s\n", g->shown);
	}
	if (shown < n)
		printf("... %zu more (--top 0 shows all)\n", n - shown);
}

static bool values_differ(const struct agg *a, const struct agg *b, size_t n)
{
	return memcmp(a->vals, b->vals, n * sizeof(*a->vals)) != 0;
}

static void add_row(struct row **rows, size_t *n, size_t *cap,
		    const struct agg *a, const struct agg *b, size_t value)
{
	grow(rows, cap, *n + 1, sizeof(**rows));
	(*rows)[*n].a = a;
	(*rows)[*n].b = b;
	(*rows)[(*n)++].change = (b ? b->vals[value] : 0) - (a ? a->vals[value] : 0);
}

/* Walk both sorted sides at once: only in A, only in B, in both. */
static void compare(const struct side *a, const struct side *b,
		    const struct names *nm, size_t value,
		    const struct options *o)
{
	struct row *only_a = NULL, *only_b = NULL, *changed = NULL;
	size_t na = 0, nb = 0, nc = 0, cap_a = 0, cap_b = 0, cap_c = 0;
	size_t i = 0, j = 0;

	while (i < a->n || j < b->n) {
		int cmp = i == a->n ? 1 : j == b->n ? -1 :
			  strcmp(a->aggs[i].match, b->aggs[j].match);

		if (cmp < 0) {
			add_row(&only_a, &na, &cap_a, &a->aggs[i++], NULL, value);
		} else if (cmp > 0) {
			add_row(&only_b, &nb, &cap_b, NULL, &b->aggs[j++], value);
		} else {
			if (values_differ(&a->aggs[i], &b->aggs[j], nm->n))
				add_row(&changed, &nc, &cap_c, &a->aggs[i], &b->aggs[j], value);
			i++;
			j++;
		}
	}
	print_rows("only in A", only_a, na, value, nm, o);
	print_rows("only in B", only_b, nb, value, nm, o);
	print_rows("changed", changed, nc, value, nm, o);
	free(only_a);
	free(only_b);
	free(changed);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	int i, npaths = 0;

	*o = (struct options){ .top = 20, .frames = 5 };
	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			usage();
			exit(0);
		} else if (!strcmp(argv[i], "--value")) {
			o->value = option_value(PROG, argc, argv, &i);
		} else if (!strcmp(argv[i], "--exact")) {
			o->exact = true;
		} else if (!strcmp(argv[i], "--top")) {
			o->top = option_number(PROG, argc, argv, &i, 0);
		} else if (!strcmp(argv[i], "--frames")) {
			o->frames = option_number(PROG, argc, argv, &i, 0);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			die(PROG, "unknown option '%s' (see --help)", argv[i]);
		} else if (npaths++ == 0) {
			o->path_a = argv[i];
		} else if (npaths == 2) {
			o->path_b = argv[i];
		} else {
			die(PROG, "too many inputs: '%s' (want A B)", argv[i]);
		}
	}
	if (npaths != 2)
		die(PROG, "want two inputs, A and B (see --help)");
	if (!strcmp(o->path_a, "-") && !strcmp(o->path_b, "-"))
		die(PROG, "only one of A and B can be stdin");
}

static void free_side(struct side *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free_agg(&s->aggs[i]);
	free(s->aggs);
}

int main(int argc, char **argv)
{
	struct hash_table ta, tb;
	struct names nm = { 0 };
	struct side a, b;
	struct options o;
	ssize_t value;
	size_t i;

	parse_args(argc, argv, &o);
	hash_read_or_die(PROG, o.path_a, &ta);
	hash_read_or_die(PROG, o.path_b, &tb);
	add_name(&nm, "hitcount");
	collect_names(&nm, &ta);
	collect_names(&nm, &tb);
	value = name_index(&nm, o.value ? o.value : default_value(&nm));
	if (value < 0)
		die(PROG, "--value %s: neither input has that value", o.value);
	aggregate(&a, &ta, &nm, &o);
	aggregate(&b, &tb, &nm, &o);
	print_summary(&a, &b, &nm);
	compare(&a, &b, &nm, (size_t)value, &o);
	free_side(&a);
	free_side(&b);
	hash_table_free(&ta);
	hash_table_free(&tb);
	for (i = 0; i < nm.n; i++)
		free(nm.name[i]);
	free(nm.name);
	return 0;
}
