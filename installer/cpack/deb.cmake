# CPack DEB block (included by cmake/packaging.cmake): build/packages/fshosts_<version>_<arch>.deb.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Library dependencies come from dpkg-shlibdeps (package dpkg-dev); the helper is started through
# pkexec, and the polkit action needs polkitd to be evaluated at all. libcurl is loaded at run time
# by the probes (src/probe/curl_api_loaded.cpp), so shlibdeps cannot see it: named here (7.70:
# CURLSSLOPT_REVOKE_BEST_EFFORT; Ubuntu's libcurl4t64 provides libcurl4).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "pkexec, polkitd, libcurl4 (>= 7.70.0)")
# prerm reverts an active preview before the programs vanish; postrm keeps or purges
# /var/lib/fshosts (see README, "Removing the package"). 0755 whatever the checkout's modes.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${FSHOSTS_PRERM};${FSHOSTS_POSTRM}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
