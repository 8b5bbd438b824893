// SPDX-License-Identifier: GPL-2.0
/* The hash trigger output reader: see hashout.h for the format. */
#include "hashout.h"
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { ST_TOP, ST_STACK, ST_FIELDS, ST_TOTALS };

/* Parsed "vals:" text. */
struct vals {
	char **names;
	long long *vals;
	size_t n, cap_names, cap_vals;
};

static void set_err(char *err, size_t errlen, unsigned long lineno,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void set_err(char *err, size_t errlen, unsigned long lineno,
		    const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "line %lu: ", lineno);

	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* Length of s without trailing white space (also a CR from CRLF files). */
static size_t trimmed_len(const char *s, size_t len)
{
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return len;
}

static void vals_free(struct vals *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->names[i]);
	free(v->names);
	free(v->vals);
	memset(v, 0, sizeof(*v));
}

static ssize_t vals_find(const struct vals *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->names[i], name))
			return (ssize_t)i;
	return -1;
}

static bool parse_one_val(const char *tok, size_t len, struct vals *v,
			  char *msg, size_t msglen)
{
	const char *colon = memchr(tok, ':', len);
	char *num;
	long long value;
	bool good;

	if (!colon || colon == tok) {
		snprintf(msg, msglen, "bad value '%.*s' (want name:number)",
			 (int)(len > 40 ? 40 : len), tok);
		return false;
	}
	num = xstrndup(colon + 1, len - (size_t)(colon + 1 - tok));
	good = parse_ll(num, &value);
	free(num);
	if (!good) {
		snprintf(msg, msglen, "bad number in '%.*s'",
			 (int)(len > 40 ? 40 : len), tok);
		return false;
	}
	grow(&v->names, &v->cap_names, v->n + 1, sizeof(*v->names));
	grow(&v->vals, &v->cap_vals, v->n + 1, sizeof(*v->vals));
	v->names[v->n] = xstrndup(tok, (size_t)(colon - tok));
	v->vals[v->n++] = value;
	return true;
}

/*
 * "vals: hitcount:2 bytes_req:1296, bytes_alloc:2048" (from "vals:" on).
 * The slides' "count:" is the hit count when there is no "hitcount:".
 */
static bool parse_vals(const char *text, size_t len, struct vals *v,
		       char *msg, size_t msglen)
{
	const char *p = text + strlen("vals:"), *end = text + len;
	ssize_t count;

	while (p < end) {
		const char *tok;

		while (p < end && (isspace((unsigned char)*p) || *p == ','))
			p++;
		if (p == end)
			break;
		tok = p;
		while (p < end && !isspace((unsigned char)*p) && *p != ',')
			p++;
		if (!parse_one_val(tok, (size_t)(p - tok), v, msg, msglen))
			return false;
	}
	if (vals_find(v, "hitcount") >= 0)
		return true;
	count = vals_find(v, "count");
	if (count < 0) {
		snprintf(msg, msglen, "vals: without hitcount");
		return false;
	}
	free(v->names[count]);
	v->names[count] = xstrdup("hitcount");
	return true;
}

static bool check_vals(const char *text, size_t len, char *msg, size_t msglen)
{
	struct vals v = { 0 };
	bool good = parse_vals(text, len, &v, msg, msglen);

	vals_free(&v);
	return good;
}

const char *hash_key_text(const char *line)
{
	return skip_space(skip_space(line) + strlen("key:"));
}

const char *hash_inline_vals(const char *key_text)
{
	const char *p = key_text;

	while ((p = strstr(p, "vals:"))) {
		if (p > key_text && isspace((unsigned char)p[-1]))
			return p;
		p++;
	}
	return NULL;
}

