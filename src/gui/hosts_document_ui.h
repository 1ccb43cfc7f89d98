// A read-only view of the whole hosts file as it is on disk: fshosts's block highlighted, user
// lines that win over a preview entry marked red, lines fshosts disabled greyed, comments grey.
// The GUI side of core's hosts_document (the lines) and read_status (what each line means to
// fshosts), through HostsFileIndex. Virtual: only the lines on screen are decoded and drawn, so a
// 2-million-line file scrolls like a short one; search runs over the bytes on a worker thread.
#pragma once

#include "gui/hosts_file_index.h"
#include "gui/worker_thread.h"

#include <wx/panel.h>
#include <wx/string.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

class wxSearchCtrl;
class wxStaticText;

namespace fshosts::gui {

class LinesCanvas;

class HostsFileView : public wxPanel {
public:
    explicit HostsFileView(wxWindow* parent);
    ~HostsFileView() override;

    // Shows `index`, keeping the scroll position where the file still has that line.
    void show(std::shared_ptr<const HostsFileIndex> index);
    // Says the file is being read (the previous content, if any, stays until show()).
    void show_reading();

    // Puts the keyboard focus in the search field, its text selected.
    void focus_search();
    // Searches for the field's text after (forward) or before the current match or line; the
    // match is highlighted and scrolled into view once the worker thread found it.
    void find(bool forward);

    // What the view shows, for tests: the number of lines, line `n` (0-based) as it is drawn,
    // the current match (none while a search runs) and whether a search is running.
    std::size_t line_count() const;
    wxString line_text(std::size_t n) const;
    std::optional<Match> current_match() const;
    bool searching() const noexcept { return m_searching; }
    std::size_t first_visible_line() const;

private:
    void on_found(unsigned generation, std::optional<Match> match);

    wxSearchCtrl* m_search = nullptr;
    wxStaticText* m_search_status = nullptr;
    LinesCanvas* m_canvas = nullptr;
    unsigned m_generation = 0;  // of the latest search: older results are dropped
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_searching = false;
    WorkerThread m_worker;  // last: joined first, before the members its tasks use
};

}  // namespace fshosts::gui
