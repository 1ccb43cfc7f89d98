#include "gui/backup_store_ui.h"

// wx first: it defines _() as wxGetTranslation; core headers used here do not define it.
#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "base/error.h"
#include "base/utf8.h"
#include "core/backup_store.h"
#include "gui/dialog_layout.h"

#include <string>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace fshosts::gui {
namespace {

wxString utf8(const std::string& s) { return wxString::FromUTF8(s); }

// "2026-11-26T10:22:33.123456Z" (UTC) as local time, to the second.
wxString local_time(const std::string& iso)
{
    wxDateTime time;
    if (iso.size() < 19 || !time.ParseISOCombined(utf8(iso.substr(0, 19))))
        return utf8(iso);
    return time.FromTimezone(wxDateTime::UTC).Format("%Y-%m-%d %H:%M:%S");
}

// The change that followed the backup, i.e. what the backup was taken before. Core records it
// as "<operation> <names> <address>" ("apply www.example.jp,example.jp 203.0.113.10"): the
// operation word is shown in the user's language, the rest as it is.
wxString operation_label(const std::string& description)
{
    const std::size_t space = description.find(' ');
    const std::string operation = description.substr(0, space);
    const wxString rest = space == std::string::npos ? wxString() : " " + utf8(description.substr(space + 1));
    if (operation == "apply")
        return _("Start preview") + rest;
    if (operation == "revert")
        return _("Revert") + rest;
    if (operation == "restore")
        return _("Restore a backup") + rest;
    return utf8(description);
}

wxString size_label(std::uint64_t size)
{
    return wxString::Format(_("%s bytes"), wxString::Format("%llu", static_cast<unsigned long long>(size)));
}

}  // namespace

BackupListing load_backups(const std::vector<fs::path>& backup_dirs, const fs::path& hosts)
{
    BackupListing out;
    if (backup_dirs.empty())
        return out;
    out.main_dir = backup_dirs.front();
    std::error_code ec;
    if (fs::exists(out.main_dir, ec))  // the system target's state is root-only: find out before listing
        fs::directory_iterator probe(out.main_dir, ec);
    if (ec == std::errc::permission_denied) {
        out.denied = true;
        return out;
    }
    if (ec) {
        out.problem = ec.message();
        return out;
    }
    try {
        out.backups = list_backups(backup_dirs, hosts);
    } catch (const Error& e) {  // a damaged backup index: the dialog says so instead of failing
        out.problem = e.what();
    }
    return out;
}

BackupsDialog::BackupsDialog(wxWindow* parent, const BackupListing& listing)
    : wxDialog(parent, wxID_ANY, _("Backups of the hosts file"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER)
{
    auto* top = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(10);
    add_note(this, top,
             _("fshosts saves a copy of the hosts file before every change. \"(original)\" is "
               "the file as it was before fshosts first changed it."),
             FromDIP(660), wxEXPAND | wxALL, gap);

    m_list = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(700, 260)), wxLC_REPORT | wxLC_SINGLE_SEL);
    m_list->SetName("backups_list");
    m_list->AppendColumn(_("Saved at"), wxLIST_FORMAT_LEFT, FromDIP(160));
    m_list->AppendColumn(_("Saved before"), wxLIST_FORMAT_LEFT, FromDIP(300));
    m_list->AppendColumn(_("Size"), wxLIST_FORMAT_RIGHT, FromDIP(90));
    m_list->AppendColumn(_("ID"), wxLIST_FORMAT_LEFT, FromDIP(320));
    top->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT, gap);

    // Newest first: the one a user wants is almost always near the top.
    // A backup from another store of the same file (the system hosts file changed without
    // administrator rights keeps its backups in the user's folder) says so after the change.
    const std::vector<StoredBackup>& backups = listing.backups;
    long row = 0;
    for (auto it = backups.rbegin(); it != backups.rend(); ++it, ++row) {
        const BackupInfo& b = it->info;
        m_list->InsertItem(row, b.pristine ? local_time(b.time) + " " + _("(original)") : local_time(b.time));
        wxString operation = operation_label(b.operation);
        if (it->backup_dir != listing.main_dir)
            operation += " " + _("(changed without administrator rights)");
        m_list->SetItem(row, 1, operation);
        m_list->SetItem(row, 2, size_label(b.size));
        m_list->SetItem(row, 3, utf8(b.id));
        m_ids.push_back(b.id);
    }

    // Fit the time (with "(original)") and size columns to their text, but never below the header.
    for (const int column : {0, 2}) {
        const int header = m_list->GetColumnWidth(column);
        m_list->SetColumnWidth(column, wxLIST_AUTOSIZE);
        if (m_list->GetColumnWidth(column) < header)
            m_list->SetColumnWidth(column, header);
    }

    wxString note;
    if (listing.denied)
        note = _("Only an administrator can read the backups of the system hosts file. You can see them with "
                 "\"sudo fshosts backups\".");
    else if (!listing.problem.empty())
        note = wxString::Format(_("Cannot read the backups: %s"), utf8(displayable(listing.problem, 4096)));
    else if (backups.empty())
        note = _("No backups yet: fshosts has not changed this hosts file.");
    if (!note.empty())
        add_note(this, top, note, FromDIP(660), wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    m_restore = new wxButton(this, wxID_ANY, _("Restore this backup..."));
    m_restore->SetName("backup_restore");
    m_restore->Disable();
    finish_with_close(this, top, gap, m_restore);

    const auto update = [this](wxListEvent&) { m_restore->Enable(m_list->GetSelectedItemCount() == 1); };
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, update);
    m_list->Bind(wxEVT_LIST_ITEM_DESELECTED, update);
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { on_restore(); });
    m_restore->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_restore(); });
}

void BackupsDialog::on_restore()
{
    const long row = m_list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (row < 0 || static_cast<std::size_t>(row) >= m_ids.size())
        return;
    wxMessageDialog ask(this,
                        wxString::Format(_("Put the hosts file back to the copy saved at %s?\n\nThe current content is "
                                           "saved as a new backup first, so this can be undone."),
                                         m_list->GetItemText(row, 0)),
                        _("Restore a backup"), wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
    ask.SetYesNoLabels(_("Restore"), _("Cancel"));
    if (ask.ShowModal() != wxID_YES)
        return;
    m_chosen = m_ids[static_cast<std::size_t>(row)];
    EndModal(wxID_OK);
}

}  // namespace fshosts::gui
