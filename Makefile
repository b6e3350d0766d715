# themetag - GNU make build.
#
#   make            build/themetag and build/libthemetag.a
#   make demo       install missing packages, build, classify the bundled reference speech
#   make test       install missing packages, build, run every test
#   make asan       the same tests under AddressSanitizer + UndefinedBehaviorSanitizer,
#                   leaks fatal (build in build/asan)
#   make bench      throughput and peak memory on the whole corpus, against wc -w
#   make fuzz       libFuzzer on the text pipeline and the rule compiler (clang)
#   make deps       only install missing Debian packages (as root; otherwise print the command)
#   make install    bin, library, header and the rule set under PREFIX (default /usr/local)
#
# Your CFLAGS/LDFLAGS are respected; warnings are added on top. WERROR=1 makes them errors.

SHELL    := /bin/bash
CC       ?= cc
CFLAGS   ?= -O2 -g
PREFIX   ?= /usr/local
PKGS     := hunspell libpcre2-8
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
            -Wformat=2 -Wundef -Wcast-align -Wvla
ifeq ($(WERROR),1)
WARN     += -Werror
endif

BUILD    ?= build
ifeq ($(SANITIZE),1)
BUILD    := build/asan
CFLAGS   += -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
endif

DEB_PACKAGES := libhunspell-dev hunspell-en-us hunspell-en-gb libpcre2-dev libstemmer-dev \
                libcriterion-dev pkg-config

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lpthread

ALL_CFLAGS = -std=c11 $(WARN) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP

LIB_SRC  := classifier/util.c classifier/utf8.c classifier/reader.c classifier/segment.c \
            classifier/token.c classifier/normalize.c classifier/lexicon.c classifier/rulelex.c \
            classifier/ruleparse.c classifier/compile.c classifier/match.c classifier/engine.c \
            classifier/eval.c classifier/output.c classifier/compare.c \
            classifier/profile.c
LIB_OBJ  := $(LIB_SRC:classifier/%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(BUILD)/obj/main.o
TEST_SRC := tests/helpers.c $(sort $(wildcard tests/test_*.c))
TEST_OBJ := $(TEST_SRC:tests/%.c=$(BUILD)/tobj/%.o)

REF      := corpus/000_95ca8d13d2304703.txt

.PHONY: all demo test asan bench fuzz deps install clean
all: $(BUILD)/themetag $(BUILD)/libthemetag.a

$(BUILD)/obj/%.o: classifier/%.c | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -DTHEMETAG_SHARE='"$(PREFIX)/share/themetag"' -c $< -o $@

$(BUILD)/tobj/%.o: tests/%.c | $(BUILD)/tobj
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags criterion 2>/dev/null) -Iclassifier -c $< -o $@

$(BUILD)/obj $(BUILD)/tobj:
	mkdir -p $@

$(BUILD)/libthemetag.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/themetag: $(CLI_OBJ) $(BUILD)/libthemetag.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/test_runner: $(TEST_OBJ) $(BUILD)/libthemetag.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(shell pkg-config --libs criterion 2>/dev/null)

# Missing Debian packages are installed when running as root; otherwise the exact command
# is printed and make stops.
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "themetag needs these Debian packages; run as root:"; \
	    echo "  apt-get update && apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

demo: deps
	$(MAKE) --no-print-directory all
	$(BUILD)/themetag --format text $(REF)

CORPUS_ROOT ?= $(or $(THEMETAG_CORPUS_ROOT),../shared/ungdc)
CORPUS_NOTICE = @[ -d "$(CORPUS_ROOT)/2013" ] || echo "NOTICE: $(CORPUS_ROOT) is absent: the tests that read the UN General Debate corpus are SKIPPED"

test: deps
	$(MAKE) --no-print-directory all $(BUILD)/test_runner
	$(CORPUS_NOTICE)
	THEMETAG_BIN=$(BUILD)/themetag $(BUILD)/test_runner --jobs 2
	@if [ -d "$(CORPUS_ROOT)/2013" ]; then \
	  echo "== precision/recall of the shipped rules against corpus/baseline.tsv"; \
	  THEMETAG_CORPUS_ROOT=$(CORPUS_ROOT) $(BUILD)/themetag eval --baseline corpus/baseline.tsv; fi
	$(CORPUS_NOTICE)

# Sanitizers: a leak or runtime error anywhere (also in a test's forked child) fails the run.
asan: deps
	$(MAKE) --no-print-directory SANITIZE=1 all build/asan/test_runner
	$(CORPUS_NOTICE)
	@set -o pipefail 2>/dev/null; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=23 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	THEMETAG_SANITIZED=1 THEMETAG_BIN=build/asan/themetag build/asan/test_runner --jobs 2 2>&1 | tee build/asan/test.log; \
	status=$$?; \
	if grep -q -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' build/asan/test.log; then \
	  echo "sanitizer reported errors (see build/asan/test.log)"; exit 1; fi; \
	exit $$status

$(BUILD)/benchtool: tests/benchtool.c | $(BUILD)/obj
	$(CC) -std=c11 $(WARN) $(CFLAGS) -o $@ $<

# Throughput and memory on the whole UN General Debate corpus (or a generated one): see README.
bench: deps
	$(MAKE) --no-print-directory all $(BUILD)/benchtool
	tests/bench.sh

# libFuzzer (clang) on the text pipeline and on the rule compiler, FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
fuzz: deps
	@command -v clang >/dev/null || { echo "make fuzz needs clang: apt-get install -y clang"; exit 1; }
	mkdir -p build/fuzz/corpus-text build/fuzz/corpus-rules
	clang -std=c11 $(FUZZ_FLAGS) $(PKG_CFLAGS) -Iclassifier -o build/fuzz/fuzz_text tests/fuzz_text.c \
	    $(LIB_SRC) $(PKG_LIBS)
	clang -std=c11 $(FUZZ_FLAGS) $(PKG_CFLAGS) -Iclassifier -o build/fuzz/fuzz_rules tests/fuzz_rules.c \
	    $(LIB_SRC) $(PKG_LIBS)
	cp corpus/000_95ca8d13d2304703.txt build/fuzz/corpus-text/
	cp rules/examples/rules/themetag.rules build/fuzz/corpus-rules/
	build/fuzz/fuzz_text -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build/fuzz/corpus-text
	build/fuzz/fuzz_rules -max_total_time=$(FUZZ_SECONDS) -max_len=2048 build/fuzz/corpus-rules

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/share/themetag/rules $(DESTDIR)$(PREFIX)/share/themetag/lexicons
	install -m 755 $(BUILD)/themetag $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/libthemetag.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 classifier/themetag.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 rules/*.rules $(DESTDIR)$(PREFIX)/share/themetag/rules/
	install -m 644 lexicons/*.lex lexicons/domain-words.txt $(DESTDIR)$(PREFIX)/share/themetag/lexicons/

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
