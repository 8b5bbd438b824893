// SPDX-License-Identifier: GPL-2.0
/* hash-folded: hash trigger output -> folded stacks ("a;b;c 42"). */
#include "hashout.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define PROG "hash-folded"

static void usage(void)
{
	fputs(
"usage: hash-folded [--value NAME] < hash > folded\n"
"\n"
"Prints one line per distinct key in the folded-stack format that flame\n"
"graph tools read: the frames root first (the kernel prints the leaf\n"
"first) joined by ';', a space, then the value NAME of the entry\n"
"(default: hitcount). Frames lose their +0xoff/0xsize. A key of fields\n"
"is folded field by field, in order (\"ls[28];sys_newfstatat 14628\").\n"
"Keys that fold to the same line are summed; lines are sorted.\n", stdout);
}

struct folded {
	char *stack;
	long long value;
};

/* A frame or field value as a folded frame: ';' would split it. */
static void add_frame(struct strbuf *sb, const char *name, size_t len)
{
	size_t i;

	if (sb->len)
		sb_adds(sb, ";");
	for (i = 0; i < len; i++)
		sb_add(sb, name[i] == ';' || name[i] == '\n' ? "_" : &name[i], 1);
}

static char *fold_entry(const struct hash_entry *e)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < e->nitems; i++) {
		if (e->is_stack) {
			const char *frame = e->items[e->nitems - 1 - i];

			add_frame(&sb, frame, hash_frame_name_len(frame));
		} else {
			const char *value = hash_field_value(e->items[i]);

			add_frame(&sb, value, strlen(value));
		}
	}
	return sb.s ? sb.s : xstrdup("");
}

static int by_stack(const void *a, const void *b)
{
	return strcmp(((const struct folded *)a)->stack,
		      ((const struct folded *)b)->stack);
}

/* Sort, then sum neighbours with the same stack; returns the new count. */
static size_t merge_same_stacks(struct folded *f, size_t n)
{
	size_t i, out = 0;

	qsort(f, n, sizeof(*f), by_stack);
	for (i = 0; i < n; i++) {
		if (out && !strcmp(f[out - 1].stack, f[i].stack)) {
			f[out - 1].value += f[i].value;
			free(f[i].stack);
		} else {
			f[out++] = f[i];
		}
	}
	return out;
}

int main(int argc, char **argv)
{
	const char *value_name = "hitcount";
	struct hash_table t;
	struct folded *f;
	size_t i, n;
	int a;

	for (a = 1; a < argc; a++) {
		if (is_help(argv[a])) {
			usage();
			return 0;
		} else if (!strcmp(argv[a], "--value")) {
			value_name = option_value(PROG, argc, argv, &a);
		} else {
			die(PROG, "unknown option '%s' (see --help)", argv[a]);
		}
	}
	hash_read_or_die(PROG, "-", &t);
	f = xmalloc(t.nentries * sizeof(*f));
	for (i = 0; i < t.nentries; i++) {
		const struct hash_entry *e = &t.entries[i];

		if (!hash_entry_value(e, value_name, &f[i].value))
			die(PROG, "stdin: line %lu: the entry has no value '%s'",
			    e->line, value_name);
		f[i].stack = fold_entry(e);
	}
	n = merge_same_stacks(f, t.nentries);
	for (i = 0; i < n; i++) {
		printf("%s %lld\n", f[i].stack, f[i].value);
		free(f[i].stack);
	}
	free(f);
	hash_table_free(&t);
	return 0;
}
