# Windows resources of each executable: the icon (icons/fshosts.ico), a manifest (execution
# level, activeCodePage UTF-8, longPathAware) and a version resource, from the templates in
# installer/windows/. Does nothing on other systems.
#
#   fshosts_add_windows_resources(TARGET target LEVEL asInvoker|requireAdministrator
#                                 DESCRIPTION "..." [COMMON_CONTROLS])
#
# COMMON_CONTROLS adds the dependency on Common Controls 6 that a GUI needs for themed controls.
if(WIN32)
  enable_language(RC)
endif()

function(fshosts_add_windows_resources)
  if(NOT WIN32)
    return()
  endif()
  cmake_parse_arguments(R "COMMON_CONTROLS" "TARGET;LEVEL;DESCRIPTION" "" ${ARGN})
  set(FSHOSTS_RC_NAME "${R_TARGET}")
  set(FSHOSTS_RC_FILE_NAME "${R_TARGET}.exe")
  set(FSHOSTS_RC_LEVEL "${R_LEVEL}")
  set(FSHOSTS_RC_DESCRIPTION "${R_DESCRIPTION}")
  set(FSHOSTS_RC_VERSION_DOTS "${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}.${PROJECT_VERSION_PATCH}.0")
  set(FSHOSTS_RC_VERSION_COMMAS "${PROJECT_VERSION_MAJOR},${PROJECT_VERSION_MINOR},${PROJECT_VERSION_PATCH},0")
  set(FSHOSTS_RC_ICON "${PROJECT_SOURCE_DIR}/icons/fshosts.ico")
  set(FSHOSTS_RC_EXTRA_MANIFEST "")
  if(R_COMMON_CONTROLS)
    set(FSHOSTS_RC_EXTRA_MANIFEST [=[  <dependency>
    <dependentAssembly>
      <assemblyIdentity type="win32" name="Microsoft.Windows.Common-Controls" version="6.0.0.0"
                        processorArchitecture="*" publicKeyToken="6595b64144ccf1df" language="*"/>
    </dependentAssembly>
  </dependency>
]=])
  endif()
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${R_TARGET}-resources")
  set(FSHOSTS_RC_MANIFEST "${dir}/${R_TARGET}.exe.manifest")
  configure_file("${PROJECT_SOURCE_DIR}/installer/windows/app.manifest.in" "${FSHOSTS_RC_MANIFEST}" @ONLY)
  configure_file("${PROJECT_SOURCE_DIR}/installer/windows/app.rc.in" "${dir}/${R_TARGET}.rc" @ONLY)
  # windres does not see the icon and manifest as dependencies of the .rc on its own.
  set_source_files_properties("${dir}/${R_TARGET}.rc" PROPERTIES
    OBJECT_DEPENDS "${FSHOSTS_RC_ICON};${FSHOSTS_RC_MANIFEST}")
  target_sources(${R_TARGET} PRIVATE "${dir}/${R_TARGET}.rc")
endfunction()
