// The SSL validation advisor as a window (probe/ssl_advisor.h): the contract domain, a look-up of
// its DNS and web server on a worker thread, the two questions pre-answered from those hints, and
// the advice that follows, with a way to start the hosts preview it may call for. The advice and
// its texts are probe's; this dialog only asks and lays them out. Modeless: the main window stays
// usable beside it.
#pragma once

#include <wx/dialog.h>

#include "probe/advisor_dns.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

class wxButton;
class wxCloseEvent;
class wxRadioButton;
class wxStaticText;
class wxTextCtrl;

namespace fshosts::gui {

class WorkerThread;

class AdvisorDialog : public wxDialog {
public:
    // What "Start a preview for DOMAIN..." hands the main window: the domain, and the address the
    // user typed here ("" when none). The main window only fills its form; the user starts.
    using StartPreview = std::function<void(const std::string& domain, const std::string& address)>;

    // `domain`: pre-filled (may be empty). `dns`: the DNS server to ask; `web`: the web check's
    // options (ports, timeouts) for the running-site hint.
    AdvisorDialog(wxWindow* parent, const wxString& domain, probe::QueryOptions dns, probe::ProbeOptions web,
                  StartPreview start_preview);
    ~AdvisorDialog() override;

    // The name it is found by (one advisor at a time).
    static const char* const window_name;

private:
    void on_lookup();
    void on_looked_up(const std::string& domain, const probe::AdvisorDns& result);
    void on_close(wxCloseEvent& event);
    void show_advice();
    void set_wrapped(wxStaticText* label, const wxString& text, int width);

    probe::QueryOptions m_dns;
    probe::ProbeOptions m_web;
    StartPreview m_start_preview;
    std::string m_looked_up;                // the normalised domain of the last look-up
    std::optional<probe::AdvisorDns> m_result;  // its hints
    bool m_closing = false;                 // closed while a look-up runs: destroyed when it ends
    int m_width = 0;                        // the text width, in pixels

    wxTextCtrl* m_domain = nullptr;
    wxButton* m_lookup = nullptr;
    wxStaticText* m_status = nullptr;
    wxStaticText* m_running_question = nullptr;
    wxRadioButton* m_running_yes = nullptr;
    wxRadioButton* m_running_no = nullptr;
    wxStaticText* m_running_hint = nullptr;
    wxStaticText* m_mailbox_question = nullptr;
    wxRadioButton* m_mailbox_yes = nullptr;
    wxRadioButton* m_mailbox_no = nullptr;
    wxStaticText* m_mailbox_hint = nullptr;
    wxStaticText* m_method = nullptr;
    wxTextCtrl* m_details = nullptr;
    wxStaticText* m_approvers_label = nullptr;
    wxTextCtrl* m_approvers = nullptr;
    wxTextCtrl* m_address = nullptr;
    wxButton* m_start = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;  // set while a look-up runs
    std::unique_ptr<WorkerThread> m_worker;      // last: joined first
};

}  // namespace fshosts::gui
