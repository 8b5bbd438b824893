/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading what the kernel prints in events/<sys>/<event>/hash:
 *
 *   # hash:stacktrace:hitcount,bytes_req:sort=hitcount.descending:size=2048
 *   key: stacktrace:
 *            trace_kmalloc+0x48/0x4d        (one frame a line, leaf first)
 *   vals: hitcount:2 bytes_req:1296, bytes_alloc:2048
 *   key: common_pid:ls[28], id:sys_newfstatat
 *   vals: hitcount:14628
 *   Totals:
 *       Hits: 33
 *       Entries: 28
 *       Dropped: 0
 *
 * Also the 2014 slides' form: `count:` instead of `hitcount:` (renamed to
 * hitcount when there is no hitcount), frames without indentation, no
 * header, and `key: ... vals: ...` on one line.
 */
#ifndef HASHOUT_H
#define HASHOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct hash_entry {
	bool is_stack;
	char **items;		/* frames, leaf first, or "name:value" fields */
	size_t nitems;
	char **val_names;	/* as printed; "count" renamed hitcount */
	long long *vals;
	size_t nvals;
	unsigned long line;	/* of its key: line */
};

struct hash_totals {
	bool present;
	long long hits, entries, dropped;	/* -1 when not printed */
};

struct hash_table {
	char *header;		/* "hash:..." from a "# hash:" comment, or NULL */
	struct hash_entry *entries;
	size_t nentries;
	struct hash_totals totals;
};

/* Kinds of input lines, as the line-by-line reader classifies them. */
enum hash_line_kind {
	HASH_SKIP,		/* blank line or comment */
	HASH_HEADER,		/* "# hash:..." comment */
	HASH_KEY_STACK,		/* "key: stacktrace:" */
	HASH_KEY_FIELDS,	/* "key: a:1, b:2" */
	HASH_KEY_FIELDS_VALS,	/* "key: a:1, b:2 vals: hitcount:3" */
	HASH_FRAME,		/* one stack frame */
	HASH_VALS,		/* "vals: ..." */
	HASH_TOTALS,		/* "Totals:" */
	HASH_TOTALS_ITEM,	/* "Hits: N" and the like */
};

struct hash_lexer {
	int state;
	unsigned long lineno;
	size_t nframes;
};

#define HASH_ERR_LEN 256

void hash_lexer_init(struct hash_lexer *lx);
/* Classify the next line (without its newline); false + err on bad input. */
bool hash_lex_line(struct hash_lexer *lx, const char *line,
		   enum hash_line_kind *kind, char *err, size_t errlen);
/* At end of input: false + err if a key is left without vals. */
bool hash_lex_finish(const struct hash_lexer *lx, char *err, size_t errlen);

/* Read a whole hash file. false + err ("line N: ...") on malformed input. */
bool hash_read(FILE *f, struct hash_table *t, char *err, size_t errlen);
/*
 * The same, keeping only the table whose "# hash:" header's spec starts
 * with prefix (an output with one table per trigger of an event); all of
 * the input is still checked. No such table: no entries, no totals.
 */
bool hash_read_table(FILE *f, const char *prefix, struct hash_table *t,
		     char *err, size_t errlen);
void hash_table_free(struct hash_table *t);

/* Text after "key:" and the start of an inline " vals:" (or NULL). */
const char *hash_key_text(const char *line);
const char *hash_inline_vals(const char *key_text);

/* Split key fields "a:1, b:x, y" at ", " before a "name:"; returns count. */
size_t hash_split_fields(const char *text, size_t len, char ***fields);

/* A frame's function name: "f+0x1/0x2 [mod]" -> length of "f". */
size_t hash_frame_name_len(const char *frame);
/* The value of a "name:value" key field. */
const char *hash_field_value(const char *field);
/* Value NAME of an entry; false if the entry has none. */
bool hash_entry_value(const struct hash_entry *e, const char *name,
		      long long *out);
/* Does any entry have value NAME? */
bool hash_table_has_value(const struct hash_table *t, const char *name);

/* Read a named file or "-"; on error die "PROG: FILE: line N: ...". */
void hash_read_or_die(const char *prog, const char *path,
		      struct hash_table *t);
void hash_read_table_or_die(const char *prog, const char *path,
			    const char *prefix, struct hash_table *t);

#endif
