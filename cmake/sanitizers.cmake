# fshosts_set_sanitizers(target): ASan + UBSan when FSHOSTS_SANITIZE is on.
function(fshosts_set_sanitizers target)
  if(FSHOSTS_SANITIZE AND NOT MSVC)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
