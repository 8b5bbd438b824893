# tinify: every entry point. `make help` lists them.
#
# The pipeline (Documentation/harness.md), one stage a target:
#   setup -> base -> config -> kernel -> initramfs -> boot
#                                     -> variants -> boot-ram, ram-in-use
#                                                 -> footprint
#   check: the builds the tests declare (selftests/run --requires), then
#          selftests/run
# The facts (arches, profiles, options, where a build lives) are in
# tools/lib.sh, tools/arch/ and configs/; the Makefile asks for them.
include BASE

lib = $(shell TOP='$(CURDIR)' sh -c '. tools/lib.sh && $(1)')
ARCHES   := $(call lib,echo $$ARCHES)
PROFILES := $(call lib,echo $$PROFILES)
ADDONS   := $(call lib,echo $$ADDONS)
OPTIONS  := $(call lib,options_symbols)
ARCH     ?= x86_64
PROFILE  ?= tiny
# Profiles `make` builds, boots and shows.
MAIN_PROFILES ?= tiny trace

PROFILE_PARTS := $(subst +, ,$(PROFILE))
ifeq ($(filter $(ARCH),$(ARCHES)),)
$(error ARCH=$(ARCH) is not one of: $(ARCHES))
endif
ifeq ($(filter $(firstword $(PROFILE_PARTS)),$(PROFILES)),)
$(error PROFILE=$(PROFILE) is not one of: $(PROFILES) (optionally +ADDON))
endif
ifneq ($(filter-out $(ADDONS) $(filter-out tiny,$(PROFILES)),$(wordlist 2,99,$(PROFILE_PARTS))),)
$(error PROFILE=$(PROFILE): unknown add-on (one of: $(ADDONS), or a profile but tiny))
endif
ifneq ($(filter-out $(PROFILES),$(MAIN_PROFILES)),)
$(error MAIN_PROFILES has unknown profiles: $(filter-out $(PROFILES),$(MAIN_PROFILES)))
endif

BUILD_NAME := $(ARCH)-$(PROFILE)
ALL_BUILDS := $(foreach a,$(ARCHES),$(foreach p,$(PROFILES),$(a)-$(p)))
VARIANTS := $(foreach a,$(ARCHES),$(foreach o,$(OPTIONS),$(a)-upstream.$(o)))
BOOTMEM_ARCH := $(if $(filter command line environment,$(origin ARCH)),$(ARCH),i386)
# make bootmem compares these two, on i386 unless ARCH is given, and
# weighs each against the plain profile.
BOOTMEM_BUILDS := $(foreach p,upstream tiny,$(BOOTMEM_ARCH)-$(p) $(BOOTMEM_ARCH)-$(p)+bootmem)
FOOTPRINT := tools/footprint/footprint
STAMP := tools/stamp/stamp

.PHONY: all setup base config kernel initramfs kernels variants boot-ram ram-in-use \
	footprint check check-full lint refresh boot bench demo bootmem format-patch \
	bootmem-kernels hashtools help clean distclean

all: setup base $(FOOTPRINT) hashtools
	@for p in $(MAIN_PROFILES); do \
		tools/build-kernel x86_64-$$p && tools/mkinitramfs x86_64-$$p || exit 2; \
		echo "==> [x86_64-$$p] booting"; \
		tools/vm --arch x86_64 --profile $$p -- \
			'echo "userspace up: $$(uname -sr) on $$(uname -m)"; cat /proc/meminfo | head -3' \
			|| exit 2; \
	done
	@tools/boot-ram $(addprefix x86_64-,$(MAIN_PROFILES))
	@tools/ram-in-use $(addprefix x86_64-,$(MAIN_PROFILES))
	@tools/footprint-report $(addprefix x86_64-,$(MAIN_PROFILES))
	@echo; echo "==> [x86_64-trace] hash-trigger demo"
	@tools/demo

