/* SPDX-License-Identifier: GPL-2.0 */
/* Text symbols of a System.map ("addr type name" lines), 32 or 64 bit. */
#ifndef SYMMAP_H
#define SYMMAP_H

#include <stddef.h>

struct symbol {
	unsigned long long addr, size;	/* size 0: the last one, unsized */
	char *name;
	int rank;			/* which alias wins: lower is better */
	size_t order;			/* position in the file */
};

struct symmap {
	struct symbol *syms;		/* every text symbol, by address */
	size_t n;
	size_t *primary;		/* index of one symbol per address */
	size_t nprimary;
};

/* Load the t/T/w/W symbols of a System.map; die() on a malformed line. */
void symmap_load(const char *prog, const char *path, struct symmap *m);
void symmap_free(struct symmap *m);
/* The symbol an address falls in, or NULL outside the text symbols. */
const struct symbol *symmap_lookup(const struct symmap *m,
				   unsigned long long addr);
/* Size of the symbol called name (0 if there is none). */
unsigned long long symmap_size_of(const struct symmap *m, const char *name);

#endif
