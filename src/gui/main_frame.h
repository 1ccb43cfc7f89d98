// The main window: type a contract domain and the futureshop server address, start the
// preview, see what this PC points where, and revert everything in one click. All hosts logic
// is core's (ChangeService, read_status, validation); this class only shows and asks.
#pragma once

#include <wx/frame.h>
#include <wx/string.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

class wxButton;
class wxCheckBox;
class wxListCtrl;
class wxPanel;
class wxStaticText;
class wxTextCtrl;

namespace fshosts::gui {

class MainFrame : public wxFrame {
public:
    // `hosts_file`: --hosts-file, or nullopt for the system hosts file (changed through the helper).
    // `language`: "ja" or "en", passed to fshosts-helper for its messages.
    MainFrame(std::optional<std::filesystem::path> hosts_file, std::string language);
    ~MainFrame() override;

private:
    // What a worker thread hands back to the UI thread.
    struct Outcome {
        bool ok = false;
        nlohmann::json body;
        std::string message;  // UTF-8, already translated by core
        bool conflict = false;
        bool permission = false;
    };

    void build_ui();
    void refresh();
    void validate_input();
    void wrap_banner();
    void on_start_preview(bool disable_conflicts);
    void on_revert_all();
    template <typename Work>
    void run_in_background(Work work, bool is_apply);
    void on_finished(const Outcome& outcome, bool is_apply);
    void set_busy(bool busy);
    std::filesystem::path hosts_path() const;

    std::optional<std::filesystem::path> m_hosts_file;
    std::string m_language;
    std::thread m_worker;
    bool m_busy = false;
    bool m_have_entries = false;
    bool m_twin_touched = false;   // the user set the twin checkbox: stop following the default
    std::string m_last_domain;     // last valid normalised domain, to re-apply the default
    wxString m_banner_text;        // the banner's detail before wrapping
    int m_banner_width = 0;

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
    wxListCtrl* m_list = nullptr;
    wxStaticText* m_file_label = nullptr;
};

}  // namespace fshosts::gui
