# Catch2: v3 when available, otherwise Debian 12's 2.13. tests/catch.h hides the difference.
find_package(Catch2 3 QUIET)
if(Catch2_FOUND)
  set(FSHOSTS_CATCH_MAIN Catch2::Catch2WithMain)
  set(FSHOSTS_CATCH_V3 ON)
else()
  find_package(Catch2 2.13 REQUIRED)
  set(FSHOSTS_CATCH_V3 OFF)
endif()
include(Catch)

# One main for every Catch2 v2 test binary, compiled once.
if(NOT FSHOSTS_CATCH_V3)
  add_library(fshosts_catch_main STATIC "${PROJECT_SOURCE_DIR}/tests/catch_main.cpp")
  target_link_libraries(fshosts_catch_main PUBLIC Catch2::Catch2)
  target_include_directories(fshosts_catch_main PUBLIC "${PROJECT_SOURCE_DIR}/tests")
  fshosts_set_sanitizers(fshosts_catch_main)
  set(FSHOSTS_CATCH_MAIN fshosts_catch_main)
endif()

# fshosts_add_test(NAME name SOURCES ... [LIBS ...] [LABELS ...] [NO_DISCOVER])
# Builds one Catch2 binary and registers each of its test cases with ctest. NO_DISCOVER: build it
# only; the caller registers how it runs (for example under an X server the test starts).
function(fshosts_add_test)
  cmake_parse_arguments(T "NO_DISCOVER" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${FSHOSTS_CATCH_MAIN} ${T_LIBS})
  target_include_directories(${T_NAME} PRIVATE "${PROJECT_SOURCE_DIR}/tests")
  target_compile_definitions(${T_NAME} PRIVATE
    FSHOSTS_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    FSHOSTS_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}/tests"
    $<$<BOOL:${FSHOSTS_CATCH_V3}>:FSHOSTS_CATCH_V3>)
  fshosts_set_warnings(${T_NAME})
  fshosts_set_sanitizers(${T_NAME})
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/tests")
  if(T_NO_DISCOVER)
    return()
  endif()
  if(CMAKE_CROSSCOMPILING)
    # Under an emulator (Wine, seconds per start) one ctest test per program, not per test case;
    # ctest runs it through CMAKE_CROSSCOMPILING_EMULATOR and prints the failing cases.
    # One Wine session at a time (RESOURCE_LOCK wine): a GUI test needs the session's desktop on
    # its own X display.
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" RESOURCE_LOCK wine TIMEOUT 300)
  else()
    catch_discover_tests(${T_NAME}
      TEST_PREFIX "${T_NAME}: "
      PROPERTIES LABELS "${T_LABELS}" SKIP_REGULAR_EXPRESSION "FSHOSTS-SKIPPED: ")
    # catch_discover_tests passes its PROPERTIES on as a flat list, so a second label would be
    # read as a property name: the labels are set again, as one list, by a file ctest includes
    # after the discovered tests (Catch's TEST_LIST variable, <target>_TESTS, names them).
    list(LENGTH T_LABELS _label_count)
    if(_label_count GREATER 1)
      set(_labels_file "${CMAKE_CURRENT_BINARY_DIR}/${T_NAME}_labels.cmake")
      file(WRITE "${_labels_file}"
        "foreach(_test IN LISTS ${T_NAME}_TESTS)\n  set_tests_properties(\"\${_test}\" PROPERTIES LABELS \"${T_LABELS}\")\nendforeach()\n")
      set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${_labels_file}")
    endif()
  endif()
endfunction()

# fshosts_add_script_test(NAME name COMMAND ... [LABELS ...]): a test that is a program
# (for example a shell script that needs a private mount namespace). Exit 77 means skipped.
function(fshosts_add_script_test)
  cmake_parse_arguments(T "" "NAME" "COMMAND;LABELS" ${ARGN})
  add_test(NAME ${T_NAME} COMMAND ${T_COMMAND})
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" SKIP_RETURN_CODE 77)
endfunction()
