// The main window: type a contract domain and the futureshop server address, start the
// preview, see what this PC points where, and revert everything in one click. All hosts logic
// is core's (ChangeService, read_status, validation); this class lays the window out, shows and
// asks. The file is read by a FileMonitor and changed by a JobRunner, both on worker threads:
// the window appears at once, says it is reading, and fills in when the file has been read.
#pragma once

#include <wx/frame.h>
// Not a forward declaration: on Windows wxInfoBar is a macro for wxInfoBarGeneric.
#include <wx/infobar.h>
#include <wx/string.h>
#include <wx/timer.h>

#include "gui/job_runner.h"
#include "platform/host_name.h"
#include "probe/browser_pitfalls.h"
#include "probe/dns_query.h"
#include "probe/dns_switch.h"
#include "probe/advisor_dns.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxCheckBox;
class wxCloseEvent;
class wxListCtrl;
class wxMenu;
class wxNotificationMessageBase;
class wxNotebook;
class wxPanel;
class wxStaticText;
class wxTextCtrl;

namespace fshosts {
class ChangeService;
struct Target;
}

namespace fshosts::gui {

class BrowserPreviewUi;
class FileMonitor;
class HostsFileView;
class WorkerThread;
class TrayIcon;
struct LoadedFile;

// What the window may send over the network, and how (the command line's options).
struct NetworkSettings {
    probe::QueryOptions dns;  // --dns-server, or the system's DNS servers (the DNS-switch check, the SSL advisor)
    std::string ca_file;      // --ca-file: also trust these CA certificates in the server checks
    // The window asks DNS and the preview server by itself (the DNS-switch check at start and every
    // 15 minutes, the proof after a preview starts); false with --no-automatic-checks (then only
    // the buttons send anything).
    bool automatic_checks = true;
    // --browser: the program "Open a preview browser" offers first (also for tests); else the
    // installed Chrome, Edge or Chromium (gui/browser_preview_ui.h).
    std::filesystem::path browser;
};

class MainFrame : public wxFrame {
public:
    // `hosts_file`: --hosts-file, or nullopt for the system hosts file (changed through the helper).
    // `language`: "ja" or "en", passed to fshosts-helper for its messages.
    MainFrame(std::optional<std::filesystem::path> hosts_file, std::string language, NetworkSettings network = {});
    ~MainFrame() override;

    // Puts the keyboard focus in the contract-domain field, ready for a paste.
    void focus_domain();

    // Tools > SSL validation advisor... (gui/advisor_dialog.h). `web`: how its web check asks the
    // contract domain's server (tests use other ports).
    void open_ssl_advisor(const probe::ProbeOptions& web = probe::advisor_web_options());

    // Whether the tray / menu-bar icon is shown (a preview is active and the desktop has a tray).
    bool tray_icon_shown() const;

    // What the "What to do in the browser" button shows: every pitfall found for the previewed
    // names, with what it does and what to do (also for tests).
    wxString browser_details() const;
    // What "Details..." of the server check shows: the whole report of the last check.
    wxString server_check_report() const;

    // For tests: the tray icon's popup menu as wx would build it on a right click (the caller
    // deletes it), or nullptr after the tray icon was destroyed.
    wxMenu* tray_menu_for_test();

    // What the last DNS-switch check found for the previewed names (empty before the first one).
    const std::vector<probe::SwitchVerdict>& dns_switch_verdicts() const { return m_switch; }
    // How many DNS-switch checks have finished, and the last notification shown ("title\nmessage").
    int dns_switch_checks() const { return m_switch_checks; }
    wxString last_notification() const { return m_last_notification; }
    // How often the DNS switch is checked while a preview is active (15 minutes; tests shorten it).
    void set_switch_check_interval(std::chrono::milliseconds interval);

private:
    void build_ui();
    wxWindow* build_banner(wxWindow* parent);
    wxSizer* build_form(wxWindow* parent);
    wxWindow* build_tabs(wxWindow* parent);
    void bind_events();
    void build_menu();
    void refresh();
    void show_file(const LoadedFile& file);
    void show_entries(const LoadedFile& file);
    void check_browsers(const std::vector<std::string>& names);
    wxString browser_advice() const;
    void on_browser_details();
    void on_check_server();
    // What a server check or the proof after a preview found (on m_prober), for the UI thread.
    struct ServerCheck {
        std::vector<std::string> names;
        std::string summary;  // the lines under the buttons
        std::string report;   // Details...
        bool problem = false;
        std::optional<bool> covers;  // the certificate covers every name; nullopt: no certificate seen
        bool hsts = false;           // an answer carried Strict-Transport-Security
    };
    void finish_server_check(const ServerCheck& check);
    void show_server_check(const wxString& text, bool problem);
    void grow_to_fit();
    void verify_preview(const std::vector<probe::ManagedName>& entries);
    void watch_dns_switch(const std::vector<probe::ManagedName>& names);
    void check_dns_switch();
    wxString switch_advice() const;
    void notify(const wxString& title, const wxString& message);
    void show_banner(const wxString& title, const wxString& detail, bool error, bool attention = false);
    void on_remove_selected();
    void on_find();
    void fill_preview_form(const std::string& domain, const std::string& address);
    void on_backups();
    void on_audit_log();
    void on_about();
    void on_language(const std::string& language);
    void on_close(wxCloseEvent& event);
    void ask_revert_before_quit(wxCloseEvent& event);
    void show_window();
    void validate_input();
    void wrap_banner();
    void on_start_preview(bool disable_conflicts);
    void on_revert_all();
    void run_job(std::function<ChangeResult(ChangeService&)> work, Job job);
    void on_finished(const JobOutcome& outcome, Job job);
    void set_busy(bool busy);
    bool busy() const;
    Target target() const;  // backups and audit log of the file this window changes

