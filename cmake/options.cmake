# Project options. Every option is prefixed FSHOSTS_.
option(FSHOSTS_BUILD_TESTS "Build the test suite" ON)
option(FSHOSTS_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
option(FSHOSTS_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(FSHOSTS_BUILD_GUI "Build fshosts-gui" ON)
option(FSHOSTS_BUILD_BENCH "Define the bench targets (Linux; built only by `make bench`, no ctest tests)" ON)

# Windows cross build with mingw-w64 (cmake/toolchain-mingw64.cmake, issue 10): the libraries,
# the CLI and the helper build for Windows; fshosts-gui is not ported yet, so it is off there by
# default.
if(WIN32 AND CMAKE_CROSSCOMPILING)
  set(FSHOSTS_BUILD_GUI OFF CACHE BOOL "Build fshosts-gui")
endif()

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

include(GNUInstallDirs)
