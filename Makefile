# rag-tools: one non-recursive GNU make file. `make help` lists the targets.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
DESTDIR ?=

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0)

CXX      ?= g++
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++20 -Wall -Wextra -pthread
PKGS     := simdjson fmt libcurl lmdb libutf8proc libxxhash
CPPFLAGS += -I. -MMD -MP -DRAG_VERSION='"$(VERSION)"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# A chat pipeline starts five tools per request (rag-sse's spawn mode), so
# process start is on the critical path, and each shared object costs about
# 0.25 ms of it (open, map, relocate). The small C libraries whose Debian -dev
# packages ship an archive are linked in; libcurl and libstemmer, which many
# runs never call, are loaded on first use (lib/core/dl.h).
# rag-index's decompressors (zlib, liblzma, libbz2, libzstd) are linked the same way;
# --as-needed and the archives keep them out of every other tool.
STATIC_LIBS := -llmdb -lxxhash -lutf8proc -lz -llzma -lbz2 -lzstd
LDLIBS   += $(shell pkg-config --libs simdjson fmt 2>/dev/null) -Wl,-Bstatic $(STATIC_LIBS) -Wl,-Bdynamic -pthread
# Link only the libraries a tool uses.
LDFLAGS  += -Wl,--as-needed

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# Output folders; a second checkout-sharing build can use others (make BUILD=/tmp/b BIN=/tmp/b/bin).
BUILD     ?= build
SAN       ?= build-san
BIN       ?= bin

