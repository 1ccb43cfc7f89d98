// File → Audit log…: the audit log core's AuditLog writes, read-only, newest lines at the bottom.
#pragma once

#include <wx/dialog.h>

#include <filesystem>

namespace fshosts::gui {

class AuditLogDialog : public wxDialog {
public:
    // `file`: the Target's audit_log. For the system hosts file it is usually readable only by an
    // administrator; the dialog says so instead of showing an empty log.
    AuditLogDialog(wxWindow* parent, const std::filesystem::path& file);
};

}  // namespace fshosts::gui
