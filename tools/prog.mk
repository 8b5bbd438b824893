# One host program from one C file, PROG.c, with the warnings every host
# tool of tinify builds with. A Makefile sets PROG (and LDLIBS if it needs
# libraries) and includes this.
CC ?= gcc
CFLAGS ?= -O2 -g
CFLAGS += -Wall -Wextra -Wshadow -Wformat=2 -std=gnu11

$(PROG): $(PROG).c
	$(CC) $(CFLAGS) -o $@ $< $(LDLIBS)

clean:
	rm -f $(PROG)

.PHONY: clean
