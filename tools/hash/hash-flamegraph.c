// SPDX-License-Identifier: GPL-2.0
/* hash-flamegraph: folded stacks ("a;b;c 42") -> a self-contained SVG. */
#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PROG "hash-flamegraph"

#define PAD		10	/* left and right margin, px */
#define TOP		44	/* room for the title */
#define BOTTOM		24	/* room for the note line */
#define FRAME_H		16
#define CHAR_W		7.2	/* monospace at 12px */
#define MIN_W		0.1	/* frames narrower than this are left out */

static void usage(void)
{
	fputs(
"usage: hash-flamegraph [--title T] [--width PX] < folded > graph.svg\n"
"\n"
"Reads folded stacks (\"root;child;leaf VALUE\" lines, e.g. from\n"
"hash-folded) and writes an SVG flame graph: one rectangle per frame,\n"
"as wide as its share of the total, roots at the bottom, siblings sorted\n"
"by name, a tooltip with name, value and percentage, colours derived\n"
"from the name. Click a frame to zoom into it, the background to zoom\n"
"out. Frames narrower than 0.1 px are left out.\n"
"  --title T    heading (default \"Flame Graph\")\n"
"  --width PX   image width (default 1200)\n", stdout);
}

struct node {
	char *name;
	long long value;
	struct node **kids;
	size_t nkids, cap;
};

struct graph {
	const char *title;
	double width;
	int depth;		/* deepest stack */
	struct node root;
};

static struct node *child(struct node *parent, const char *name, size_t len)
{
	struct node *k;
	size_t i;

	for (i = 0; i < parent->nkids; i++) {
		k = parent->kids[i];
		if (strlen(k->name) == len && !strncmp(k->name, name, len))
			return k;
	}
	k = xmalloc(sizeof(*k));
	memset(k, 0, sizeof(*k));
	k->name = xstrndup(name, len);
	grow(&parent->kids, &parent->cap, parent->nkids + 1, sizeof(*parent->kids));
	parent->kids[parent->nkids++] = k;
	return k;
}

static void add_stack(struct graph *g, const char *stack, size_t len,
		      long long value, unsigned long lineno)
{
	struct node *n = &g->root;
	const char *p = stack, *end = stack + len;
	int depth = 0;

	n->value += value;
	while (p <= end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		size_t flen = semi ? (size_t)(semi - p) : (size_t)(end - p);

		if (!flen)
			die(PROG, "stdin: line %lu: empty frame name", lineno);
		n = child(n, p, flen);
		n->value += value;
		depth++;
		if (!semi)
			break;
		p = semi + 1;
	}
	if (depth > g->depth)
		g->depth = depth;
}

static void read_folded(FILE *in, struct graph *g)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;

	while ((n = getline(&line, &cap, in)) >= 0) {
		char *space;
		long long value;

		lineno++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n)
			continue;
		space = strrchr(line, ' ');
		if (!space || space == line || !parse_ll(space + 1, &value) || value < 0)
			die(PROG, "stdin: line %lu: want 'frame;frame;... COUNT', got '%.40s'",
			    lineno, line);
		add_stack(g, line, (size_t)(space - line), value, lineno);
	}
	free(line);
	if (!g->root.value)
		die(PROG, "stdin: no folded stacks with a value above 0");
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(struct node *const *)a)->name, (*(struct node *const *)b)->name);
}

static void xml_escaped(FILE *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default:
			/* control characters are not allowed in XML 1.0 */
			fputc((unsigned char)s[i] < 0x20 ? '?' : s[i], out);
		}
	}
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Warm colours: red-orange-yellow, the same for the same name. */
static void print_colour(FILE *out, const char *name)
{
	uint32_t h = name_hash(name);

	fprintf(out, "rgb(%u,%u,%u)", 205 + h % 50, 60 + (h >> 8) % 170,
		(h >> 16) % 60);
}

/* The name cut to fit width px ("long_na.."), or nothing if too narrow. */
static size_t fitting_chars(const char *name, double width, bool *cut)
{
	double room = floor((width - 6) / CHAR_W);
	size_t len = strlen(name);

	*cut = false;
	if (room < 3)
		return 0;
	if ((double)len <= room)
		return len;
	*cut = true;
	return (size_t)room - 2;
}

static void print_frame(FILE *out, const struct graph *g, const struct node *n,
			double x_frac, int depth)
{
	double span = g->width - 2 * PAD, w = n->value / (double)g->root.value;
	double x = PAD + x_frac * span, y = TOP + (g->depth - depth) * FRAME_H;
	bool cut;
	size_t chars = fitting_chars(n->name, w * span, &cut);

	fprintf(out, "<g class=\"fr\" data-x=\"%.9f\" data-w=\"%.9f\" data-d=\"%d\" data-n=\"",
		x_frac, w, depth);
	xml_escaped(out, n->name, strlen(n->name));
	fputs("\" onclick=\"zoom(this)\">\n<title>", out);
	xml_escaped(out, n->name, strlen(n->name));
	fprintf(out, " (%lld, %.2f%%)</title>\n", n->value, 100.0 * w);
	fprintf(out, "<rect class=\"fr\" x=\"%.2f\" y=\"%d.0\" width=\"%.2f\" height=\"%d\" rx=\"2\" fill=\"",
		x, (int)y, w * span, FRAME_H - 1);
	print_colour(out, n->name);
	fprintf(out, "\"/>\n<text x=\"%.2f\" y=\"%d.0\">", x + 3, (int)y + 12);
	xml_escaped(out, n->name, chars);
	fputs(cut ? "..</text>\n</g>\n" : "</text>\n</g>\n", out);
}

