#include "gui/audit_log_ui.h"

// wx first: it defines _() as wxGetTranslation.
#include <wx/button.h>
#include <wx/font.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "base/error.h"
#include "base/utf8.h"
#include "core/audit_log.h"
#include "gui/path_text.h"
#include "gui/dialog_layout.h"
#include "platform/regular_file.h"

#include <cerrno>
#include <cstring>
#include <cstdio>
#include <string>
#include <system_error>

namespace fs = std::filesystem;

namespace fshosts::gui {

AuditLogText load_audit_log(const fs::path& file)
{
    AuditLogText out;
    std::error_code ec;
    if (!fs::exists(file, ec) && !ec) {
        out.state = AuditLogText::State::Missing;
        return out;
    }
    // Opened without blocking and only when it is a regular file of at most 64 MiB: a FIFO or a
    // device planted in its place must not hang the reader.
    int err = 0;
    std::FILE* in = nullptr;
    try {
        in = platform::open_regular_file(file, err);
    } catch (const Error& e) {
        out.state = AuditLogText::State::Failed;
        out.detail = e.what();
        return out;
    }
    if (!in) {
        const bool denied = err == EACCES || err == EPERM || ec == std::errc::permission_denied;
        out.state = denied ? AuditLogText::State::Denied : AuditLogText::State::Failed;
        out.detail = std::strerror(err);
        return out;
    }
    std::string bytes;
    char buffer[8192];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, in)) {
        if (bytes.size() + n > platform::max_hosts_file_bytes)
            break;  // the view shows the first 64 MiB
        bytes.append(buffer, n);
    }
    std::fclose(in);
    out.text = AuditLog::display_text(bytes);
    return out;
}

AuditLogDialog::AuditLogDialog(wxWindow* parent, const fs::path& file, const AuditLogText& content)
    : wxDialog(parent, wxID_ANY, _("Audit log"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER)
{
    auto* top = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(10);
    const wxString path = path_text(file);
    top->Add(new wxStaticText(this, wxID_ANY, wxString::Format(_("Every change fshosts made, from %s"), path)), 0,
             wxEXPAND | wxALL, gap);

    const wxString text = wxString::FromUTF8(content.text);
    wxString problem;
    switch (content.state) {
    case AuditLogText::State::Shown:
        break;
    case AuditLogText::State::Missing:
        problem = _("Nothing recorded yet: fshosts has not changed this hosts file.");
        break;
    case AuditLogText::State::Denied:
        problem = _("Only an administrator can read this audit log. It belongs to the system hosts file, which "
                    "fshosts changes with administrator rights.");
        break;
    case AuditLogText::State::Failed:
        problem = wxString::Format(_("Cannot read the audit log: %s"), wxString::FromUTF8(displayable(content.detail, 4096)));
        break;
    }

    if (problem.empty()) {
        auto* view = new wxTextCtrl(this, wxID_ANY, text, wxDefaultPosition, FromDIP(wxSize(760, 360)),
                                    wxTE_MULTILINE | wxTE_READONLY | wxTE_DONTWRAP | wxTE_RICH2);
        view->SetFont(wxFontInfo(view->GetFont().GetPointSize()).Family(wxFONTFAMILY_TELETYPE));
        view->ShowPosition(view->GetLastPosition());  // the newest lines are the ones people look for
        top->Add(view, 1, wxEXPAND | wxLEFT | wxRIGHT, gap);
    } else {
        add_note(this, top, problem, FromDIP(520), wxEXPAND | wxLEFT | wxRIGHT, gap);
    }
    finish_with_close(this, top, gap);
}

}  // namespace fshosts::gui
