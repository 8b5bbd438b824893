// SPDX-License-Identifier: GPL-2.0
#include "symmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Global text first, then local, then weak; fewer leading '_' wins. */
static int alias_rank(char type, const char *name)
{
	static const char order[] = "TtWw";
	int underscores = (int)strspn(name, "_");

	return (int)(strchr(order, type) - order) * 16 +
	       (underscores < 15 ? underscores : 15);
}

static int by_addr_then_rank(const void *a, const void *b)
{
	const struct symbol *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool is_text_type(char type)
{
	return type && strchr("tTwW", type);
}

/* One "ffffffff81000000 T _text" line; false if it is not one. */
static bool parse_map_line(char *line, unsigned long long *addr, char *type,
			   char **name)
{
	char *addr_s = strtok(line, " \t\n"), *type_s = strtok(NULL, " \t\n");
	char *name_s = strtok(NULL, " \t\n"), *end;

	if (!addr_s || !type_s || !name_s || strlen(type_s) != 1)
		return false;
	*addr = strtoull(addr_s, &end, 16);
	if (*end || end == addr_s)
		return false;
	*type = type_s[0];
	*name = name_s;
	return true;
}

static void size_symbols(struct symmap *m)
{
	size_t i, j, cap = 0;

	for (i = 0; i < m->n; i = j) {
		unsigned long long size = 0;

		for (j = i; j < m->n && m->syms[j].addr == m->syms[i].addr; j++)
			;
		if (j < m->n)
			size = m->syms[j].addr - m->syms[i].addr;
		grow(&m->primary, &cap, m->nprimary + 1, sizeof(*m->primary));
		m->primary[m->nprimary++] = i;
		for (; i < j; i++)
			m->syms[i].size = size;
	}
}

void symmap_load(const char *prog, const char *path, struct symmap *m)
{
	FILE *f = open_input(prog, path);
	char *line = NULL;
	size_t linecap = 0, cap = 0;
	unsigned long lineno = 0;

	memset(m, 0, sizeof(*m));
	while (getline(&line, &linecap, f) >= 0) {
		unsigned long long addr;
		char type, *name;

		lineno++;
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		if (!parse_map_line(line, &addr, &type, &name))
			die(prog, "%s: line %lu: not a System.map line (want 'address type name')",
			    path, lineno);
		if (!is_text_type(type))
			continue;
		grow(&m->syms, &cap, m->n + 1, sizeof(*m->syms));
		m->syms[m->n] = (struct symbol){ .addr = addr, .name = xstrdup(name),
			.rank = alias_rank(type, name), .order = m->n };
		m->n++;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	if (!m->n)
		die(prog, "%s: no text symbols (t, T, w, W) in it", path);
	qsort(m->syms, m->n, sizeof(*m->syms), by_addr_then_rank);
	size_symbols(m);
}

void symmap_free(struct symmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->syms[i].name);
	free(m->syms);
	free(m->primary);
	memset(m, 0, sizeof(*m));
}

const struct symbol *symmap_lookup(const struct symmap *m,
				   unsigned long long addr)
{
	size_t lo = 0, hi = m->nprimary;
	const struct symbol *s;

	while (hi - lo > 1) {	/* largest primary with address <= addr */
		size_t mid = lo + (hi - lo) / 2;

		if (m->syms[m->primary[mid]].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (!m->nprimary)
		return NULL;
	s = &m->syms[m->primary[lo]];
	if (addr < s->addr || addr - s->addr >= s->size)
		return NULL;
	return s;
}

unsigned long long symmap_size_of(const struct symmap *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->syms[i].name, name))
			return m->syms[i].size;
	return 0;
}
