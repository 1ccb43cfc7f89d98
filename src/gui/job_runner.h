// Runs one change of the hosts file (a ChangeService call) at a time on a worker thread: the
// helper may wait minutes for the administrator's password, and the window must stay usable.
// The outcome goes back to the UI thread.
#pragma once

#include "core/change_result.h"
#include "gui/worker_thread.h"

#include <wx/event.h>

#include <functional>
#include <string>

namespace fshosts::gui {

// The change a job carries out; decides what the UI says when it ends.
enum class Job { Apply, RevertAll, RemoveOne, Restore, RevertAndQuit };

// What a job hands back to the UI thread.
struct JobOutcome {
    bool ok = false;
    std::string message;  // UTF-8, already translated by core
    bool conflict = false;
    bool permission = false;
    // The file read again after the write (Windows): ok, but a security program undid the
    // preview (`undone`), or the re-read failed; the warning is in `after_write_warning`.
    bool undone = false;
    std::string after_write_warning;
};

class JobRunner : public wxEvtHandler {
public:
    using Finished = std::function<void(const JobOutcome&, Job)>;
    explicit JobRunner(Finished finished) : m_finished(std::move(finished)) {}

    // Runs `work` (which throws Error / ConflictError on failure) unless a job is running;
    // `finished` runs on the UI thread once it ends. False when a job was already running.
    // `work` includes the re-read after a write and its wait (ChangeService::apply): never on the
    // UI thread.
    bool run(std::function<ChangeResult()> work, Job job);
    bool busy() const noexcept { return m_busy; }

private:
    Finished m_finished;
    bool m_busy = false;    // UI thread
    WorkerThread m_worker;  // last: joined first, before the members its tasks use
};

}  // namespace fshosts::gui
