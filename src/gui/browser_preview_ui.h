// "Open a preview browser" in the main window (probe/browser_preview.h): the button beside
// "Start preview", the browser to use, one sentence on each of the two ways, and the session
// (the check, then the window for as long as the user keeps it open) on a worker thread of its
// own. A second click closes the preview browser. MainFrame only places it and feeds it the form.
#pragma once

#include <wx/event.h>
#include <wx/string.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxChoice;
class wxSizer;
class wxStaticText;
class wxWindow;

namespace fshosts::gui {

class WorkerThread;

class BrowserPreviewUi : public wxEvtHandler {
public:
    // What the form holds when the button is clicked (nullopt: the input is not valid yet).
    struct Request {
        std::string url;
        std::string address;
        bool with_twin = false;
    };
    using ReadForm = std::function<std::optional<Request>()>;
    // Shows what happened, in the lines under the buttons (called on the UI thread).
    using Report = std::function<void(const wxString& text, bool problem)>;

    // Adds the browser choice and the button to `buttons` and the two sentences to `form`, on
    // `parent`. `browser`: fshosts-gui --browser (offered first); else the installed ones, found
    // on the worker thread. `language`: the first tab's.
    BrowserPreviewUi(wxWindow* parent, wxSizer* buttons, wxSizer* form, std::string language, std::filesystem::path browser,
                     std::string ca_file, ReadForm read_form, Report report);
    // Closes a preview browser still open, removes its profile and joins the worker.
    ~BrowserPreviewUi() override;
    BrowserPreviewUi(const BrowserPreviewUi&) = delete;
    BrowserPreviewUi& operator=(const BrowserPreviewUi&) = delete;

    // With the form's input valid or not (the button stays enabled while a preview browser is open).
    void enable(bool input_ok);
    // Re-wraps the two sentences to `width` pixels.
    void wrap(int width);

    // What the permission error of a hosts change adds: try the browser preview.
    static wxString permission_hint();

    // For tests: sessions that have ended, and the last one's profile directory.
    int finished_sessions() const { return m_finished; }
    const std::filesystem::path& last_profile() const { return m_last_profile; }

private:
    void on_click();
    void show_browsers(const std::vector<std::pair<std::string, std::filesystem::path>>& found);
    std::optional<std::filesystem::path> chosen_browser();
    void finished(const wxString& text, bool problem, const std::filesystem::path& profile);

    wxWindow* m_parent;
    wxButton* m_button = nullptr;
    wxChoice* m_choice = nullptr;
    wxStaticText* m_ways = nullptr;
    wxString m_ways_text;
    std::string m_language;
    std::string m_ca_file;
    ReadForm m_read_form;
    Report m_report;
    std::vector<std::filesystem::path> m_paths;  // one per choice entry but the last ("Other...")
    std::shared_ptr<std::atomic<bool>> m_cancel;  // set: the running session stops (check or window)
    bool m_input_ok = false;
    int m_finished = 0;
    std::filesystem::path m_last_profile;
    std::unique_ptr<WorkerThread> m_worker;  // last: joined first
};

}  // namespace fshosts::gui
