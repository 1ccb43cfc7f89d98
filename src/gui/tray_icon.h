// The tray / menu-bar icon shown while a preview is active, so the site builder sees at a glance
// that this PC is not on normal DNS, and can revert without finding the window.
#pragma once

#include <wx/taskbar.h>

#include <functional>

namespace fshosts::gui {

class TrayIcon : public wxTaskBarIcon {
public:
    TrayIcon(std::function<void()> open, std::function<void()> revert_all);

    // Shows the icon with `tooltip`, or removes it. Does nothing where there is no tray.
    void show(bool active, const wxString& tooltip);

    // Public (wx declares it protected) so MainFrame::tray_menu_for_test() can build it.
    wxMenu* CreatePopupMenu() override;

private:
    std::function<void()> m_open;
    std::function<void()> m_revert_all;
};

}  // namespace fshosts::gui
