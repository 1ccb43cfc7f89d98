// Reads the hosts file for the main window on a worker thread (the bytes, their hash,
// read_status and the line index of the whole-file view) and hands the result to the UI thread;
// every poll it checks on that thread whether another program changed the file since. The UI
// thread itself never opens the file, so a slow disk or a 50 MiB file cannot freeze the window.
#pragma once

#include "core/operations.h"
#include "gui/hosts_file_index.h"
#include "gui/worker_thread.h"

#include <wx/event.h>
#include <wx/timer.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace fshosts::gui {

// One read of the file.
struct LoadedFile {
    bool ok = false;
    std::string error;  // UTF-8, translated by core, when !ok
    Status status;
    std::shared_ptr<const HostsFileIndex> index;
};

class FileMonitor : public wxEvtHandler {
public:
    struct Callbacks {
        std::function<void(std::shared_ptr<const LoadedFile>)> loaded;  // after load()
        std::function<void()> changed_elsewhere;  // another program changed the file since the last load
        std::function<bool()> paused;             // true: do not poll now (a change is being written)
    };

    FileMonitor(std::filesystem::path path, Callbacks callbacks);
    ~FileMonitor() override;

    // Reads the file again; `loaded` runs on the UI thread once it is read.
    void load();
    void start_polling(int interval_ms);
    void stop_polling();

private:
    // What the window last showed of the file. Only the worker thread touches it. The bytes are
    // the ones the view shows (shared, not copied): comparing them needs no hash of the whole
    // file every time the monitor looks.
    struct Snapshot {
        bool valid = false;
        std::uintmax_t size = 0;
        std::filesystem::file_time_type mtime;
        std::shared_ptr<const std::string> bytes;
    };

    void read();          // worker
    bool check();         // worker: true when the file differs from the snapshot
    void poll();          // UI: one check at a time

    std::filesystem::path m_path;
    Callbacks m_callbacks;
    wxTimer m_timer;
    bool m_check_pending = false;  // UI thread
    unsigned m_loads = 0;          // UI thread: load() calls so far
    Snapshot m_shown;              // worker thread
    WorkerThread m_worker;         // last: joined first, before the members its tasks use
};

}  // namespace fshosts::gui
