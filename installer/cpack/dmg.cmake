# macOS: the DragNDrop disk image build/packages/fshosts-<version>-macos.dmg, holding fshosts.app
# and a link to /Applications (CPack adds it) and nothing else: only the install component of the
# bundle (src/gui/CMakeLists.txt) goes in, not the Unix-style bin/, libexec/ and share/ rules.
set(CPACK_GENERATOR "DragNDrop")
set(CPACK_DMG_VOLUME_NAME "fshosts ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT "UDZO")
set(CPACK_PACKAGE_FILE_NAME "fshosts-${PROJECT_VERSION}-macos")
set(CPACK_DRAGNDROP_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_COMPONENTS_ALL fshosts_app)
