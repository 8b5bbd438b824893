// SPDX-License-Identifier: GPL-2.0
/*
 * hash-symbolize: turn raw addresses in hash trigger output into
 * sym+0xoff/0xsize, using a System.map.
 */
#include "hashout.h"
#include "symmap.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define PROG "hash-symbolize"

static void usage(void)
{
	fputs(
"usage: hash-symbolize --system-map FILE < hash > hash\n"
"\n"
"Rewrites the raw addresses (0xffffffff81234567, 0xc10a1b2c) that a kernel\n"
"without KALLSYMS prints in stacktrace keys as sym+0xoff/0xsize, using the\n"
"text symbols (t, T, w, W) of that kernel's System.map; a symbol's size is\n"
"the distance to the next symbol address. Key fields that hold raw\n"
"addresses are rewritten too: with a '# hash:' header, only the .sym\n"
"(as sym) and .sym-offset (as sym+0xoff/0xsize) fields; without one, every\n"
"hex value inside the text symbols. Addresses outside the text symbols\n"
"and every other byte pass through unchanged.\n", stdout);
}

enum sym_style { STYLE_NONE, STYLE_NAME, STYLE_FULL };

/* Which key fields hold addresses, from the "# hash:KEYS:..." header. */
struct key_styles {
	bool have_header;
	char **names;
	enum sym_style *styles;
	size_t n, cap_names, cap_styles;
};

static void add_key_style(struct key_styles *ks, const char *key, size_t len)
{
	const char *dot = memchr(key, '.', len);
	enum sym_style style = STYLE_NONE;
	size_t namelen = dot ? (size_t)(dot - key) : len;

	if (dot && len - namelen == strlen(".sym") && !strncmp(dot, ".sym", 4))
		style = STYLE_NAME;
	else if (dot && len - namelen == strlen(".sym-offset") &&
		 !strncmp(dot, ".sym-offset", 11))
		style = STYLE_FULL;
	grow(&ks->names, &ks->cap_names, ks->n + 1, sizeof(*ks->names));
	grow(&ks->styles, &ks->cap_styles, ks->n + 1, sizeof(*ks->styles));
	ks->names[ks->n] = xstrndup(key, namelen);
	ks->styles[ks->n++] = style;
}

/* "# hash:common_pid.execname,call_site.sym:hitcount:..." */
static void read_header(struct key_styles *ks, const char *line)
{
	const char *keys = strstr(line, "hash:") + strlen("hash:");
	size_t keys_len = strcspn(keys, ": \t\r\n");

	if (ks->have_header)
		return;
	ks->have_header = true;
	while (keys_len) {
		size_t len = strcspn(keys, ",");

		if (len > keys_len)
			len = keys_len;
		add_key_style(ks, keys, len);
		keys += len;
		keys_len -= len;
		if (keys_len) {
			keys++;
			keys_len--;
		}
	}
}

static enum sym_style field_style(const struct key_styles *ks,
				  const char *field)
{
	size_t namelen = strcspn(field, ":"), i;

	if (!ks->have_header)
		return STYLE_FULL;
	for (i = 0; i < ks->n; i++)
		if (strlen(ks->names[i]) == namelen &&
		    !strncmp(ks->names[i], field, namelen))
			return ks->styles[i];
	return STYLE_NONE;
}

static void free_key_styles(struct key_styles *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		free(ks->names[i]);
	free(ks->names);
	free(ks->styles);
}

/* Append the symbolic form of the address in text[0..len), if it has one. */
static bool add_symbolic(struct strbuf *out, const struct symmap *map,
			 const char *text, size_t len, enum sym_style style)
{
	unsigned long long addr;
	const struct symbol *s;

	if (style == STYLE_NONE || !parse_hex_addr(text, len, &addr))
		return false;
	s = symmap_lookup(map, addr);
	if (!s)
		return false;
	if (style == STYLE_NAME)
		sb_adds(out, s->name);
	else
		sb_addf(out, "%s+0x%llx/0x%llx", s->name, addr - s->addr, s->size);
	return true;
}

