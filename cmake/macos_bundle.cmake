# macOS: fshosts-gui as the app bundle fshosts.app (included on APPLE only, after the targets).
#
#   fshosts.app/Contents/Info.plist               cmake/macos_info_plist.cmake
#   fshosts.app/Contents/MacOS/fshosts            the GUI (CFBundleExecutable)
#   fshosts.app/Contents/Helpers/fshosts-helper   the root helper, run through the authorization prompt
#   fshosts.app/Contents/Helpers/fshosts          the CLI, for Terminal users (link it into PATH)
#   fshosts.app/Contents/Resources/fshosts.icns   the icon (scripts/make-icns)
#   fshosts.app/Contents/Resources/locale/<lang>/LC_MESSAGES/fshosts.mo   the catalogs
#
# Contents/Helpers/: Apple's place for helper tools that the app runs itself. codesign signs
# and seals nested code only in the places Apple defines (MacOS, Helpers, Frameworks, PlugIns,
# XPCServices, Library/...); a Linux-style Contents/libexec would be unsealed content and break
# the signature. Contents/Library/LaunchDaemons holds only the launchd plist of an SMAppService
# daemon (tier 1, docs/macos.md), which would then name Contents/Helpers/fshosts-helper as its
# BundleProgram; the helper stays where it is. core/installed_layout.cpp finds both places from
# the running program.
include(macos_info_plist)

set(_plist "${PROJECT_BINARY_DIR}/macos/Info.plist")
fshosts_write_info_plist("${_plist}" "${PROJECT_VERSION}" "${PROJECT_SOURCE_DIR}/po/LINGUAS")

set(_icns "${PROJECT_SOURCE_DIR}/icons/fshosts.icns")
target_sources(fshosts-gui PRIVATE "${_icns}")
set_source_files_properties("${_icns}" TARGET_DIRECTORY fshosts-gui PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
set_target_properties(fshosts-gui PROPERTIES
  MACOSX_BUNDLE ON
  OUTPUT_NAME fshosts
  MACOSX_BUNDLE_INFO_PLIST "${_plist}")

# The helper, the CLI and the catalogs are copied in after each build of the GUI, so the bundle in
# build/bin is complete and `install(TARGETS ... BUNDLE)` copies all of it.
add_dependencies(fshosts-gui fshosts-helper fshosts fshosts-translations)
add_custom_command(TARGET fshosts-gui POST_BUILD
  COMMAND ${CMAKE_COMMAND} -E make_directory "$<TARGET_BUNDLE_CONTENT_DIR:fshosts-gui>/Helpers"
  COMMAND ${CMAKE_COMMAND} -E copy "$<TARGET_FILE:fshosts-helper>" "$<TARGET_FILE:fshosts>"
          "$<TARGET_BUNDLE_CONTENT_DIR:fshosts-gui>/Helpers/"
  COMMAND ${CMAKE_COMMAND} -E copy_directory "${FSHOSTS_LOCALE_BUILD_DIR}"
          "$<TARGET_BUNDLE_CONTENT_DIR:fshosts-gui>/Resources/locale"
  COMMENT "Completing fshosts.app (helper, CLI, catalogs)")
