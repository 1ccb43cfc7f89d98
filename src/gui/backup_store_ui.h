// File → Backups…: the copies core's BackupStore keeps of the hosts file, newest first, and the
// one to restore. The dialog only lists and asks; the restore itself runs in the main window.
#pragma once

#include <wx/dialog.h>

#include <filesystem>
#include <string>
#include <vector>

class wxButton;
class wxListCtrl;

namespace fshosts::gui {

class BackupsDialog : public wxDialog {
public:
    // `backup_dir`, `hosts`: the Target's backup directory and hosts file.
    BackupsDialog(wxWindow* parent, const std::filesystem::path& backup_dir, const std::filesystem::path& hosts);

    // After ShowModal() returned wxID_OK: the backup the user confirmed to restore.
    const std::string& chosen_id() const noexcept { return m_chosen; }

private:
    void on_restore();

    wxListCtrl* m_list = nullptr;
    wxButton* m_restore = nullptr;
    std::vector<std::string> m_ids;  // backup ids, row by row
    std::string m_chosen;
};

}  // namespace fshosts::gui
