# Gettext catalogs: po/<lang>.po -> <build>/share/locale/<lang>/LC_MESSAGES/fshosts.mo,
# installed to share/locale. `cmake --build build --target fshosts-pot` regenerates po/fshosts.pot.
find_package(Gettext REQUIRED)
find_program(FSHOSTS_XGETTEXT xgettext REQUIRED)

file(STRINGS "${PROJECT_SOURCE_DIR}/po/LINGUAS" FSHOSTS_LINGUAS REGEX "^[^#]")
set(FSHOSTS_LOCALE_BUILD_DIR "${PROJECT_BINARY_DIR}/share/locale")

set(_mo_files "")
foreach(lang IN LISTS FSHOSTS_LINGUAS)
  set(_po "${PROJECT_SOURCE_DIR}/po/${lang}.po")
  set(_mo "${FSHOSTS_LOCALE_BUILD_DIR}/${lang}/LC_MESSAGES/fshosts.mo")
  add_custom_command(OUTPUT "${_mo}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${FSHOSTS_LOCALE_BUILD_DIR}/${lang}/LC_MESSAGES"
    COMMAND ${GETTEXT_MSGFMT_EXECUTABLE} --check -o "${_mo}" "${_po}"
    DEPENDS "${_po}"
    COMMENT "Compiling ${lang}.po")
  list(APPEND _mo_files "${_mo}")
  install(FILES "${_mo}" DESTINATION "${CMAKE_INSTALL_LOCALEDIR}/${lang}/LC_MESSAGES")
endforeach()
add_custom_target(fshosts-translations ALL DEPENDS ${_mo_files})

file(GLOB_RECURSE _i18n_sources CONFIGURE_DEPENDS
  RELATIVE "${PROJECT_SOURCE_DIR}"
  "${PROJECT_SOURCE_DIR}/src/*.cpp" "${PROJECT_SOURCE_DIR}/src/*.h"
  "${PROJECT_SOURCE_DIR}/platform/*.cpp" "${PROJECT_SOURCE_DIR}/platform/*.h")
list(SORT _i18n_sources)
add_custom_target(fshosts-pot
  COMMAND ${FSHOSTS_XGETTEXT} -k_ -kN_ -ktr:1 -ktrf:1 --from-code=UTF-8 --add-comments=TRANSLATORS
          --c++ --package-name=fshosts --package-version=${PROJECT_VERSION}
          --msgid-bugs-address=https://github.com/fshosts/fshosts/issues
          -o po/fshosts.pot ${_i18n_sources}
  COMMAND ${GETTEXT_MSGMERGE_EXECUTABLE} --quiet --update --backup=none --no-fuzzy-matching po/ja.po po/fshosts.pot
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "Regenerating po/fshosts.pot and merging into the catalogs")
