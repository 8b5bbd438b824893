# tinify: every entry point. `make help` lists them.
include BASE

ARCHES   := i386 x86_64
PROFILES := upstream tiny net trace
ARCH     ?= x86_64
PROFILE  ?= tiny
# Profiles `make` builds, boots and shows.
MAIN_PROFILES ?= tiny trace

ifeq ($(filter $(ARCH),$(ARCHES)),)
$(error ARCH=$(ARCH) is not one of: $(ARCHES))
endif
ifeq ($(filter $(PROFILE),$(PROFILES)),)
$(error PROFILE=$(PROFILE) is not one of: $(PROFILES))
endif
ifneq ($(filter-out $(PROFILES),$(MAIN_PROFILES)),)
$(error MAIN_PROFILES has unknown profiles: $(filter-out $(PROFILES),$(MAIN_PROFILES)))
endif

# The series' options (configs/options): "SYMBOL value" per line.
OPTIONS  := $(shell sed -e 's/\#.*//' configs/options | awk 'NF == 2 {print $$1}')
ALL_BUILDS := $(foreach a,$(ARCHES),$(foreach p,$(PROFILES),$(a)-$(p)))
VARIANTS := $(foreach a,$(ARCHES),$(foreach o,$(OPTIONS),$(a)-upstream.$(o)))
# make bootmem compares these two, on i386 unless ARCH is given.
BOOTMEM_ARCH := $(if $(filter command line environment,$(origin ARCH)),$(ARCH),i386)
BOOTMEM_BUILDS := $(BOOTMEM_ARCH)-upstream+bootmem $(BOOTMEM_ARCH)-tiny+bootmem
FOOTPRINT := tools/footprint/footprint

.PHONY: all setup base config kernel initramfs kernels variants footprint \
	check check-full lint refresh boot bench demo bootmem bootmem-kernels \
	hashtools help clean distclean FORCE

all: setup base
	@for p in $(MAIN_PROFILES); do \
		tools/build-kernel x86_64 $$p || exit 2; \
		echo "==> [x86_64-$$p] booting"; \
		tools/vm --arch x86_64 --profile $$p -- \
			'echo "userspace up: $$(uname -sr) on $$(uname -m)"; cat /proc/meminfo | head -3' \
			|| exit 2; \
	done
	@tools/footprint-report $(addprefix x86_64-,$(MAIN_PROFILES))
	@echo; echo "==> [x86_64-trace] hash-trigger demo"
	@tools/demo

help:
	@echo 'make                  set up, build and boot x86_64 $(MAIN_PROFILES), print the footprint'
	@echo 'make check            every test that must pass (ends "N passed, N failed")'
	@echo 'make check-full       slow coverage builds (defconfig, allmodconfig-like)'
	@echo 'make kernel ARCH=i386|x86_64 PROFILE=$(subst $() ,|,$(PROFILES))'
	@echo 'make kernels          all arches and profiles'
	@echo 'make footprint        size table of all builds plus each option'"'"'s saving'
	@echo 'make boot ARCH= PROFILE=   boot a build (tools/vm)'
	@echo 'make bench            hash vs hist trigger cost per event (x86_64 trace)'
	@echo 'make bootmem [ARCH=]  kmalloc call chains at boot, upstream vs tiny (default i386)'
	@echo 'make demo             the live hash-trigger demo alone'
	@echo 'make setup | base | config | initramfs | lint | refresh | clean'

setup:
	@tools/setup

base: setup
	@tools/base

config: base
	@tools/mkconfig $(ARCH) $(PROFILE)

kernel: base
	@tools/build-kernel $(ARCH) $(PROFILE)

initramfs: kernel
	@tools/mkinitramfs $(ARCH) $(PROFILE)

boot: kernel
	tools/vm --arch $(ARCH) --profile $(PROFILE)

kernels: base
	@for b in $(ALL_BUILDS); do tools/build-kernel $${b%%-*} $${b#*-} || exit 2; done

variants: kernels
	@for v in $(VARIANTS); do tools/build-variant $$v || exit 2; done

$(FOOTPRINT): tools/footprint/footprint.c
	@$(MAKE) -s -C tools/footprint

footprint: variants $(FOOTPRINT)
	@tools/footprint-report $(ALL_BUILDS) $(VARIANTS)

lint: base
	@selftests/run 01-series.t 02-checkpatch.t 03-sparse.t

bootmem-kernels: base
	@for b in $(BOOTMEM_BUILDS); do tools/build-kernel $${b%%-*} $${b#*-} || exit 2; done

bootmem: bootmem-kernels hashtools
	@tools/bootmem --no-build $(BOOTMEM_ARCH)

hashtools:
	@$(MAKE) -s -C tools/hash

check: variants bootmem-kernels $(FOOTPRINT) hashtools
	@selftests/run

bench: base
	@tools/build-kernel x86_64 trace
	@tools/bench

demo: base
	@tools/build-kernel x86_64 trace
	@tools/demo

check-full: base
	@tools/check-full

refresh: base
	@tools/refresh

clean:
	rm -rf build/*-* build/vm build/selftests build/bootmem build/demo.out build/demo-syscalls.hash
	@$(MAKE) -s -C tools/footprint clean
	@$(MAKE) -s -C tools/hash clean

distclean:
	rm -rf build