LIB_SRCS  := $(sort $(wildcard lib/*/*.cpp))
TOOL_SRCS := $(sort $(wildcard tools/*.cpp))
UNIT_SRCS := $(sort $(wildcard tests/unit/*.cpp))
TOOLS     := $(TOOL_SRCS:tools/%.cpp=$(BIN)/%)

# The chat page (lib/http/page/) is compiled in: embed.sh writes its files into a .cpp in the build folder.
PAGE_FILES    := $(sort $(wildcard lib/http/page/*.html lib/http/page/*.js lib/http/page/*.css))
PAGE_SRC      := $(BUILD)/gen/page_files.cpp
LIB_OBJS      := $(LIB_SRCS:%.cpp=$(BUILD)/%.o) $(BUILD)/gen/page_files.o
SAN_LIB_OBJS  := $(LIB_SRCS:%.cpp=$(SAN)/%.o) $(SAN)/gen/page_files.o
UNIT_OBJS     := $(UNIT_SRCS:%.cpp=$(SAN)/%.o)

# Debian packages: what the tools need to build and run (make deps, make demo),
# what the tests add (make deps-test, make test), what the benchmarks add.
DEB_BUILD := g++ make pkg-config libcli11-dev libsimdjson-dev libfmt-dev libcurl4-openssl-dev \
             liblmdb-dev libutf8proc-dev libxxhash-dev libstemmer-dev libhnswlib-dev \
             zlib1g-dev liblzma-dev libbz2-dev libzstd-dev
DEB_TEST  := catch2 clang mandoc jq curl socat python3 python3-requests lmdb-utils procps poppler-utils xz-utils bzip2 zstd \
             systemd nginx chromium nodejs zsh fish
DEB_BENCH := libxapian-dev libfaiss-dev sqlite3 libsqlite3-dev hyperfine wrk dict-gcide python3-fastapi python3-uvicorn python3-aiohttp

# Recipes that re-enter make after `deps` build in parallel even when the
# top-level make was started without -j (as `make test` in CI is).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all help deps deps-test deps-bench test unit e2e e2e-san e2e-san-subset adversarial lint fuzz soak demo bench install uninstall clean
.DEFAULT_GOAL := all

all: $(TOOLS)

help:
	@echo "make            build every tool into bin/"
	@echo "make deps       install the Debian packages the tools need (apt-get; sudo when not root)"
	@echo "make deps-test  ... and those the tests need (a browser, nginx, clang, nodejs, ...)"
	@echo "make demo       deps, build, index the sample corpus, answer a question"
	@echo "make test       deps, build, unit tests (ASan+UBSan), lint, end-to-end tests"
	@echo "make e2e-san    end-to-end tests against ASan+UBSan builds of the tools (build-san/bin)"
	@echo "make fuzz       each libFuzzer target for FUZZ_SECONDS (default 20)"
	@echo "make bench      benchmarks against peers (bench/)"
	@echo "make soak       rag-sse under mixed loopback load for 10 minutes (SOAK_SECONDS)"
	@echo "make install    PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)"
	@echo "make clean      remove build outputs"

$(BIN)/%: $(BUILD)/tools/%.o $(BUILD)/librag.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CXX) $(CXXFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/librag.a: $(LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.cpp
	@mkdir -p $(@D)
	@echo "  CXX     $<"
	$(Q)$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c -o $@ $<

$(SAN)/%.o: %.cpp
	@mkdir -p $(@D)
	@echo "  CXX-SAN $<"
	$(Q)$(CXX) $(CPPFLAGS) $(CXXFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(PAGE_SRC): lib/http/page/embed.sh $(PAGE_FILES)
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)sh lib/http/page/embed.sh $@ $(PAGE_FILES)

$(BUILD)/gen/page_files.o: $(PAGE_SRC)
	@echo "  CXX     $<"
	$(Q)$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c -o $@ $<

$(SAN)/gen/page_files.o: $(PAGE_SRC)
	@mkdir -p $(@D)
	@echo "  CXX-SAN $<"
	$(Q)$(CXX) $(CPPFLAGS) $(CXXFLAGS) $(SAN_FLAGS) -c -o $@ $<

# The tools built with ASan+UBSan, for `make e2e-san`; the library objects are the unit tests' own.
SAN_BIN   ?= $(SAN)/bin
SAN_TOOLS := $(TOOL_SRCS:tools/%.cpp=$(SAN_BIN)/%)

$(SAN)/librag.a: $(SAN_LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(SAN_BIN)/%: $(SAN)/tools/%.o $(SAN)/librag.a
	@mkdir -p $(@D)
	@echo "  LD-SAN  $@"
	$(Q)$(CXX) $(CXXFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(SAN)/unit-tests: $(UNIT_OBJS) $(SAN_LIB_OBJS)
	@echo "  LD      $@"
	$(Q)$(CXX) $(CXXFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The package install must finish before pkg-config is asked for flags,
# so the targets that start from a fresh machine re-enter make after `deps`.
deps:
	$(Q)sh tests/install-deps.sh $(DEB_BUILD)

deps-test:
	$(Q)sh tests/install-deps.sh $(DEB_BUILD) $(DEB_TEST)

deps-bench:
	$(Q)sh tests/install-deps.sh $(DEB_BUILD) $(DEB_TEST) $(DEB_BENCH)

test: deps-test
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) all $(SAN)/unit-tests $(SAN_TOOLS)
	$(Q)$(MAKE) --no-print-directory unit lint fuzz e2e e2e-san-subset adversarial FUZZ_SECONDS=$${FUZZ_SECONDS:-15}

unit: $(SAN)/unit-tests
	$(Q)ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(SAN)/unit-tests

lint:
	$(Q)tests/lint-man.sh

e2e: all
	$(Q)RAG_BIN=$(abspath $(BIN)) tests/e2e/run.sh

# The end-to-end tests against the sanitized tools: any ASan, UBSan or LeakSanitizer report fails.
# `make test` runs the subset E2E_SAN_TESTS (the pipelines, the server, the cache; see README);
# `make e2e-san` runs them all (sse-disconnect's RSS bound fails there: ASan's quarantine keeps freed memory).
E2E_SAN_TESTS := generate-pipeline generate-ollama-stream generate-openai-stream generate-faults generate-error-cap \
  retrieve-events index-add-rm cache-pipeline cache-hit cache-session cache-admin sse-real-pipeline sse-openai \
  sse-faults sse-resume sse-limits pipeline-exit-status
empty :=
space := $(empty) $(empty)
e2e-san: $(SAN_TOOLS)
	$(Q)RAG_BIN=$(abspath $(SAN_BIN)) tests/e2e-san.sh

e2e-san-subset: $(SAN_TOOLS)
	$(Q)RAG_BIN=$(abspath $(SAN_BIN)) E2E_ONLY='$(subst $(space),|,$(strip $(E2E_SAN_TESTS)))' tests/e2e-san.sh

# Damaged stores and other hostile input, one script per case (issue 18).
adversarial: all
	$(Q)RAG_BIN=$(abspath $(BIN)) tests/e2e/run.sh tests/adversarial

FUZZ_TARGETS := $(patsubst tests/fuzz/%.cpp,build-fuzz/%,$(wildcard tests/fuzz/*.cpp))
# Fuzz targets link lib/core (built with clang, instrumented, into build-fuzz/obj) and the few
# other sources they name here; each target's seeds are in tests/fuzz/seeds/<target>.
CORE_SRCS := $(filter-out lib/core/tool.cpp,$(sort $(wildcard lib/core/*.cpp)))
fuzz_objs = $(patsubst %.cpp,build-fuzz/obj/%.o,$(1))
STORE_SRCS := $(wildcard lib/store/*.cpp)
STREAM_SRCS := lib/backends/stream_parse.cpp lib/backends/chat.cpp lib/backends/ollama.cpp lib/backends/openai.cpp
DOCUMENT_SRCS := $(addprefix lib/index/,formats.cpp decompress.cpp html.cpp markdown.cpp markdown_inline.cpp \
  roff.cpp roff_escapes.cpp sniff.cpp pdf.cpp inputs.cpp)
build-fuzz/cache_record_fuzz: $(call fuzz_objs,lib/cache/answers.cpp $(STORE_SRCS))
build-fuzz/cache_record_fuzz: FUZZ_LIBS = -llmdb
build-fuzz/http_request_fuzz: $(call fuzz_objs,lib/http/request.cpp lib/http/chunked.cpp)
build-fuzz/ollama_stream_fuzz build-fuzz/openai_stream_fuzz: $(call fuzz_objs,$(STREAM_SRCS))
build-fuzz/document_fuzz: $(call fuzz_objs,$(DOCUMENT_SRCS))
build-fuzz/document_fuzz: FUZZ_LIBS = -lz -llzma -lbz2 -lzstd
build-fuzz/index_record_fuzz: $(call fuzz_objs,lib/index/postings.cpp lib/index/layout.cpp lib/index/search.cpp $(STORE_SRCS))
build-fuzz/index_record_fuzz: FUZZ_LIBS = -llmdb
FUZZ_CXX   := clang++ -std=c++20 -O1 -g -I. -DRAG_VERSION='"fuzz"' $(shell pkg-config --cflags simdjson fmt 2>/dev/null)
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined
build-fuzz/obj/%.o: %.cpp
	@mkdir -p $(@D)
	@echo "  CXX-FUZZ $<"
	$(Q)$(FUZZ_CXX) -MMD -MP -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<
build-fuzz/%: build-fuzz/obj/tests/fuzz/%.o $(call fuzz_objs,$(CORE_SRCS))
	@echo "  FUZZ    $@"
	$(Q)$(FUZZ_CXX) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(shell pkg-config --libs simdjson fmt 2>/dev/null) $(FUZZ_LIBS)

# Each target over its own seeds and what it found before (build-fuzz/corpus-*), for FUZZ_SECONDS.
fuzz: $(FUZZ_TARGETS)
	$(Q)for f in $(FUZZ_TARGETS); do t=$${f##*/}; mkdir -p build-fuzz/corpus-$$t; \
	  $$f -max_total_time=$${FUZZ_SECONDS:-20} -max_len=4096 -close_fd_mask=2 -print_final_stats=1 \
	  -artifact_prefix=build-fuzz/$$t- \
	  build-fuzz/corpus-$$t tests/fuzz/seeds/$$t 2>build-fuzz/$$t.log || { tail -40 build-fuzz/$$t.log; exit 1; }; \
	  echo "fuzz: $$t: $$(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/$$t.log) runs, no finding"; done

# Outside `make test`: ten minutes of mixed loopback load on rag-sse (SOAK_SECONDS to shorten).
soak: all
	$(Q)RAG_BIN=$(abspath $(BIN)) nice -n 10 tests/soak/soak.sh

demo: deps
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) all
	$(Q)RAG_BIN=$(abspath $(BIN)) tests/demo.sh

