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

# wxWidgets' own catalog (wxstd: the stock buttons and wx's dialogs, which the GUI loads with
# AddStdCatalog()) in the same languages, beside ours, where the system does not provide it:
# Windows. (Linux: Debian's wx3.2-i18n in /usr/share/locale, which wx finds by itself.) The
# static wxMSW of scripts/build-windows-deps installs wxstd-3.2.mo of every language into its
# prefix: wx's `make install` copies locale/<lang>.mo of the wxwidgets3.2 source package, the
# same bytes as Debian's wx3.2-i18n. The GUI finds it where it finds ours (core's
# installed_layout: <prefix>/share/locale, in the build tree as in an install).
if(WIN32 AND FSHOSTS_BUILD_GUI)
  set(_wx_locale_default "")
  if(FSHOSTS_MINGW_PREFIX)
    set(_wx_locale_default "${FSHOSTS_MINGW_PREFIX}/share/locale")
  endif()
  set(FSHOSTS_WX_LOCALE_DIR "${_wx_locale_default}" CACHE PATH
    "wxWidgets' catalogs (<lang>/LC_MESSAGES/wxstd-3.2.mo) shipped with fshosts-gui on Windows")
  if(NOT FSHOSTS_WX_LOCALE_DIR)
    message(WARNING "FSHOSTS_WX_LOCALE_DIR is not set: wxWidgets' own texts (stock buttons) stay English")
  else()
    foreach(lang IN LISTS FSHOSTS_LINGUAS)
      set(_wxstd "${FSHOSTS_WX_LOCALE_DIR}/${lang}/LC_MESSAGES/wxstd-3.2.mo")
      if(NOT EXISTS "${_wxstd}")
        message(FATAL_ERROR "wxWidgets' ${lang} catalog is missing: ${_wxstd}")
      endif()
      set(_mo "${FSHOSTS_LOCALE_BUILD_DIR}/${lang}/LC_MESSAGES/wxstd-3.2.mo")
      add_custom_command(OUTPUT "${_mo}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${FSHOSTS_LOCALE_BUILD_DIR}/${lang}/LC_MESSAGES"
        COMMAND ${CMAKE_COMMAND} -E copy_if_different "${_wxstd}" "${_mo}"
        DEPENDS "${_wxstd}"
        COMMENT "Copying wxWidgets' ${lang} catalog")
      list(APPEND _mo_files "${_mo}")
      install(FILES "${_mo}" DESTINATION "${CMAKE_INSTALL_LOCALEDIR}/${lang}/LC_MESSAGES")
    endforeach()
  endif()
endif()
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