/* "         0xffffffff81234567" -> "         sym+0x1/0x2", else as is. */
static void symbolize_frame(struct strbuf *out, const struct symmap *map,
			    const char *line)
{
	size_t lead = strspn(line, " \t");
	size_t len = strcspn(line + lead, " \t\r\n");

	sb_add(out, line, lead);
	if (!add_symbolic(out, map, line + lead, len, STYLE_FULL))
		sb_add(out, line + lead, len);
	sb_adds(out, line + lead + len);
}

/* Key fields: rebuilt only when one of them changes, else copied. */
static void symbolize_key(struct strbuf *out, const struct symmap *map,
			  const struct key_styles *ks, const char *line)
{
	const char *text = hash_key_text(line), *vals = hash_inline_vals(text);
	size_t text_len = vals ? (size_t)(vals - text) : strlen(text);
	struct strbuf key = { 0 };
	char **fields;
	size_t n = hash_split_fields(text, text_len, &fields), i, used;
	bool changed = false;

	for (i = 0; i < n; i++) {
		const char *value = hash_field_value(fields[i]);
		size_t vlen = strlen(value);

		sb_adds(&key, i ? ", " : "");
		sb_add(&key, fields[i], (size_t)(value - fields[i]));
		if (add_symbolic(&key, map, value, vlen, field_style(ks, fields[i])))
			changed = true;
		else
			sb_add(&key, value, vlen);
		free(fields[i]);
	}
	free(fields);
	if (changed) {
		used = strlen(key.s);
		sb_add(out, line, (size_t)(text - line));
		sb_add(out, key.s, used);
		/* what followed the fields: white space, inline vals, newline */
		text += text_len;
		while (text > hash_key_text(line) && isspace((unsigned char)text[-1]))
			text--;
		sb_adds(out, text);
	} else {
		sb_adds(out, line);
	}
	sb_free(&key);
}

static void symbolize_stream(FILE *in, FILE *out, const struct symmap *map)
{
	struct hash_lexer lx;
	struct key_styles ks = { 0 };
	struct strbuf buf = { 0 };
	char *line = NULL, err[HASH_ERR_LEN];
	size_t linecap = 0;
	ssize_t n;

	hash_lexer_init(&lx);
	while ((n = getline(&line, &linecap, in)) >= 0) {
		enum hash_line_kind kind;
		char *copy = xstrndup(line, (size_t)n);

		if (n && copy[n - 1] == '\n')
			copy[n - 1] = '\0';
		if (!hash_lex_line(&lx, copy, &kind, err, sizeof(err)))
			die(PROG, "stdin: %s", err);
		free(copy);
		sb_reset(&buf);
		if (kind == HASH_HEADER)
			read_header(&ks, line);
		if (kind == HASH_FRAME)
			symbolize_frame(&buf, map, line);
		else if (kind == HASH_KEY_FIELDS || kind == HASH_KEY_FIELDS_VALS)
			symbolize_key(&buf, map, &ks, line);
		else
			sb_add(&buf, line, (size_t)n);
		fwrite(buf.s, 1, buf.len, out);
	}
	if (!hash_lex_finish(&lx, err, sizeof(err)))
		die(PROG, "stdin: %s", err);
	free(line);
	sb_free(&buf);
	free_key_styles(&ks);
}

int main(int argc, char **argv)
{
	const char *map_path = NULL;
	struct symmap map;
	int i;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			usage();
			return 0;
		} else if (!strcmp(argv[i], "--system-map")) {
			map_path = option_value(PROG, argc, argv, &i);
		} else {
			die(PROG, "unknown option '%s' (see --help)", argv[i]);
		}
	}
	if (!map_path)
		die(PROG, "--system-map FILE is required (see --help)");
	symmap_load(PROG, map_path, &map);
	symbolize_stream(stdin, stdout, &map);
	symmap_free(&map);
	return 0;
}
