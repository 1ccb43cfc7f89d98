# fshosts_set_sanitizers(target): the run-time checks compiled into a target.
#   FSHOSTS_SANITIZE  ASan + UBSan (the linux-asan preset, `make test-sanitize`).
#   FSHOSTS_FUZZ      ASan + UBSan plus libFuzzer's coverage instrumentation (clang only, see
#                     cmake/fuzzing.cmake), so the fuzz targets are guided through our libraries.
# A UBSan finding aborts (-fno-sanitize-recover) instead of printing and carrying on: a test or
# a fuzz target that runs into undefined behaviour fails.
function(fshosts_set_sanitizers target)
  if(MSVC)
    return()
  endif()
  set(checks "")
  if(FSHOSTS_SANITIZE OR FSHOSTS_FUZZ)
    set(checks "address,undefined")
  endif()
  if(FSHOSTS_FUZZ)
    string(PREPEND checks "fuzzer-no-link,")
  endif()
  if(checks)
    target_compile_options(${target} PRIVATE -fsanitize=${checks} -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=${checks} -fno-sanitize-recover=all)
  endif()
endfunction()