    std::optional<std::filesystem::path> m_hosts_file;
    std::string m_language;
    probe::QueryOptions m_dns;
    std::string m_ca_file;
    bool m_automatic_checks = true;
    std::filesystem::path m_browser_program;  // --browser
    std::filesystem::path m_path;  // the hosts file this window shows and changes
    bool m_loaded = false;         // the file was read at least once
    bool m_have_entries = false;
    bool m_twin_touched = false;   // the user set the twin checkbox: stop following the default
    std::string m_last_domain;     // last valid normalised domain, to re-apply the default
    std::string m_host_name = platform::host_name();  // refused as a preview target
    wxString m_banner_text;        // the banner's detail before wrapping
    int m_banner_width = 0;
    bool m_quitting = false;       // the user chose to quit; closing no longer asks
    // What the re-read after the last change found (Windows), shown in the banner until the next
    // change: the preview undone by a security program, or the file not readable again.
    bool m_undone = false;
    std::string m_after_write_warning;

    wxInfoBar* m_changed_bar = nullptr;  // "changed by another program" + Reload
    TrayIcon* m_tray = nullptr;
    wxPanel* m_banner = nullptr;
    wxStaticText* m_banner_title = nullptr;
    wxStaticText* m_banner_detail = nullptr;
    wxButton* m_browser_details = nullptr;  // in the banner, when a browser may not show the preview
    wxTextCtrl* m_domain = nullptr;
    wxStaticText* m_domain_check = nullptr;
    wxCheckBox* m_twin = nullptr;
    wxTextCtrl* m_address = nullptr;
    wxStaticText* m_address_check = nullptr;
    wxTextCtrl* m_until = nullptr;            // the planned go-live date (optional)
    wxStaticText* m_until_check = nullptr;    // shown once something is typed there
    bool m_overdue_notified = false;          // the "go-live date has passed" notification, once per start
    wxButton* m_start = nullptr;
    wxButton* m_check = nullptr;              // "Check the server": the pre-flight probe, or Cancel while it runs
    wxStaticText* m_check_result = nullptr;   // what the last check found
    wxButton* m_check_details = nullptr;      // the whole report of the last check
    std::unique_ptr<BrowserPreviewUi> m_browser_preview;  // "Open a preview browser" beside "Start preview"
    std::string m_check_report;
    // What the last check or verify learnt about the certificate and HSTS, for the names in
    // m_check_names: the browser pitfalls use it (a certificate that does not cover the name).
    std::vector<std::string> m_check_names;
    std::optional<bool> m_check_covers;
    bool m_check_hsts = false;
    bool m_verify_pending = false;  // a preview was just started: prove it once the file is read
    std::shared_ptr<std::atomic<bool>> m_check_cancel;  // set while a check runs
    wxButton* m_revert = nullptr;
    wxNotebook* m_tabs = nullptr;
    wxListCtrl* m_list = nullptr;
    wxButton* m_remove = nullptr;
    HostsFileView* m_file_view = nullptr;
    wxStaticText* m_file_label = nullptr;
    // What may keep browsers from showing the preview (probe/browser_pitfalls.h), found on m_reader
    // for the names in m_pitfall_names and shown in the banner while they are previewed.
    std::vector<std::string> m_pitfall_names;
    std::vector<probe::Pitfall> m_pitfalls;
    std::shared_ptr<const LoadedFile> m_shown;  // the file the banner shows, to show it again
    std::unique_ptr<JobRunner> m_jobs;      // declared after the controls: its tasks end first
    std::unique_ptr<FileMonitor> m_monitor;
    bool m_dialog_loading = false;           // a dialog's content is being read (UI thread)
    std::unique_ptr<WorkerThread> m_reader;  // reads for the backups and audit-log dialogs; last: joined first
    std::unique_ptr<WorkerThread> m_prober;  // the server check (network, seconds); cancelled, then joined first
    // The DNS-switch check (probe/dns_switch.h) of m_switch_names, at start and every
    // m_switch_interval while a preview is active; notifies while the switch is done.
    std::vector<probe::ManagedName> m_switch_names;
    std::vector<probe::SwitchVerdict> m_switch;
    bool m_switch_checking = false;
    int m_switch_checks = 0;
    std::chrono::milliseconds m_switch_interval = std::chrono::minutes(15);
    wxTimer m_switch_timer;
    wxString m_last_notification;
    std::unique_ptr<wxNotificationMessageBase> m_notification;
    std::shared_ptr<std::atomic<bool>> m_switch_cancel = std::make_shared<std::atomic<bool>>(false);
    std::unique_ptr<WorkerThread> m_dns_checker;  // joined first of all (cancelled first)
};

}  // namespace fshosts::gui
