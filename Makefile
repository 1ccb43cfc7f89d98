# Thin wrapper around CMake and CTest. CMakeLists.txt and CMakePresets.json are the real build.
#
#   make            configure and build into $(BUILD_DIR)
#   make test       install dependencies, build, run every test with ctest
#   make run        install dependencies, build, start the GUI (or `fshosts status` until it exists)
#   make package    build and run cpack: $(BUILD_DIR)/packages/fshosts_*.deb and fshosts-*.rpm
#                   (macOS: fshosts-*-macos.dmg, docs/macos.md)
#   make pot        regenerate po/fshosts.pot and merge it into the catalogs
#   make deps       install build and test dependencies (scripts/install-deps)
#   make bench      build and run the benchmark (bench/README.md); not part of `make test`
#   make clean      remove $(BUILD_DIR)
#   make windows    Windows cross build (mingw-w64) into $(WINDOWS_BUILD_DIR); see docs/windows.md
#   make test-windows  the Windows build's tests (ctest label windows) under Wine
#   make package-windows  the Windows installer (NSIS): $(WINDOWS_BUILD_DIR)/packages/fshosts-*-win64-setup.exe
#   make test-sanitize  ASan + UBSan build (gcc) in $(ASAN_BUILD_DIR); runs the unit, integration
#                   and reliability suites (ctest labels unit, integration, reliability), randomised
#                   tests at a tenth of their rounds (ASAN_SCALE_DOWN, tests/support/scale.h)
#   make fuzz       libFuzzer build (clang-16) in $(FUZZ_BUILD_DIR); runs every fuzz target for
#                   FUZZ_SECONDS (default 60) over its committed inputs (ctest label fuzz)
#   make fuzz-long  the same, one target at a time, as long as asked: make fuzz-long FUZZ_SECONDS=3600
#
# CI=true (set by .ci/run) turns compiler warnings into errors.

BUILD_DIR ?= build
WINDOWS_BUILD_DIR ?= build-windows
ASAN_BUILD_DIR ?= build-asan
# Debug as in the linux-asan preset (best stacks); RelWithDebInfo runs the suites faster.
ASAN_BUILD_TYPE ?= Debug
# Randomised tests run a tenth of their rounds under the sanitizers (tests/support/scale.h).
ASAN_SCALE_DOWN ?= 10
# -O1: the sanitizers' usual level (Debug's -O0 made the crash tests several times slower). The
# GUI is left out of this build: its tests are not in the three labels, test_hosts_file_index
# aside, which `make test` runs.
ASAN_DEBUG_FLAGS ?= -g -O1
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang-16
FUZZ_CXX ?= clang++-16
JOBS ?= $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)
# Extra arguments for `cmake -S . -B ...`, e.g. make CMAKE_ARGS=-DFSHOSTS_SANITIZE=ON
CMAKE_ARGS ?=
# Arguments for the CLI when `make run` has no GUI to start.
ARGS ?= status
# Arguments for fshosts-bench, e.g. make bench BENCH_ARGS="--sizes default,200k --rounds 3"
BENCH_ARGS ?=

ifeq ($(CI),true)
CMAKE_ARGS += -DFSHOSTS_WARNINGS_AS_ERRORS=ON
endif

# Prerequisites run in the order they are listed (deps before configure before build);
# the parallelism is inside `cmake --build -j` and `ctest -j`.
.NOTPARALLEL:

.DEFAULT_GOAL := build
.PHONY: all deps bench-deps configure build test run bench package pot clean windows test-windows package-windows \
	test-sanitize fuzz-build fuzz fuzz-long

all: build

deps:
	scripts/install-deps

configure:
	cmake -S . -B $(BUILD_DIR)$(if $(strip $(CMAKE_ARGS)), $(strip $(CMAKE_ARGS)))

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: deps build
	ctest --test-dir $(BUILD_DIR) --output-on-failure --no-tests=error -j $(JOBS)

run: deps build
	@if [ -x $(BUILD_DIR)/bin/fshosts-gui ]; then \
		echo "$(BUILD_DIR)/bin/fshosts-gui"; exec $(BUILD_DIR)/bin/fshosts-gui; \
	else \
		echo "$(BUILD_DIR)/bin/fshosts $(ARGS)"; exec $(BUILD_DIR)/bin/fshosts $(ARGS); \
	fi

bench-deps:
	scripts/install-deps --bench

bench: bench-deps configure bench/node_modules/.package-lock.json
	cmake --build $(BUILD_DIR) -j $(JOBS) --target fshosts fshosts-gui fshosts-bench
	$(BUILD_DIR)/bench/fshosts-bench --fshosts $(BUILD_DIR)/bin/fshosts --gui $(BUILD_DIR)/bin/fshosts-gui \
		--out $(BUILD_DIR)/bench $(BENCH_ARGS)