bench: deps-bench
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) all
	$(Q)for b in bench/*/run; do echo "== $$b"; $$b || exit 1; done

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions $(DESTDIR)$(DATADIR)/zsh/vendor-completions \
	  $(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	install -m 755 $(TOOLS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7/
	install -m 644 completions/rag.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/rag
	for t in $(notdir $(TOOLS)); do ln -sf rag $(DESTDIR)$(DATADIR)/bash-completion/completions/$$t; done
	install -m 644 completions/_rag $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_rag
	install -m 644 completions/fish/*.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(TOOLS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/*.1)))
	rm -f $(DESTDIR)$(MANDIR)/man7/rag.7 $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_rag
	rm -f $(DESTDIR)$(DATADIR)/bash-completion/completions/rag
	for t in $(notdir $(TOOLS)); do rm -f $(DESTDIR)$(DATADIR)/bash-completion/completions/$$t \
	  $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/$$t.fish; done

clean:
	rm -rf $(BIN) $(BUILD) $(SAN) build-fuzz

-include $(wildcard build-fuzz/obj/*/*/*.d build-fuzz/obj/*/*/*/*.d)
-include $(LIB_OBJS:.o=.d) $(SAN_LIB_OBJS:.o=.d) $(UNIT_OBJS:.o=.d) $(TOOL_SRCS:%.cpp=$(BUILD)/%.d) $(TOOL_SRCS:%.cpp=$(SAN)/%.d)
.SECONDARY:
