/* SPDX-License-Identifier: GPL-2.0 */
/* Code size of kernel build objects, from their ELF section headers. */
#ifndef ELFTEXT_H
#define ELFTEXT_H

#include <stdbool.h>

/*
 * Sum of the executable sections of an ELF32/ELF64 object, init and exit
 * code left out. false if the file is missing or not ELF.
 */
bool elf_text_size(const char *path, long long *size);

/*
 * Same for every object of a Kbuild directory: the members of its thin
 * archive DIR/built-in.a. false if there is no such archive.
 */
bool builtin_text_size(const char *dir, long long *size);

#endif
