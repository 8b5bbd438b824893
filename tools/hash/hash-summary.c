// SPDX-License-Identifier: GPL-2.0
/* hash-summary: the figures of one hash table, a "name value" line each. */
#include "hashout.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define PROG "hash-summary"

static void usage(void)
{
	fputs(
"usage: hash-summary [--table SPEC] [--through FUNC]... [--order NAME]\n"
"                    [FILE]\n"
"\n"
"Reads one hash trigger output (FILE or stdin) and prints its figures, a\n"
"\"name value\" line each, for scripts:\n"
"  entries N       key: entries printed\n"
"  hits N          Totals: Hits (-1 when not printed; likewise below)\n"
"  dropped N       Totals: Dropped\n"
"  total:NAME N    the sum of value NAME over the entries, per value\n"
"  consistent yes  Hits = sum of hitcount + Dropped, and entries > 0\n"
"                  (else no)\n"
"  --table SPEC    only the table whose \"# hash:\" header starts with\n"
"                  SPEC (an event with several hash triggers)\n"
"  --through FUNC  also \"through:FUNC N\": stack entries with a frame in\n"
"                  function FUNC (offsets ignored)\n"
"  --order NAME    also \"order:NAME descending\" (or ascending, equal,\n"
"                  unsorted): how the entries are sorted by value NAME\n",
	stdout);
}

struct options {
	const char *table;
	const char **through;
	size_t nthrough;
	const char *order;
	const char *path;
};

static void parse_options(int argc, char **argv, struct options *o)
{
	size_t cap = 0;
	int a;

	for (a = 1; a < argc; a++) {
		if (is_help(argv[a])) {
			usage();
			exit(0);
		} else if (!strcmp(argv[a], "--table")) {
			o->table = option_value(PROG, argc, argv, &a);
		} else if (!strcmp(argv[a], "--through")) {
			grow(&o->through, &cap, o->nthrough + 1, sizeof(*o->through));
			o->through[o->nthrough++] = option_value(PROG, argc, argv, &a);
		} else if (!strcmp(argv[a], "--order")) {
			o->order = option_value(PROG, argc, argv, &a);
		} else if (argv[a][0] == '-' && argv[a][1]) {
			die(PROG, "unknown option '%s' (see --help)", argv[a]);
		} else if (o->path) {
			die(PROG, "one input file only ('%s' and '%s')", o->path, argv[a]);
		} else {
			o->path = argv[a];
		}
	}
	if (!o->path)
		o->path = "-";
}

static long long value_total(const struct hash_table *t, const char *name)
{
	long long sum = 0, v;
	size_t i;

	for (i = 0; i < t->nentries; i++)
		if (hash_entry_value(&t->entries[i], name, &v))
			sum += v;
	return sum;
}

/* Was value val of entry `entry` named by an earlier value or entry? */
static bool named_before(const struct hash_table *t, size_t entry, size_t val)
{
	const struct hash_table before = { .entries = t->entries, .nentries = entry };
	const struct hash_entry *e = &t->entries[entry];
	size_t j;

	for (j = 0; j < val; j++)
		if (!strcmp(e->val_names[j], e->val_names[val]))
			return true;
	return hash_table_has_value(&before, e->val_names[val]);
}

/* "total:NAME N" per value name, in the order the names first appear. */
static void print_totals(const struct hash_table *t)
{
	size_t i, j;

	for (i = 0; i < t->nentries; i++)
		for (j = 0; j < t->entries[i].nvals; j++)
			if (!named_before(t, i, j))
				printf("total:%s %lld\n", t->entries[i].val_names[j],
				       value_total(t, t->entries[i].val_names[j]));
}

static bool entry_through(const struct hash_entry *e, const char *func)
{
	size_t i;

	if (!e->is_stack)
		return false;
	for (i = 0; i < e->nitems; i++)
		if (hash_frame_name_len(e->items[i]) == strlen(func) &&
		    !strncmp(e->items[i], func, strlen(func)))
			return true;
	return false;
}

static void print_through(const struct hash_table *t, const char *func)
{
	size_t i, n = 0;

	for (i = 0; i < t->nentries; i++)
		n += entry_through(&t->entries[i], func);
	printf("through:%s %zu\n", func, n);
}

static const char *order_of(const struct hash_table *t, const char *name,
			    const char *path)
{
	bool up = false, down = false, any = false;
	long long prev = 0, v;
	size_t i;

	for (i = 0; i < t->nentries; i++) {
		if (!hash_entry_value(&t->entries[i], name, &v))
			die(PROG, "%s: line %lu: the entry has no value '%s'",
			    input_name(path), t->entries[i].line, name);
		if (any) {
			up |= v > prev;
			down |= v < prev;
		}
		prev = v;
		any = true;
	}
	if (up && down)
		return "unsorted";
	return up ? "ascending" : down ? "descending" : "equal";
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct hash_table t;
	const char *order = NULL;
	long long hitcount;
	size_t i;

	parse_options(argc, argv, &o);
	hash_read_table_or_die(PROG, o.path, o.table, &t);
	if (o.table && !t.header)
		die(PROG, "%s: no table whose header starts with '# hash:%s'",
		    input_name(o.path), o.table);
	if (o.order)
		order = order_of(&t, o.order, o.path);
	hitcount = value_total(&t, "hitcount");
	printf("entries %zu\n", t.nentries);
	printf("hits %lld\n", t.totals.present ? t.totals.hits : -1);
	printf("dropped %lld\n", t.totals.present ? t.totals.dropped : -1);
	print_totals(&t);
	printf("consistent %s\n", t.nentries && t.totals.hits >= 0 &&
	       t.totals.hits == hitcount + (t.totals.dropped > 0 ? t.totals.dropped : 0)
	       ? "yes" : "no");
	for (i = 0; i < o.nthrough; i++)
		print_through(&t, o.through[i]);
	if (order)
		printf("order:%s %s\n", o.order, order);
	free(o.through);
	hash_table_free(&t);
	return 0;
}
