#include "gui/audit_log_ui.h"

// wx first: it defines _() as wxGetTranslation.
#include <wx/button.h>
#include <wx/font.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "base/error.h"
#include "core/audit_log.h"
#include "gui/path_text.h"
#include "gui/wrap_text.h"
#include "platform/regular_file.h"

#include <cerrno>
#include <cstring>
#include <cstdio>
#include <string>

namespace fs = std::filesystem;

namespace fshosts::gui {

AuditLogDialog::AuditLogDialog(wxWindow* parent, const fs::path& file)
    : wxDialog(parent, wxID_ANY, _("Audit log"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER)
{
    auto* top = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(10);
    const wxString path = path_text(file);
    top->Add(new wxStaticText(this, wxID_ANY, wxString::Format(_("Every change fshosts made, from %s"), path)), 0,
             wxEXPAND | wxALL, gap);

    wxString text;
    wxString problem;
    std::error_code ec;
    if (!fs::exists(file, ec) && !ec) {
        problem = _("Nothing recorded yet: fshosts has not changed this hosts file.");
    } else {
        // Opened without blocking and only when it is a regular file of at most 64 MiB: a FIFO or
        // a device planted in its place must not freeze the window (this runs on the UI thread).
        int err = 0;
        std::FILE* in = nullptr;
        try {
            in = platform::open_regular_file(file, err);
        } catch (const Error& e) {
            problem = wxString::Format(_("Cannot read the audit log: %s"), wxString::FromUTF8(e.what()));
        }
        if (in) {
            std::string bytes;
            char buffer[8192];
            while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, in)) {
                if (bytes.size() + n > platform::max_hosts_file_bytes)
                    break;  // the view shows the first 64 MiB
                bytes.append(buffer, n);
            }
            std::fclose(in);
            text = wxString::FromUTF8(AuditLog::display_text(bytes));
        } else if (problem.empty()) {
            if (err == EACCES || err == EPERM || ec == std::errc::permission_denied)
                problem = _("Only an administrator can read this audit log. It belongs to the system hosts file, which "
                            "fshosts changes with administrator rights.");
            else
                problem = wxString::Format(_("Cannot read the audit log: %s"), wxString::FromUTF8(std::strerror(err)));
        }
    }

    if (problem.empty()) {
        auto* view = new wxTextCtrl(this, wxID_ANY, text, wxDefaultPosition, FromDIP(wxSize(760, 360)),
                                    wxTE_MULTILINE | wxTE_READONLY | wxTE_DONTWRAP | wxTE_RICH2);
        view->SetFont(wxFontInfo(view->GetFont().GetPointSize()).Family(wxFONTFAMILY_TELETYPE));
        view->ShowPosition(view->GetLastPosition());  // the newest lines are the ones people look for
        top->Add(view, 1, wxEXPAND | wxLEFT | wxRIGHT, gap);
    } else {
        auto* label = new wxStaticText(this, wxID_ANY, problem);
        label->SetLabelText(wrap_text(label, problem, FromDIP(520)));
        top->Add(label, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    }
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->AddStretchSpacer();
    buttons->Add(new wxButton(this, wxID_CLOSE));
    top->Add(buttons, 0, wxEXPAND | wxALL, gap);
    SetEscapeId(wxID_CLOSE);
    SetSizerAndFit(top);
    CentreOnParent();
}

}  // namespace fshosts::gui
