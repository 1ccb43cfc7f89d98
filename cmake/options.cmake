# Project options. Every option is prefixed FSHOSTS_.
option(FSHOSTS_BUILD_TESTS "Build the test suite" ON)
option(FSHOSTS_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
option(FSHOSTS_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(FSHOSTS_FUZZ "Build the libFuzzer targets of tests/fuzz (clang only; `make fuzz`, cmake/fuzzing.cmake)" OFF)
option(FSHOSTS_BUILD_GUI "Build fshosts-gui (also in the Windows cross build, docs/windows.md)" ON)
option(FSHOSTS_BUILD_BENCH "Define the bench targets (Linux; built only by `make bench`, no ctest tests)" ON)

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

include(GNUInstallDirs)