# hostile, the peer the bench compares with, at the version pinned in bench/package-lock.json.
bench/node_modules/.package-lock.json: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund

package: build
	@if [ -f $(BUILD_DIR)/CPackConfig.cmake ]; then \
		echo "cpack --config $(BUILD_DIR)/CPackConfig.cmake -B $(BUILD_DIR)/packages"; \
		cpack --config $(BUILD_DIR)/CPackConfig.cmake -B $(BUILD_DIR)/packages; \
	else \
		echo "make package: $(BUILD_DIR)/CPackConfig.cmake does not exist." >&2; \
		echo "cmake/packaging.cmake makes the Linux packages (.deb, .rpm) and the macOS disk image (.dmg)." >&2; \
		exit 1; \
	fi

pot: configure
	cmake --build $(BUILD_DIR) --target fshosts-pot

clean:
	rm -rf $(BUILD_DIR)

# The dependency prefix is built (or found in the cache) by scripts/build-windows-deps, which
# prints its path; the toolchain file does the rest.
windows:
	prefix=$$(scripts/build-windows-deps) && \
	cmake -S . -B $(WINDOWS_BUILD_DIR) --toolchain cmake/toolchain-mingw64.cmake \
		-DFSHOSTS_MINGW_PREFIX="$$prefix"$(if $(strip $(CMAKE_ARGS)), $(strip $(CMAKE_ARGS)))
	cmake --build $(WINDOWS_BUILD_DIR) -j $(JOBS)

test-windows: windows
	ctest --test-dir $(WINDOWS_BUILD_DIR) -L windows --output-on-failure --no-tests=error -j $(JOBS)

# The cross build makes the installer with everything else (cmake/package_windows.cmake); this
# names it.
package-windows: windows
	cmake --build $(WINDOWS_BUILD_DIR) --target fshosts-package-windows
	@ls $(WINDOWS_BUILD_DIR)/packages/fshosts-*-win64-setup.exe

# The unit, integration and reliability suites under ASan + UBSan (cmake/sanitizers.cmake). The
# e2e, gui and package suites install or start whole programs in namespaces, under pkexec and X:
# they stay in `make test`.
test-sanitize: deps
	cmake -S . -B $(ASAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=$(ASAN_BUILD_TYPE) "-DCMAKE_CXX_FLAGS_DEBUG=$(ASAN_DEBUG_FLAGS)" \
		-DFSHOSTS_SANITIZE=ON -DFSHOSTS_BUILD_GUI=OFF -DFSHOSTS_BUILD_BENCH=OFF$(if $(strip $(CMAKE_ARGS)), $(strip $(CMAKE_ARGS)))
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS)
	FSHOSTS_TEST_SCALE_DOWN=$(ASAN_SCALE_DOWN) ctest --test-dir $(ASAN_BUILD_DIR) -L '^(unit|integration|reliability)$$' \
		--output-on-failure --no-tests=error -j $(JOBS)

# The fuzz targets (tests/fuzz/README.md): clang with libFuzzer, ASan and UBSan; only the fuzz
# programs and what they link are built.
fuzz-build: deps
	CC=$(FUZZ_CC) CXX=$(FUZZ_CXX) cmake -S . -B $(FUZZ_BUILD_DIR) -DCMAKE_CXX_COMPILER=$(FUZZ_CXX) \
		-DFSHOSTS_FUZZ=ON -DFSHOSTS_BUILD_GUI=OFF -DFSHOSTS_BUILD_BENCH=OFF$(if $(strip $(CMAKE_ARGS)), $(strip $(CMAKE_ARGS)))
	cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS) --target fshosts-fuzzers

# Each target prints "NAME: N execs in S s" (also when another one failed).
fuzz: fuzz-build
	status=0; FUZZ_SECONDS=$(FUZZ_SECONDS) ctest --test-dir $(FUZZ_BUILD_DIR) -L fuzz --output-on-failure \
		--no-tests=error -j $(JOBS) || status=$$?; \
	cat $(FUZZ_BUILD_DIR)/fuzz-work/*/summary 2>/dev/null; exit $$status

fuzz-long: fuzz-build
	status=0; FUZZ_SECONDS=$(FUZZ_SECONDS) ctest --test-dir $(FUZZ_BUILD_DIR) -L fuzz --output-on-failure \
		--no-tests=error --timeout $$(($(FUZZ_SECONDS) + 600)) || status=$$?; \
	cat $(FUZZ_BUILD_DIR)/fuzz-work/*/summary 2>/dev/null; exit $$status