static void print_frames(FILE *out, const struct graph *g, struct node *n,
			 double x_frac, int depth)
{
	size_t i;

	if (n->nkids)
		qsort(n->kids, n->nkids, sizeof(*n->kids), by_name);
	for (i = 0; i < n->nkids; i++) {
		struct node *k = n->kids[i];
		double w = k->value / (double)g->root.value;

		if (w * (g->width - 2 * PAD) >= MIN_W) {
			print_frame(out, g, k, x_frac, depth + 1);
			print_frames(out, g, k, x_frac, depth + 1);
		}
		x_frac += w;
	}
}

static const char zoom_script[] =
"<script type=\"text/ecmascript\"><![CDATA[\n"
"var frames = document.getElementsByTagName('g');\n"
"function attr(f, a) { return parseFloat(f.getAttribute(a)); }\n"
"function place(f, x, w) {\n"
"  var r = f.getElementsByTagName('rect')[0], t = f.getElementsByTagName('text')[0];\n"
"  var n = f.getAttribute('data-n'), px = PAD + x * SPAN, pw = w * SPAN;\n"
"  var room = Math.floor((pw - 6) / CHAR_W);\n"
"  f.style.display = '';\n"
"  r.setAttribute('x', px.toFixed(2));\n"
"  r.setAttribute('width', pw.toFixed(2));\n"
"  t.setAttribute('x', (px + 3).toFixed(2));\n"
"  t.textContent = room < 3 ? '' : n.length <= room ? n : n.substr(0, room - 2) + '..';\n"
"}\n"
"function zoom(z) {\n"
"  var zx = attr(z, 'data-x'), zw = attr(z, 'data-w'), zd = attr(z, 'data-d'), e = 1e-9;\n"
"  for (var i = 0; i < frames.length; i++) {\n"
"    var f = frames[i], x = attr(f, 'data-x'), w = attr(f, 'data-w'), d = attr(f, 'data-d');\n"
"    if (d >= zd && x >= zx - e && x + w <= zx + zw + e) place(f, (x - zx) / zw, w / zw);\n"
"    else if (d < zd && x <= zx + e && x + w >= zx + zw - e) place(f, 0, 1);\n"
"    else f.style.display = 'none';\n"
"  }\n"
"}\n"
"function unzoom() {\n"
"  for (var i = 0; i < frames.length; i++)\n"
"    place(frames[i], attr(frames[i], 'data-x'), attr(frames[i], 'data-w'));\n"
"}\n"
"]]></script>\n";

static void print_svg(FILE *out, struct graph *g)
{
	int height = TOP + g->depth * FRAME_H + BOTTOM;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n", out);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
		"width=\"%.0f\" height=\"%d\" viewBox=\"0 0 %.0f %d\" "
		"font-family=\"monospace\" font-size=\"12\">\n",
		g->width, height, g->width, height);
	fprintf(out, "<script type=\"text/ecmascript\">var PAD = %d, SPAN = %.2f, CHAR_W = %.1f;</script>\n",
		PAD, g->width - 2 * PAD, CHAR_W);
	fputs(zoom_script, out);
	fputs("<rect id=\"background\" x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" "
	      "fill=\"#f6f6f0\" onclick=\"unzoom()\"/>\n", out);
	fprintf(out, "<text x=\"%.1f\" y=\"24\" text-anchor=\"middle\" font-size=\"17\">",
		g->width / 2);
	xml_escaped(out, g->title, strlen(g->title));
	fputs("</text>\n", out);
	fprintf(out, "<text x=\"%d\" y=\"%d\" fill=\"#555\">total %lld; click a frame to zoom, "
		"the background to zoom out</text>\n", PAD, height - 8, g->root.value);
	print_frames(out, g, &g->root, 0.0, 0);
	fputs("</svg>\n", out);
}

static void free_node(struct node *n)
{
	size_t i;

	for (i = 0; i < n->nkids; i++) {
		free_node(n->kids[i]);
		free(n->kids[i]);
	}
	free(n->kids);
	free(n->name);
}

int main(int argc, char **argv)
{
	struct graph g = { .title = "Flame Graph", .width = 1200 };
	int i;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			usage();
			return 0;
		} else if (!strcmp(argv[i], "--title")) {
			g.title = option_value(PROG, argc, argv, &i);
		} else if (!strcmp(argv[i], "--width")) {
			g.width = (double)option_number(PROG, argc, argv, &i, 2 * PAD + 10);
		} else {
			die(PROG, "unknown option '%s' (see --help)", argv[i]);
		}
	}
	read_folded(stdin, &g);
	print_svg(stdout, &g);
	free_node(&g.root);
	return 0;
}
