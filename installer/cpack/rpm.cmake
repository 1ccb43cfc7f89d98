# CPack RPM block (included by cmake/packaging.cmake): build/packages/fshosts-<version>-1.<arch>.rpm.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_LICENSE "MIT")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Internet")
set(CPACK_RPM_PACKAGE_URL "${CPACK_PACKAGE_HOMEPAGE_URL}")
# Libraries: rpm's automatic requirements (AUTOREQ). pkexec and polkitd are in "polkit" on
# Fedora, RHEL and openSUSE.
# libcurl is loaded at run time by the probes (src/probe/curl_api_loaded.cpp), so AUTOREQ cannot
# see it: required here by its soname, as AUTOREQ would name it (libcurl or libcurl-minimal on
# Fedora, libcurl4 on openSUSE provide it).
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
if(CMAKE_SIZEOF_VOID_P EQUAL 8)
  set(CPACK_RPM_PACKAGE_REQUIRES "polkit, libcurl.so.4()(64bit)")
else()
  set(CPACK_RPM_PACKAGE_REQUIRES "polkit, libcurl.so.4")
endif()
# The same scripts as the .deb: rpm passes 0 on erase, 1 on upgrade. rpm has no purge, so an
# erase keeps /var/lib/fshosts (the script says so).
set(CPACK_RPM_PRE_UNINSTALL_SCRIPT_FILE "${FSHOSTS_PRERM}")
set(CPACK_RPM_POST_UNINSTALL_SCRIPT_FILE "${FSHOSTS_POSTRM}")
# %changelog from the one changelog in the repository (Debian format, installer/linux/changelog).
fshosts_rpm_changelog("${PROJECT_SOURCE_DIR}/installer/linux/changelog"
                      "${PROJECT_BINARY_DIR}/installer/rpm-changelog")
set(CPACK_RPM_CHANGELOG_FILE "${PROJECT_BINARY_DIR}/installer/rpm-changelog")
# Directories owned by the distribution's base packages (filesystem, hicolor-icon-theme, polkit,
# man-pages): the package must not claim them.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
  /usr/libexec /usr/share/applications /usr/share/metainfo /usr/share/polkit-1
  /usr/share/polkit-1/actions /usr/share/icons /usr/share/icons/hicolor /usr/share/doc
  /usr/share/man /usr/share/man/man1 /usr/share/man/ja /usr/share/man/ja/man1
  /usr/share/locale /usr/share/locale/ja /usr/share/locale/ja/LC_MESSAGES)
foreach(size 16x16 24x24 32x32 48x48 64x64 128x128 256x256 512x512 scalable)
  list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    "/usr/share/icons/hicolor/${size}" "/usr/share/icons/hicolor/${size}/apps")
endforeach()
# rpm's conventions where they differ from Debian's: a capitalised summary, a Packager tag, the
# catalogs and Japanese man pages marked with their language (so rpm's %_install_langs can leave
# them out, as for any other package).
set(CPACK_RPM_PACKAGE_SUMMARY "Preview a web site under its real domain via the hosts file")
set(CPACK_RPM_SPEC_MORE_DEFINE "%define packager ${CPACK_PACKAGE_CONTACT}")
set(CPACK_RPM_USER_FILELIST "")
foreach(lang IN LISTS FSHOSTS_LINGUAS)
  list(APPEND CPACK_RPM_USER_FILELIST "%lang(${lang}) /usr/share/locale/${lang}/LC_MESSAGES/fshosts.mo")
endforeach()
list(APPEND CPACK_RPM_USER_FILELIST
  "%lang(ja) /usr/share/man/ja/man1/fshosts.1.gz" "%lang(ja) /usr/share/man/ja/man1/fshosts-gui.1.gz")
# Lintian's overrides are for the .deb only.
list(APPEND CPACK_RPM_USER_FILELIST "%exclude /usr/share/lintian/overrides/fshosts")
list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION /usr/share/lintian /usr/share/lintian/overrides)
