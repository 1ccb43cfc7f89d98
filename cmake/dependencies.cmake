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

# The network probes (issue 12): libcurl for HTTP and HTTPS (CURLOPT_RESOLVE, certificate details)
# and c-ares for DNS queries that bypass the hosts file. Every system links the targets
# CURL::libcurl and c-ares::cares. Windows: the CMake packages of the static builds in the
# dependency prefix (scripts/build-windows-deps: CURL_STATICLIB and CARES_STATICLIB, ws2_32,
# crypt32, bcrypt, advapi32, iphlpapi, ...; TLS through Schannel) or of vcpkg's ports.
if(WIN32)
  find_package(CURL CONFIG REQUIRED)
  find_package(c-ares CONFIG REQUIRED)
else()
  find_package(CURL 7.70 REQUIRED)  # 7.70: CURLSSLOPT_REVOKE_BEST_EFFORT (macOS 12 ships 7.79); on Linux and macOS only its headers are used at build time (src/probe/CMakeLists.txt)
  # Debian's and Homebrew's c-ares have a pkg-config file only.
  pkg_check_modules(CARES REQUIRED IMPORTED_TARGET GLOBAL libcares)
  add_library(c-ares::cares ALIAS PkgConfig::CARES)
endif()
