# Packaging with CPack: `make package` (or `cpack --config build/CPackConfig.cmake`) builds the
# Linux packages. Settings shared by every generator are here; each generator has its own block
# in installer/cpack/<generator>.cmake. Included last by the top-level CMakeLists.txt, after every
# install() rule. The Windows installer (NSIS, `make package-windows`) is cmake/package_windows.cmake.

# Who and what, for every package (the Windows installer's publisher and link too).
set(CPACK_PACKAGE_NAME "fshosts")
set(CPACK_PACKAGE_VENDOR "The fshosts developers")
set(CPACK_PACKAGE_CONTACT "The fshosts developers <fshosts@users.noreply.github.com>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/fshosts/fshosts")

if(WIN32)
  include(package_windows)
  return()
elseif(APPLE)
  set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
  set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")
  include("${PROJECT_SOURCE_DIR}/installer/cpack/dmg.cmake")
  include(CPack)
  return()
endif()

set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "preview a web site under its real domain via the hosts file")
set(CPACK_PACKAGE_DESCRIPTION_FILE "${PROJECT_SOURCE_DIR}/installer/linux/description.txt")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/installer/linux/copyright")

# Installed under /usr: the polkit action names /usr/libexec/fshosts/fshosts-helper. DESTDIR
# staging keeps CMAKE_INSTALL_PREFIX=/usr while cpack installs, so the policy generated at install
# time (installer/CMakeLists.txt) names the real path, not cpack's staging directory.
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_INSTALL_PREFIX "/usr")
set(CPACK_SET_DESTDIR ON)
# Not relocatable either: the polkit action names the helper by its absolute path.
set(CPACK_PACKAGE_RELOCATABLE OFF)
# Release packages carry no debug information (lintian: unstripped-binary-or-object).
set(CPACK_STRIP_FILES ON)
# Directories the install creates are 0755 whatever the umask of the person running cpack.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")
set(CPACK_GENERATOR "DEB;RPM")

# fshosts_rpm_changelog(DEBIAN_CHANGELOG OUTPUT): writes the entries of a Debian-format changelog
# in rpm's %changelog form, so both packages come from the one file in the repository:
#   "fshosts (V) dist; ..." + "  * text" + " -- Name <mail>  Thu, 26 Nov 2026 12:00:00 +0900"
#   -> "* Thu Nov 26 2026 Name <mail> - V-1" + "- text"
function(fshosts_rpm_changelog debian_changelog output)
  file(STRINGS "${debian_changelog}" lines)
  set(out "")
  set(body "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^[a-z0-9.+-]+ \\(([^)]+)\\)")
      set(version "${CMAKE_MATCH_1}")
      if(out STREQUAL "" AND NOT version STREQUAL PROJECT_VERSION)
        message(FATAL_ERROR "The newest entry of ${debian_changelog} is ${version}, the project "
                            "is ${PROJECT_VERSION}: add a changelog entry for this version.")
      endif()
    elseif(line MATCHES "^  \\* (.*)$")
      string(APPEND body "- ${CMAKE_MATCH_1}\n")
    elseif(line MATCHES "^    (.*)$")
      string(APPEND body "  ${CMAKE_MATCH_1}\n")
    elseif(line MATCHES "^ -- (.+>)  ([A-Z][a-z][a-z]), ([0-9]+) ([A-Z][a-z][a-z]) ([0-9]+) ")
      string(APPEND out "* ${CMAKE_MATCH_2} ${CMAKE_MATCH_4} ${CMAKE_MATCH_3} ${CMAKE_MATCH_5} "
                        "${CMAKE_MATCH_1} - ${version}-${CPACK_RPM_PACKAGE_RELEASE}\n${body}\n")
      set(body "")
    endif()
  endforeach()
  if(out STREQUAL "")
    message(FATAL_ERROR "${debian_changelog} has no entry in Debian changelog format")
  endif()
  file(WRITE "${output}" "${out}")
endfunction()

# Maintainer scripts shared by both formats (they accept dpkg's and rpm's arguments).
set(FSHOSTS_PRERM "${PROJECT_SOURCE_DIR}/installer/linux/prerm")
set(FSHOSTS_POSTRM "${PROJECT_SOURCE_DIR}/installer/linux/postrm")

include("${PROJECT_SOURCE_DIR}/installer/cpack/deb.cmake")
include("${PROJECT_SOURCE_DIR}/installer/cpack/rpm.cmake")

include(CPack)
