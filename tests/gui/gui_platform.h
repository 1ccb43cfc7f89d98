// What the in-process GUI test (test_main_frame.cpp) needs from the desktop it runs on, so the
// test itself has no #ifdef: gui_platform_posix.cpp (X11 + GTK) and gui_platform_windows.cpp
// (Win32, run under Wine + Xvfb), chosen in tests/CMakeLists.txt and tests/windows/CMakeLists.txt.
#pragma once

#include <filesystem>
#include <memory>

class wxImage;
class wxMessageDialog;
class wxRect;

namespace fshosts::test {

// Something that makes the desktop look like one with a system tray while it lives: under a bare
// Xvfb a stand-in tray owner (FakeTray); Windows always has its notification area (nothing).
std::shared_ptr<void> provide_tray(const char* display);

// Points the per-user directories (HOME, XDG_CONFIG_HOME, XDG_STATE_HOME) into `dir`, so the
// test's backups and settings stay in its temp directory. On Windows they are the (throw-away)
// Wine prefix's %LOCALAPPDATA% and registry: nothing to do.
void use_private_user_dirs(const std::filesystem::path& dir);

// Makes a FIFO at `path`; false where the system has none (Windows).
bool make_fifo(const std::filesystem::path& path);

// Answers the native message box `dialog` is showing with its "Yes" button, as a click on it
// would (GTK: gtk_dialog_response; Windows: the button's BN_CLICKED). False when it cannot.
bool answer_yes(wxMessageDialog* dialog);

// What the screen shows in `rect` now (X11: read from the X server, since wxScreenDC under GTK 3
// gave the first picture again on later calls; Windows: wxScreenDC).
wxImage screen_image(const wxRect& rect);

}  // namespace fshosts::test
