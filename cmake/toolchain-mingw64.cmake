# Toolchain: cross-compile fshosts for 64-bit Windows with Debian's mingw-w64 (posix threads:
# the -win32 compilers lack std::mutex), against the dependency prefix that
# scripts/build-windows-deps builds, and run .exe programs (ctest, test discovery) under Wine.
#
#   cmake -S . -B build-windows --toolchain cmake/toolchain-mingw64.cmake \
#         -DFSHOSTS_MINGW_PREFIX="$(scripts/build-windows-deps)"
#
# Without FSHOSTS_MINGW_PREFIX the prefix is asked from `scripts/build-windows-deps --print-prefix`.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(FSHOSTS_MINGW_HOST x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${FSHOSTS_MINGW_HOST}-gcc-posix)
set(CMAKE_CXX_COMPILER ${FSHOSTS_MINGW_HOST}-g++-posix)
set(CMAKE_RC_COMPILER ${FSHOSTS_MINGW_HOST}-windres)

get_filename_component(_fshosts_source_dir "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

# The toolchain file is read again for every try_compile: pass the prefix on to those.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES FSHOSTS_MINGW_PREFIX)
if(NOT FSHOSTS_MINGW_PREFIX)
  execute_process(
    COMMAND "${_fshosts_source_dir}/scripts/build-windows-deps" --print-prefix
    OUTPUT_VARIABLE FSHOSTS_MINGW_PREFIX
    OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _fshosts_prefix_result)
  if(NOT _fshosts_prefix_result EQUAL 0)
    message(FATAL_ERROR "toolchain-mingw64: cannot find the dependency prefix; run scripts/build-windows-deps")
  endif()
  set(FSHOSTS_MINGW_PREFIX "${FSHOSTS_MINGW_PREFIX}" CACHE PATH
    "Windows dependency prefix built by scripts/build-windows-deps")
endif()
if(NOT EXISTS "${FSHOSTS_MINGW_PREFIX}/.complete")
  message(FATAL_ERROR "toolchain-mingw64: ${FSHOSTS_MINGW_PREFIX} is not a complete prefix; run scripts/build-windows-deps")
endif()
# Package locations found in an older prefix stay in the cache: a new prefix needs a new build dir.
if(DEFINED CACHE{_FSHOSTS_MINGW_PREFIX_USED} AND NOT _FSHOSTS_MINGW_PREFIX_USED STREQUAL FSHOSTS_MINGW_PREFIX)
  message(FATAL_ERROR "toolchain-mingw64: the dependency prefix changed from ${_FSHOSTS_MINGW_PREFIX_USED} "
    "to ${FSHOSTS_MINGW_PREFIX}; delete ${CMAKE_BINARY_DIR} and configure again")
endif()
set(_FSHOSTS_MINGW_PREFIX_USED "${FSHOSTS_MINGW_PREFIX}" CACHE INTERNAL "")

# Libraries, headers and CMake packages only from the prefix and the mingw sysroot (zlib from
# libz-mingw-w64-dev), never from the build machine's /usr: its glibc headers do not mix.
set(CMAKE_FIND_ROOT_PATH "${FSHOSTS_MINGW_PREFIX}" "/usr/${FSHOSTS_MINGW_HOST}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config (libidn2) reads only the prefix's .pc files.
set(ENV{PKG_CONFIG_LIBDIR} "${FSHOSTS_MINGW_PREFIX}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Fully static executables: with the mingw runtime DLLs missing, an .exe exits silently with
# code 53 under Wine (and on a Windows machine without them).
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# ctest and Catch2's test discovery run the .exe through Wine in a throw-away prefix per build dir.
set(CMAKE_CROSSCOMPILING_EMULATOR "${_fshosts_source_dir}/scripts/wine-run" --wineprefix "${CMAKE_BINARY_DIR}/wine-prefix")
