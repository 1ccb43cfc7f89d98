#include "gui/tray_icon.h"

// wx first: it defines _() as wxGetTranslation.
#include <wx/menu.h>

#include "gui/app_icons.h"

#include <utility>

namespace fshosts::gui {

TrayIcon::TrayIcon(std::function<void()> open, std::function<void()> revert_all)
    : m_open(std::move(open)), m_revert_all(std::move(revert_all))
{
    Bind(wxEVT_TASKBAR_LEFT_DCLICK, [this](wxTaskBarIconEvent&) { m_open(); });
}

void TrayIcon::show(bool active, const wxString& tooltip)
{
    if (!wxTaskBarIcon::IsAvailable())
        return;
    if (!active) {
        if (IsIconInstalled())
            RemoveIcon();
        return;
    }
    SetIcon(wxBitmapBundle::FromIconBundle(app_icons()), tooltip);
}

wxMenu* TrayIcon::CreatePopupMenu()
{
    auto* menu = new wxMenu;
    constexpr int open_id = wxID_HIGHEST + 1;
    constexpr int revert_id = wxID_HIGHEST + 2;
    menu->Append(open_id, _("Open fshosts"));
    menu->AppendSeparator();
    menu->Append(revert_id, _("Revert all"));
    menu->Bind(wxEVT_MENU, [this](wxCommandEvent&) { m_open(); }, open_id);
    menu->Bind(wxEVT_MENU, [this](wxCommandEvent&) { m_revert_all(); }, revert_id);
    return menu;
}

}  // namespace fshosts::gui