/* Does a key field ("name:...") start at s? */
static bool field_starts(const char *s, const char *end)
{
	if (s >= end || !(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	while (s < end && (isalnum((unsigned char)*s) || *s == '_' || *s == '.'))
		s++;
	return s < end && *s == ':';
}

size_t hash_split_fields(const char *text, size_t len, char ***fields)
{
	const char *end = text + trimmed_len(text, len), *start = text, *p;
	size_t n = 0, cap = 0;

	*fields = NULL;
	for (p = text; p <= end; p++) {
		bool at_sep = p + 1 < end && p[0] == ',' && p[1] == ' ' &&
			      field_starts(skip_space(p + 1), end);

		if (p != end && !at_sep)
			continue;
		grow(fields, &cap, n + 1, sizeof(**fields));
		(*fields)[n++] = xstrndup(start, (size_t)(p - start));
		if (p == end)
			break;
		start = skip_space(p + 1);
		p = start - 1;
	}
	return n;
}

static bool check_fields(const char *text, size_t len, char *msg,
			 size_t msglen)
{
	char **fields;
	size_t n = hash_split_fields(text, len, &fields), i;
	bool good = n > 0;

	for (i = 0; i < n; i++) {
		if (good && !field_starts(fields[i], fields[i] + strlen(fields[i]))) {
			snprintf(msg, msglen, "bad key field '%.40s' (want name:value)",
				 fields[i]);
			good = false;
		}
		free(fields[i]);
	}
	free(fields);
	if (!n)
		snprintf(msg, msglen, "empty key");
	return good;
}

void hash_lexer_init(struct hash_lexer *lx)
{
	memset(lx, 0, sizeof(*lx));
	lx->state = ST_TOP;
}

static bool lex_key(struct hash_lexer *lx, const char *p, size_t len,
		    enum hash_line_kind *kind, char *msg, size_t msglen)
{
	const char *text = hash_key_text(p), *vals;
	size_t tlen = len - (size_t)(text - p);

	if (lx->state == ST_STACK || lx->state == ST_FIELDS) {
		snprintf(msg, msglen, "key: before the previous key's vals:");
		return false;
	}
	if (tlen == strlen("stacktrace:") && starts_with(text, "stacktrace:")) {
		lx->state = ST_STACK;
		lx->nframes = 0;
		*kind = HASH_KEY_STACK;
		return true;
	}
	vals = hash_inline_vals(text);
	if (vals && (size_t)(vals - text) < tlen) {
		if (!check_fields(text, (size_t)(vals - text), msg, msglen) ||
		    !check_vals(vals, tlen - (size_t)(vals - text), msg, msglen))
			return false;
		lx->state = ST_TOP;
		*kind = HASH_KEY_FIELDS_VALS;
		return true;
	}
	if (!check_fields(text, tlen, msg, msglen))
		return false;
	lx->state = ST_FIELDS;
	*kind = HASH_KEY_FIELDS;
	return true;
}

static bool lex_vals(struct hash_lexer *lx, const char *p, size_t len,
		     enum hash_line_kind *kind, char *msg, size_t msglen)
{
	if (lx->state == ST_STACK && !lx->nframes) {
		snprintf(msg, msglen, "stacktrace key without frames");
		return false;
	}
	if (lx->state != ST_STACK && lx->state != ST_FIELDS) {
		snprintf(msg, msglen, "vals: without a key");
		return false;
	}
	if (!check_vals(p, len, msg, msglen))
		return false;
	lx->state = ST_TOP;
	*kind = HASH_VALS;
	return true;
}

/* "Hits: 33" */
static bool is_totals_item(const char *p, size_t len)
{
	const char *colon = memchr(p, ':', len);
	long long v;
	char *num;
	bool good;

	if (!colon || colon == p)
		return false;
	num = xstrndup(colon + 1, len - (size_t)(colon + 1 - p));
	good = parse_ll(skip_space(num), &v);
	free(num);
	return good;
}

static bool lex_other(struct hash_lexer *lx, const char *p, size_t len,
		      enum hash_line_kind *kind, char *msg, size_t msglen)
{
	switch (lx->state) {
	case ST_STACK:
		if (memchr(p, ':', len)) {
			snprintf(msg, msglen, "expected a stack frame or vals:, got '%.*s'",
				 (int)(len > 40 ? 40 : len), p);
			return false;
		}
		lx->nframes++;
		*kind = HASH_FRAME;
		return true;
	case ST_TOTALS:
		if (is_totals_item(p, len)) {
			*kind = HASH_TOTALS_ITEM;
			return true;
		}
		snprintf(msg, msglen, "expected 'Name: number' in Totals, got '%.*s'",
			 (int)(len > 40 ? 40 : len), p);
		return false;
	case ST_FIELDS:
		snprintf(msg, msglen, "expected vals: after the key, got '%.*s'",
			 (int)(len > 40 ? 40 : len), p);
		return false;
	default:
		snprintf(msg, msglen, "expected key:, vals: or Totals:, got '%.*s'",
			 (int)(len > 40 ? 40 : len), p);
		return false;
	}
}

bool hash_lex_line(struct hash_lexer *lx, const char *line,
		   enum hash_line_kind *kind, char *err, size_t errlen)
{
	const char *p = skip_space(line);
	size_t len = trimmed_len(p, strlen(p));
	char msg[HASH_ERR_LEN];
	bool good = true;

	lx->lineno++;
	*kind = HASH_SKIP;
	if (!len)
		return true;
	if (*p == '#') {
		if (starts_with(skip_space(p + 1), "hash:"))
			*kind = HASH_HEADER;
		return true;
	}
	if (starts_with(p, "key:")) {
		good = lex_key(lx, p, len, kind, msg, sizeof(msg));
	} else if (starts_with(p, "vals:")) {
		good = lex_vals(lx, p, len, kind, msg, sizeof(msg));
	} else if (len == strlen("Totals:") && starts_with(p, "Totals:")) {
		if (lx->state == ST_STACK || lx->state == ST_FIELDS) {
			snprintf(msg, sizeof(msg), "Totals: before the previous key's vals:");
			good = false;
		} else {
			lx->state = ST_TOTALS;
			*kind = HASH_TOTALS;
		}
	} else {
		good = lex_other(lx, p, len, kind, msg, sizeof(msg));
	}
	if (!good)
		set_err(err, errlen, lx->lineno, "%s", msg);
	return good;
}

bool hash_lex_finish(const struct hash_lexer *lx, char *err, size_t errlen)
{
	if (lx->state == ST_STACK || lx->state == ST_FIELDS) {
		set_err(err, errlen, lx->lineno, "input ends before the last key's vals:");
		return false;
	}
	return true;
}

/* Building a table from classified lines. */

static struct hash_entry *new_entry(struct hash_table *t, size_t *cap,
				    bool is_stack, unsigned long line)
{
	struct hash_entry *e;

	grow(&t->entries, cap, t->nentries + 1, sizeof(*t->entries));
	e = &t->entries[t->nentries++];
	memset(e, 0, sizeof(*e));
	e->is_stack = is_stack;
	e->line = line;
	return e;
}

static void store_vals(struct hash_entry *e, const char *text, size_t len)
{
	struct vals v = { 0 };
	char msg[HASH_ERR_LEN];

	parse_vals(text, len, &v, msg, sizeof(msg));	/* checked by the lexer */
	e->val_names = v.names;
	e->vals = v.vals;
	e->nvals = v.n;
}

static void add_total(long long *total, const char *p)
{
	long long v = 0;

	parse_ll(skip_space(strchr(p, ':') + 1), &v);
	*total = *total < 0 ? v : *total + v;
}

static void store_totals_item(struct hash_totals *totals, const char *p)
{
	if (starts_with(p, "Hits:"))
		add_total(&totals->hits, p);
	else if (starts_with(p, "Entries:"))
		add_total(&totals->entries, p);
	else if (starts_with(p, "Dropped:"))
		add_total(&totals->dropped, p);
}

static void store_line(struct hash_table *t, size_t *cap, size_t *cap_items,
		       enum hash_line_kind kind, const char *line,
		       unsigned long lineno)
{
	const char *p = skip_space(line), *text, *vals;
	size_t len = trimmed_len(p, strlen(p));
	struct hash_entry *e = t->nentries ? &t->entries[t->nentries - 1] : NULL;

	switch (kind) {
	case HASH_HEADER:
		if (!t->header)
			t->header = xstrndup(skip_space(p + 1),
					     len - (size_t)(skip_space(p + 1) - p));
		break;
	case HASH_KEY_STACK:
		new_entry(t, cap, true, lineno);
		*cap_items = 0;
		break;
	case HASH_FRAME:
		grow(&e->items, cap_items, e->nitems + 1, sizeof(*e->items));
		e->items[e->nitems++] = xstrndup(p, len);
		break;
	case HASH_KEY_FIELDS:
	case HASH_KEY_FIELDS_VALS:
		e = new_entry(t, cap, false, lineno);
		text = hash_key_text(p);
		vals = kind == HASH_KEY_FIELDS_VALS ? hash_inline_vals(text) : NULL;
		e->nitems = hash_split_fields(text, vals ? (size_t)(vals - text) :
					      len - (size_t)(text - p), &e->items);
		if (vals)
			store_vals(e, vals, len - (size_t)(vals - p));
		break;
	case HASH_VALS:
		store_vals(e, p, len);
		break;
	case HASH_TOTALS:
		if (!t->totals.present)
			t->totals = (struct hash_totals){ true, -1, -1, -1 };
		break;
	case HASH_TOTALS_ITEM:
		store_totals_item(&t->totals, p);
		break;
	case HASH_SKIP:
		break;
	}
}

/* Does a "# hash:SPEC" header line start a table whose SPEC begins with prefix? */
static bool header_selects(const char *line, const char *prefix)
{
	const char *spec = skip_space(skip_space(line) + 1);

	return starts_with(spec, "hash:") &&
	       !strncmp(spec + strlen("hash:"), prefix, strlen(prefix));
}

bool hash_read_table(FILE *f, const char *prefix, struct hash_table *t,
		     char *err, size_t errlen)
{
	struct hash_lexer lx;
	char *line = NULL;
	size_t linecap = 0, cap = 0, cap_items = 0;
	ssize_t n;
	bool good = true, selected = !prefix;

	memset(t, 0, sizeof(*t));
	hash_lexer_init(&lx);
	while (good && (n = getline(&line, &linecap, f)) >= 0) {
		enum hash_line_kind kind;

		if (n && line[n - 1] == '\n')
			line[n - 1] = '\0';
		good = hash_lex_line(&lx, line, &kind, err, errlen);
		if (good && prefix && kind == HASH_HEADER)
			selected = header_selects(line, prefix);
		if (good && selected)
			store_line(t, &cap, &cap_items, kind, line, lx.lineno);
	}
	free(line);
	if (good && ferror(f)) {
		snprintf(err, errlen, "read error");
		good = false;
	}
	return good && hash_lex_finish(&lx, err, errlen);
}

bool hash_read(FILE *f, struct hash_table *t, char *err, size_t errlen)
{
	return hash_read_table(f, NULL, t, err, errlen);
}

static void free_strings(char **s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

void hash_table_free(struct hash_table *t)
{
	size_t i;

	for (i = 0; i < t->nentries; i++) {
		free_strings(t->entries[i].items, t->entries[i].nitems);
		free_strings(t->entries[i].val_names, t->entries[i].nvals);
		free(t->entries[i].vals);
	}
	free(t->entries);
	free(t->header);
	memset(t, 0, sizeof(*t));
}

size_t hash_frame_name_len(const char *frame)
{
	size_t plus = strcspn(frame, "+"), space = strcspn(frame, " \t");

	return plus < space ? plus : space;
}

const char *hash_field_value(const char *field)
{
	const char *colon = strchr(field, ':');

	return colon ? colon + 1 : field;
}

bool hash_entry_value(const struct hash_entry *e, const char *name,
		      long long *out)
{
	size_t i;

	for (i = 0; i < e->nvals; i++) {
		if (!strcmp(e->val_names[i], name)) {
			*out = e->vals[i];
			return true;
		}
	}
	return false;
}

bool hash_table_has_value(const struct hash_table *t, const char *name)
{
	long long v;
	size_t i;

	for (i = 0; i < t->nentries; i++)
		if (hash_entry_value(&t->entries[i], name, &v))
			return true;
	return false;
}

void hash_read_or_die(const char *prog, const char *path, struct hash_table *t)
{
	hash_read_table_or_die(prog, path, NULL, t);
}

void hash_read_table_or_die(const char *prog, const char *path,
			    const char *prefix, struct hash_table *t)
{
	FILE *f = open_input(prog, path);
	char err[HASH_ERR_LEN];

	if (!hash_read_table(f, prefix, t, err, sizeof(err)))
		die(prog, "%s: %s", input_name(path), err);
	if (f != stdin)
		fclose(f);
}
