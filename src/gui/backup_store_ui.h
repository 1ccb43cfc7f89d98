// File → Backups…: the copies core's BackupStore keeps of the hosts file, newest first, and the
// one to restore. load_backups() reads them on a worker thread; the dialog only lists and asks;
// the restore itself runs in the main window.
#pragma once

#include <wx/dialog.h>

#include "core/backup_store.h"

#include <filesystem>
#include <string>
#include <vector>

class wxButton;
class wxListCtrl;

namespace fshosts::gui {

// The backups as read for the dialog. No wx in here: it is filled on a worker thread.
struct BackupListing {
    std::vector<StoredBackup> backups;  // oldest first, as list_backups lists them
    std::filesystem::path main_dir;     // the Target's store; backups elsewhere are marked
    bool denied = false;                // the system target's state is readable by root only
    std::string problem;                // another failure (a damaged index ...), UTF-8; empty if none
};

// Lists the backups of `hosts` kept in `backup_dirs`: the Target's store first, then the other
// stores of the same file (the system hosts file: Target::system_stores()). Does file I/O: never
// call it on the UI thread.
BackupListing load_backups(const std::vector<std::filesystem::path>& backup_dirs, const std::filesystem::path& hosts);

class BackupsDialog : public wxDialog {
public:
    explicit BackupsDialog(wxWindow* parent, const BackupListing& listing);

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