help:
	@echo 'make                  set up, build and boot x86_64 $(MAIN_PROFILES), print the footprint'
	@echo 'make check            every test that must pass (ends "N passed, N failed")'
	@echo 'make check-full       slow coverage builds (defconfig, allmodconfig-like)'
	@echo 'make kernel ARCH=$(subst $() ,|,$(ARCHES)) PROFILE=$(subst $() ,|,$(PROFILES))[+ADDON]'
	@echo '                      add-ons: $(ADDONS), or a profile'
	@echo 'make initramfs ARCH= PROFILE=   the kernel and its guest userspace'
	@echo 'make boot ARCH= PROFILE=        boot a build (tools/vm)'
	@echo 'make kernels          all arches and profiles'
	@echo 'make footprint        size and RAM tables of all builds, each option'"'"'s saving, code breakdown + SVG'
	@echo 'make bench            hash vs hist trigger cost per event (x86_64 trace)'
	@echo 'make bootmem [ARCH=]  kmalloc, kmem_cache_alloc and page allocations at boot, upstream vs tiny (default i386)'
	@echo 'make demo             the live hash-trigger demo alone'
	@echo 'make format-patch [SENDER="Name <address>"]   the series as mails in build/mail/SET/'
	@echo 'make setup | base | config | lint | refresh | clean'

setup:
	@tools/setup

base: setup
	@tools/base

config: base
	@tools/mkconfig $(ARCH) $(PROFILE)

kernel: base
	@tools/build-kernel $(BUILD_NAME)

initramfs: kernel
	@tools/mkinitramfs $(BUILD_NAME)

boot: initramfs
	tools/vm --arch $(ARCH) --profile $(PROFILE)

kernels: base
	@tools/build-kernel $(ALL_BUILDS) && tools/mkinitramfs $(ALL_BUILDS)

variants: kernels
	@tools/build-kernel $(VARIANTS)

boot-ram: variants
	@tools/boot-ram $(ALL_BUILDS) $(VARIANTS)

ram-in-use: variants
	@tools/ram-in-use $(ALL_BUILDS) $(VARIANTS)

$(FOOTPRINT): tools/footprint/footprint.c
	@$(MAKE) -s -C tools/footprint

$(STAMP): tools/stamp/stamp.c
	@$(MAKE) -s -C tools/stamp

footprint: boot-ram ram-in-use $(FOOTPRINT)
	@tools/footprint-report $(ALL_BUILDS) $(VARIANTS)
	@echo; tools/breakdown-report $(ALL_BUILDS) $(VARIANTS)

lint: base
	@selftests/run 01-series.t 02-checkpatch.t 03-sparse.t

bootmem-kernels: base
	@tools/build-kernel $(BOOTMEM_BUILDS) && tools/mkinitramfs $(BOOTMEM_BUILDS)

bootmem: bootmem-kernels hashtools
	@tools/bootmem $(BOOTMEM_ARCH)

hashtools:
	@$(MAKE) -s -C tools/hash

# The builds the tests declare, then the tests.
check: base $(FOOTPRINT) $(STAMP) hashtools
	@builds=$$(selftests/run --requires) || exit 2; \
		tools/build-kernel $$builds && tools/mkinitramfs $$builds || exit 2
	@selftests/run

bench: base $(STAMP)
	@tools/build-kernel x86_64-trace && tools/mkinitramfs x86_64-trace
	@tools/bench

demo: base hashtools
	@tools/build-kernel x86_64-trace && tools/mkinitramfs x86_64-trace
	@tools/demo

check-full: base
	@tools/check-full

refresh: base
	@tools/refresh

# The series as mails, one directory per set: build/mail/SET/. The sender
# (author and Signed-off-by) is SENDER="Name <address>" or git config.
format-patch: base $(FOOTPRINT)
	@$(if $(SENDER),SENDER='$(SENDER)' )tools/format-patch

clean:
	rm -rf build/*-* build/vm build/selftests build/bootmem build/demo.out build/demo-syscalls.hash
	@$(MAKE) -s -C tools/footprint clean
	@$(MAKE) -s -C tools/hash clean
	@$(MAKE) -s -C tools/stamp clean
	@$(MAKE) -s -C tools/echo-client clean

distclean:
	rm -rf build
