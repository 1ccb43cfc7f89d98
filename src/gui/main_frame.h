// The main window: type a contract domain and the futureshop server address, start the
// preview, see what this PC points where, and revert everything in one click. All hosts logic
// is core's (ChangeService, read_status, validation); this class only shows and asks.
#pragma once

#include <wx/frame.h>
#include <wx/string.h>

#include "core/change_result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

class wxButton;
class wxCheckBox;
class wxCloseEvent;
class wxInfoBar;
class wxListCtrl;
class wxMenu;
class wxNotebook;
class wxPanel;
class wxStaticText;
class wxTextCtrl;
class wxTimer;

namespace fshosts {
struct Target;
}

namespace fshosts::gui {

class HostsFileView;
class TrayIcon;

class MainFrame : public wxFrame {
public:
    // `hosts_file`: --hosts-file, or nullopt for the system hosts file (changed through the helper).
    // `language`: "ja" or "en", passed to fshosts-helper for its messages.
    MainFrame(std::optional<std::filesystem::path> hosts_file, std::string language);
    ~MainFrame() override;

    // Puts the keyboard focus in the contract-domain field, ready for a paste.
    void focus_domain();

    // Whether the tray / menu-bar icon is shown (a preview is active and the desktop has a tray).
    bool tray_icon_shown() const;

    // For tests: the tray icon's popup menu as wx would build it on a right click (the caller
    // deletes it), or nullptr after the tray icon was destroyed.
    wxMenu* tray_menu_for_test();

private:
    // The change a worker thread carries out; decides what the UI says when it ends.
    enum class Job { Apply, RevertAll, RemoveOne, Restore, RevertAndQuit };

    // What the window last showed of the hosts file, to notice changes made by other programs.
    struct Snapshot {
        bool valid = false;
        std::uintmax_t size = 0;
        std::filesystem::file_time_type mtime;
        std::string sha256;
    };

    // What a worker thread hands back to the UI thread.
    struct Outcome {
        bool ok = false;
        ChangeResult result;
        std::string message;  // UTF-8, already translated by core
        bool conflict = false;
        bool permission = false;
    };

    void build_ui();
    void build_menu();
    void refresh();
    void check_file_on_disk();
    void on_remove_selected();
    void on_backups();
    void on_audit_log();
    void on_about();
    void on_language(const std::string& language);
    void on_close(wxCloseEvent& event);
    void show_window();
    void validate_input();
    void wrap_banner();
    void on_start_preview(bool disable_conflicts);
    void on_revert_all();
    template <typename Work>
    void run_in_background(Work work, Job job);
    void on_finished(const Outcome& outcome, Job job);
    void set_busy(bool busy);
    std::filesystem::path hosts_path() const;
    Target target() const;  // backups and audit log of the file this window changes

    std::optional<std::filesystem::path> m_hosts_file;
    std::string m_language;
    std::thread m_worker;
    bool m_busy = false;
    bool m_have_entries = false;
    bool m_twin_touched = false;   // the user set the twin checkbox: stop following the default
    std::string m_last_domain;     // last valid normalised domain, to re-apply the default
    wxString m_banner_text;        // the banner's detail before wrapping
    int m_banner_width = 0;
    Snapshot m_shown;              // the file as the window shows it
    bool m_quitting = false;       // the user chose to quit; closing no longer asks

    wxInfoBar* m_changed_bar = nullptr;  // "changed by another program" + Reload
    wxTimer* m_poll = nullptr;
    TrayIcon* m_tray = nullptr;
    wxPanel* m_banner = nullptr;
    wxStaticText* m_banner_title = nullptr;
    wxStaticText* m_banner_detail = nullptr;
    wxTextCtrl* m_domain = nullptr;
    wxStaticText* m_domain_check = nullptr;
    wxCheckBox* m_twin = nullptr;
    wxTextCtrl* m_address = nullptr;
    wxStaticText* m_address_check = nullptr;
    wxButton* m_start = nullptr;
    wxButton* m_revert = nullptr;
    wxNotebook* m_tabs = nullptr;
    wxListCtrl* m_list = nullptr;
    wxButton* m_remove = nullptr;
    HostsFileView* m_file_view = nullptr;
    wxStaticText* m_file_label = nullptr;
};

}  // namespace fshosts::gui
