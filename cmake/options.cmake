# Project options. Every option is prefixed FSHOSTS_.
option(FSHOSTS_BUILD_TESTS "Build the test suite" ON)
option(FSHOSTS_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
option(FSHOSTS_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(FSHOSTS_FUZZ "Build the libFuzzer targets of tests/fuzz (clang only; `make fuzz`, cmake/fuzzing.cmake)" OFF)
option(FSHOSTS_BUILD_GUI "Build fshosts-gui" ON)
option(FSHOSTS_BUILD_BENCH "Define the bench targets (Linux; built only by `make bench`, no ctest tests)" ON)

# Windows cross build with mingw-w64 (cmake/toolchain-mingw64.cmake, issue 10), current step:
# only the base layer and the text engine (fshosts::base, fshosts::text), their unit tests and a
# wxWidgets smoke test build for Windows; platform/windows, core services, CLI, GUI and helper do not compile there yet. A later
# step widens the build and then removes this option.
if(WIN32 AND CMAKE_CROSSCOMPILING)
  set(_fshosts_text_only_default ON)
else()
  set(_fshosts_text_only_default OFF)
endif()
option(FSHOSTS_WINDOWS_TEXT_ONLY
  "Windows cross build, current step: build only the base layer, the text engine and their tests"
  ${_fshosts_text_only_default})

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

include(GNUInstallDirs)
