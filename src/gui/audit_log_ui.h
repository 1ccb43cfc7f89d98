// File → Audit log…: the audit log core's AuditLog writes, read-only, newest lines at the bottom.
// load_audit_log() reads it on a worker thread; the dialog only shows what was read.
#pragma once

#include <wx/dialog.h>

#include <filesystem>
#include <string>

namespace fshosts::gui {

// The audit log as read for the dialog. No wx in here: it is filled on a worker thread.
struct AuditLogText {
    enum class State { Shown, Missing, Denied, Failed };
    State state = State::Shown;
    std::string text;    // Shown: every line through AuditLog::display_text (valid UTF-8)
    std::string detail;  // Failed: why, UTF-8
};

// Reads `file` (the Target's audit_log) without blocking on a FIFO or a device, at most 64 MiB.
// Does file I/O: never call it on the UI thread.
AuditLogText load_audit_log(const std::filesystem::path& file);

class AuditLogDialog : public wxDialog {
public:
    // `file`: the Target's audit_log, as read by load_audit_log(). For the system hosts file it is
    // usually readable only by an administrator; the dialog says so instead of an empty log.
    AuditLogDialog(wxWindow* parent, const std::filesystem::path& file, const AuditLogText& content);
};

}  // namespace fshosts::gui
