// SPDX-License-Identifier: GPL-2.0
#include "elftext.h"
#include "util.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	do {
		grow(&buf, &cap, *len + 65536, 1);
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n);
	fclose(f);
	return buf;
}

static bool counts_as_text(const char *name, unsigned long long flags)
{
	return (flags & SHF_EXECINSTR) && (flags & SHF_ALLOC) &&
	       strncmp(name, ".init", 5) && strncmp(name, ".exit", 5);
}

/* The section headers, class-independent. */
struct section {
	unsigned long long name, flags, size, offset;
};

static bool get_section(const char *buf, size_t len, bool is64, size_t i,
			struct section *s)
{
	if (is64) {
		const Elf64_Ehdr *eh = (const void *)buf;
		Elf64_Shdr sh;

		if (eh->e_shoff + (i + 1) * sizeof(sh) > len)
			return false;
		memcpy(&sh, buf + eh->e_shoff + i * sizeof(sh), sizeof(sh));
		*s = (struct section){ sh.sh_name, sh.sh_flags, sh.sh_size, sh.sh_offset };
	} else {
		const Elf32_Ehdr *eh = (const void *)buf;
		Elf32_Shdr sh;

		if (eh->e_shoff + (i + 1) * sizeof(sh) > len)
			return false;
		memcpy(&sh, buf + eh->e_shoff + i * sizeof(sh), sizeof(sh));
		*s = (struct section){ sh.sh_name, sh.sh_flags, sh.sh_size, sh.sh_offset };
	}
	return true;
}

static bool sum_text(const char *buf, size_t len, long long *size)
{
	bool is64;
	size_t shnum, shstrndx, i;
	struct section strtab, s;

	if (len < sizeof(Elf32_Ehdr) || memcmp(buf, ELFMAG, SELFMAG))
		return false;
	is64 = buf[EI_CLASS] == ELFCLASS64;
	if (is64 && len < sizeof(Elf64_Ehdr))
		return false;
	shnum = is64 ? ((const Elf64_Ehdr *)(const void *)buf)->e_shnum
		     : ((const Elf32_Ehdr *)(const void *)buf)->e_shnum;
	shstrndx = is64 ? ((const Elf64_Ehdr *)(const void *)buf)->e_shstrndx
			: ((const Elf32_Ehdr *)(const void *)buf)->e_shstrndx;
	if (shstrndx >= shnum || !get_section(buf, len, is64, shstrndx, &strtab) ||
	    strtab.offset + strtab.size > len)
		return false;
	*size = 0;
	for (i = 0; i < shnum; i++) {
		if (!get_section(buf, len, is64, i, &s) || s.name >= strtab.size)
			return false;
		if (counts_as_text(buf + strtab.offset + s.name, s.flags))
			*size += (long long)s.size;
	}
	return true;
}

bool elf_text_size(const char *path, long long *size)
{
	size_t len;
	char *buf = read_file(path, &len);
	bool good = buf && sum_text(buf, len, size);

	free(buf);
	return good;
}

/* A thin archive: "!<thin>\n", 60-byte member headers, a "//" name table. */
#define AR_HDR 60

static bool add_member(const char *dir, const char *name, size_t len,
		       long long *size)
{
	char *path = xmalloc(strlen(dir) + len + 2);
	long long text = 0;
	bool good;

	sprintf(path, "%s/%.*s", dir, (int)len, name);
	good = elf_text_size(path, &text);
	free(path);
	*size += text;
	return good;
}

/* Names in the "//" table end in "/\n" and may contain '/'. */
static size_t long_name_len(const char *name, size_t room)
{
	size_t i;

	for (i = 0; i + 1 < room; i++)
		if (name[i] == '/' && name[i + 1] == '\n')
			return i;
	return room;
}

bool builtin_text_size(const char *dir, long long *size)
{
	char *path = xmalloc(strlen(dir) + sizeof("/built-in.a"));
	const char *names = NULL;
	size_t len, pos = 8, names_len = 0;
	char *buf;

	sprintf(path, "%s/built-in.a", dir);
	buf = read_file(path, &len);
	free(path);
	if (!buf || len < 8 || memcmp(buf, "!<thin>\n", 8)) {
		free(buf);
		return false;
	}
	*size = 0;
	while (pos + AR_HDR <= len) {
		const char *h = buf + pos;
		size_t msize = strtoul(h + 48, NULL, 10), off;

		pos += AR_HDR;
		if (!strncmp(h, "// ", 3)) {		/* long names */
			names = buf + pos;
			names_len = msize;
		} else if (h[0] == '/' && h[1] >= '0' && h[1] <= '9' && names) {
			off = strtoul(h + 1, NULL, 10);
			if (off < names_len)
				add_member(dir, names + off,
					   long_name_len(names + off, names_len - off), size);
			continue;	/* thin: the data is not in the archive */
		} else if (h[0] != '/') {		/* short name "x.o/" */
			add_member(dir, h, strcspn(h, "/ "), size);
			continue;
		}
		pos += msize + (msize & 1);		/* symbol or name table */
	}
	free(buf);
	return true;
}
