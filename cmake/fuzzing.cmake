# The fuzz targets of tests/fuzz: each is one LLVMFuzzerTestOneInput() built two ways.
#   FSHOSTS_FUZZ=ON (clang; `make fuzz` configures build-fuzz/ with clang-16): a libFuzzer program
#     with ASan + UBSan (the libraries get the coverage instrumentation from
#     cmake/sanitizers.cmake), run by a ctest test labelled fuzz for FUZZ_SECONDS (default 60)
#     over the committed corpus and regression inputs (tests/fuzz/run_fuzzer.sh).
#   FSHOSTS_FUZZ=OFF (the normal build, any compiler): the same target linked with a plain
#     main() that replays the committed corpus and regression inputs once, as a unit test, so a
#     finding fixed once stays fixed in `make test`.
if(FSHOSTS_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "FSHOSTS_FUZZ needs clang with libFuzzer (Debian 12: clang-16 libclang-rt-16-dev); "
                      "configure with -DCMAKE_CXX_COMPILER=clang++-16, or run `make fuzz`")
endif()

# Every fuzz program, so `make fuzz` builds only what it runs.
if(FSHOSTS_FUZZ AND NOT TARGET fshosts-fuzzers)
  add_custom_target(fshosts-fuzzers)
endif()

# fshosts_add_fuzz_target(NAME name SOURCES ... LIBS ...): the target fuzz_<name>, its inputs in
# tests/fuzz/{corpus,regressions}/<name>/ and its dictionary tests/fuzz/dict/<name>.dict
# when there is one.
function(fshosts_add_fuzz_target)
  cmake_parse_arguments(F "" "NAME" "SOURCES;LIBS" ${ARGN})
  set(fuzz_dir "${PROJECT_SOURCE_DIR}/tests/fuzz")
  if(FSHOSTS_FUZZ)
    set(target fuzz_${F_NAME})
    add_executable(${target} ${F_SOURCES})
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
                                             -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all)
    add_dependencies(fshosts-fuzzers ${target})
    add_test(NAME ${target}
      COMMAND "${fuzz_dir}/run_fuzzer.sh" "$<TARGET_FILE:${target}>" "${F_NAME}" "${fuzz_dir}"
              "${PROJECT_BINARY_DIR}/fuzz-work")
    # No SKIP_RETURN_CODE: nothing here may skip. The time limit is the script's (FUZZ_SECONDS);
    # ctest's default timeout (1500 s, `make fuzz-long` raises it) is only the backstop.
    set_tests_properties(${target} PROPERTIES LABELS fuzz)
  else()
    set(target fuzz_replay_${F_NAME})
    add_executable(${target} ${F_SOURCES} "${fuzz_dir}/replay_main.cpp")
    fshosts_set_sanitizers(${target})
    add_test(NAME ${target}
      COMMAND ${target} "${fuzz_dir}/corpus/${F_NAME}" "${fuzz_dir}/regressions/${F_NAME}")
    set_tests_properties(${target} PROPERTIES LABELS unit)
  endif()
  target_link_libraries(${target} PRIVATE ${F_LIBS})
  target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/tests")
  fshosts_set_warnings(${target})
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/tests")
endfunction()
