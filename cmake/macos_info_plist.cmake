# The macOS bundle's Info.plist from installer/macos/Info.plist.in. Used by the build on macOS
# (cmake/macos_bundle.cmake) and, in script mode, by the Linux test that validates the result:
#
#   cmake -DOUTPUT=Info.plist -DVERSION=0.1.0 -DLINGUAS_FILE=po/LINGUAS -P cmake/macos_info_plist.cmake
#
# Bundle id jp.fshosts.fshosts: the id of the Linux desktop entry and AppStream metadata
# (installer/linux/jp.fshosts.fshosts.*), so one name means the app everywhere.

set(_FSHOSTS_INFO_PLIST_TEMPLATE "${CMAKE_CURRENT_LIST_DIR}/../installer/macos/Info.plist.in")

# fshosts_write_info_plist(OUTPUT VERSION LINGUAS_FILE): `VERSION` as both version keys, the
# languages of `LINGUAS_FILE` (po/LINGUAS) and English as CFBundleLocalizations.
function(fshosts_write_info_plist output version linguas_file)
  if(NOT version MATCHES "^[0-9]+(\\.[0-9]+)*$")
    message(FATAL_ERROR "Info.plist: the version must be numbers separated by dots, not \"${version}\"")
  endif()
  file(STRINGS "${linguas_file}" languages REGEX "^[a-zA-Z_]+$")
  list(APPEND languages en)
  list(REMOVE_DUPLICATES languages)
  set(FSHOSTS_BUNDLE_LOCALIZATIONS "")
  foreach(lang IN LISTS languages)
    string(APPEND FSHOSTS_BUNDLE_LOCALIZATIONS "    <string>${lang}</string>\n")
  endforeach()
  string(REGEX REPLACE "\n$" "" FSHOSTS_BUNDLE_LOCALIZATIONS "${FSHOSTS_BUNDLE_LOCALIZATIONS}")
  set(FSHOSTS_BUNDLE_ID "jp.fshosts.fshosts")
  set(FSHOSTS_BUNDLE_EXECUTABLE "fshosts")
  set(FSHOSTS_BUNDLE_VERSION "${version}")
  configure_file("${_FSHOSTS_INFO_PLIST_TEMPLATE}" "${output}" @ONLY)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  fshosts_write_info_plist("${OUTPUT}" "${VERSION}" "${LINGUAS_FILE}")
endif()
