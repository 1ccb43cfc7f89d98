#include "gui/audit_log_ui.h"

// wx first: it defines _() as wxGetTranslation.
#include <wx/button.h>
#include <wx/font.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "core/audit_log.h"
#include "gui/wrap_text.h"

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
    const wxString path = wxString::FromUTF8(file.string());
    top->Add(new wxStaticText(this, wxID_ANY, wxString::Format(_("Every change fshosts made, from %s"), path)), 0,
             wxEXPAND | wxALL, gap);

    wxString text;
    wxString problem;
    std::error_code ec;
    if (!fs::exists(file, ec) && !ec) {
        problem = _("Nothing recorded yet: fshosts has not changed this hosts file.");
    } else if (std::FILE* in = std::fopen(file.c_str(), "rb")) {
        std::string bytes;
        char buffer[8192];
        while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, in))
            bytes.append(buffer, n);
        std::fclose(in);
        text = wxString::FromUTF8(AuditLog::display_text(bytes));
    } else if (errno == EACCES || errno == EPERM || ec == std::errc::permission_denied) {
        problem = _("Only an administrator can read this audit log. It belongs to the system hosts file, which "
                    "fshosts changes with administrator rights.");
    } else {
        problem = wxString::Format(_("Cannot read the audit log: %s"), wxString::FromUTF8(std::strerror(errno)));
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
