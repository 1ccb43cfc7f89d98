# The Windows installer (NSIS): <build>/packages/fshosts-<version>-win64-setup.exe, from
# installer/windows/fshosts.nsi. Included by cmake/packaging.cmake on Windows only.
#
# What goes in is what `cmake --install` puts into a staging directory (stripped): whichever of
# fshosts.exe, fshosts-gui.exe and fshosts-helper.exe this build makes, and the catalogs, in the
# layout core/installed_layout.h looks for (bin/, libexec/fshosts/, share/locale/). The lists of
# files to install and to delete are written from that directory (cmake/nsis_file_lists.cmake),
# so the uninstaller removes exactly what the installer put there.
#
# The cross build (mingw-w64, `make windows`) builds the installer with everything else and
# needs makensis (Debian's nsis, scripts/install-deps --windows); a native build makes it only
# when makensis is found.
if(CMAKE_CROSSCOMPILING)
  find_program(FSHOSTS_MAKENSIS makensis REQUIRED)
else()
  find_program(FSHOSTS_MAKENSIS makensis)
  if(NOT FSHOSTS_MAKENSIS)
    message(STATUS "makensis not found: no Windows installer")
    return()
  endif()
endif()

set(_pkgw_dir "${PROJECT_BINARY_DIR}/package-windows")
set(_pkgw_stage "${_pkgw_dir}/stage")
set(FSHOSTS_WINDOWS_INSTALLER "${PROJECT_BINARY_DIR}/packages/fshosts-${PROJECT_VERSION}-win64-setup.exe")
# Read by the installer test: the installed files, one relative path per line.
set(FSHOSTS_WINDOWS_INSTALLER_MANIFEST "${_pkgw_dir}/files.txt")
set(FSHOSTS_WINDOWS_INSTALLER_STAGE "${_pkgw_stage}")

# The programs this build makes; the others join automatically once they build for Windows.
set(_pkgw_programs "")
foreach(target fshosts fshosts-gui fshosts-helper)
  if(TARGET ${target})
    list(APPEND _pkgw_programs ${target})
  endif()
endforeach()
set(_pkgw_program_files "")
foreach(target IN LISTS _pkgw_programs)
  list(APPEND _pkgw_program_files "$<TARGET_FILE:${target}>")
endforeach()
file(GLOB _pkgw_nsis_sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/installer/windows/*.nsi"
     "${PROJECT_SOURCE_DIR}/installer/windows/*.nsh")
file(GLOB _pkgw_catalogs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/po/*.po")

add_custom_command(OUTPUT "${FSHOSTS_WINDOWS_INSTALLER}"
  COMMAND "${CMAKE_COMMAND}" -E rm -rf "${_pkgw_stage}"
  COMMAND "${CMAKE_COMMAND}" --install "${PROJECT_BINARY_DIR}" --config $<CONFIG> --prefix "${_pkgw_stage}" --strip
  COMMAND "${CMAKE_COMMAND}" "-DSTAGE=${_pkgw_stage}" "-DOUT_DIR=${_pkgw_dir}"
          -P "${PROJECT_SOURCE_DIR}/cmake/nsis_file_lists.cmake"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${PROJECT_BINARY_DIR}/packages"
  COMMAND "${FSHOSTS_MAKENSIS}" -V2 -INPUTCHARSET UTF8
          "-DFSHOSTS_VERSION=${PROJECT_VERSION}"
          "-DFSHOSTS_VERSION_QUAD=${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}.${PROJECT_VERSION_PATCH}.0"
          "-DFSHOSTS_PUBLISHER=${CPACK_PACKAGE_VENDOR}"
          "-DFSHOSTS_URL=${CPACK_PACKAGE_HOMEPAGE_URL}"
          "-DFSHOSTS_STAGE=${_pkgw_stage}"
          "-DFSHOSTS_LISTS=${_pkgw_dir}"
          "-DFSHOSTS_ICON=${PROJECT_SOURCE_DIR}/icons/fshosts.ico"
          "-DFSHOSTS_OUTFILE=${FSHOSTS_WINDOWS_INSTALLER}"
          "${PROJECT_SOURCE_DIR}/installer/windows/fshosts.nsi"
  DEPENDS ${_pkgw_program_files} ${_pkgw_nsis_sources} ${_pkgw_catalogs}
          "${PROJECT_SOURCE_DIR}/cmake/nsis_file_lists.cmake" "${PROJECT_SOURCE_DIR}/icons/fshosts.ico"
  COMMENT "Building the Windows installer ${FSHOSTS_WINDOWS_INSTALLER}"
  VERBATIM)
add_custom_target(fshosts-package-windows ALL DEPENDS "${FSHOSTS_WINDOWS_INSTALLER}")
add_dependencies(fshosts-package-windows ${_pkgw_programs} fshosts-translations)
