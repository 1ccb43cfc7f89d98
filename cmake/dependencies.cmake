# Third-party dependencies. Debian 12 packages are listed in scripts/install-deps,
# vcpkg ports in vcpkg.json, Homebrew formulae in scripts/install-deps --print macos.
find_package(PkgConfig REQUIRED)
pkg_check_modules(IDN2 REQUIRED IMPORTED_TARGET libidn2)

find_package(fmt REQUIRED)

# spdlog is linked header-only (spdlog::spdlog_header_only, by every target): only the audit log
# includes it, so that costs one file's compile time, and each CLI and helper run loads one shared
# library fewer (~10 page faults, ~0.3 ms; issue 8). fmt stays shared: header-only it made the
# CLI and helper take ~65% more CPU to compile for no start-up gain that could be measured.
find_package(spdlog REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)

# std::thread: core hashes a file on a second thread while it plans the change (issue 8), the GUI
# runs its reads and changes on worker threads.
find_package(Threads REQUIRED)

# gettext's libintl: part of glibc on Linux, a separate library on macOS and Windows.
find_package(Intl REQUIRED)

# SHA-256 content hashes for compare-and-swap and backups: Nettle on Linux and macOS. It is cheap
# to load, where OpenSSL's libcrypto added ~3.5 ms to the start of every CLI run (issue 8).
# Windows will use CNG (bcrypt), which is part of the system.
if(NOT WIN32)
  pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)
endif()

# libcurl: the HTTP(S) probes of src/probe (issue 12). The Windows (mingw) build gets libcurl from
# the dependency prefix once it is built there; until then src/probe and the probe commands are
# left out of the Windows build (see the top-level CMakeLists.txt).
if(WIN32)
  find_package(CURL QUIET)
  if(NOT CURL_FOUND)
    message(STATUS "libcurl not found for Windows: src/probe (fshosts probe / verify) is not built")
  endif()
else()
  find_package(CURL 7.83 REQUIRED)  # 7.83: curl_easy_header()
endif()

# c-ares: direct DNS queries that bypass the hosts file (src/probe: fshosts advise, status
# --check-dns). The Windows cross build has no c-ares until its dependency prefix builds one:
# there src/probe is left out, and the CLI is built without those commands.
if(WIN32)
  pkg_check_modules(CARES QUIET IMPORTED_TARGET libcares)
  if(NOT CARES_FOUND)
    message(STATUS "c-ares (libcares) not found: building without src/probe (no fshosts advise, no status --check-dns)")
  endif()
else()
  pkg_check_modules(CARES REQUIRED IMPORTED_TARGET libcares)
endif()
