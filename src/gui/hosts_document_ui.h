// A read-only view of the whole hosts file as it is on disk: fshosts's block highlighted, user
// lines that win over a preview entry marked red, lines fshosts disabled greyed. The GUI side of
// core's hosts_document (the lines) and read_status (what each line means to fshosts).
#pragma once

#include <wx/stc/stc.h>

#include <string>

namespace fshosts {
struct Status;
}

namespace fshosts::gui {

class HostsFileView : public wxStyledTextCtrl {
public:
    explicit HostsFileView(wxWindow* parent);

    // Shows `bytes` (the file's content) with the lines `status` describes marked.
    void show(const std::string& bytes, const Status& status);
};

}  // namespace fshosts::gui
