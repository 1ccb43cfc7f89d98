#include "gui/file_monitor.h"

#include "base/error.h"
#include "core/hosts_io.h"

#include <exception>
#include <optional>
#include <system_error>
#include <utility>

namespace fs = std::filesystem;

namespace fshosts::gui {
namespace {

// Size and modification time of `path`, or nothing when it cannot be looked at (or is not a
// regular file: a FIFO has no size to compare).
std::optional<std::pair<std::uintmax_t, fs::file_time_type>> file_stamp(const fs::path& path)
{
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec)
        return std::nullopt;
    const fs::file_time_type mtime = fs::last_write_time(path, ec);
    if (ec)
        return std::nullopt;
    return std::pair{size, mtime};
}

}  // namespace

FileMonitor::FileMonitor(fs::path path, Callbacks callbacks)
    : m_path(std::move(path)), m_callbacks(std::move(callbacks)), m_timer(this)
{
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { poll(); }, m_timer.GetId());
}

FileMonitor::~FileMonitor() { m_timer.Stop(); }

void FileMonitor::load()
{
    ++m_loads;
    m_worker.post([this] { read(); });
}

void FileMonitor::start_polling(int interval_ms) { m_timer.Start(interval_ms); }

void FileMonitor::stop_polling() { m_timer.Stop(); }

void FileMonitor::read()
{
    auto loaded = std::make_shared<LoadedFile>();
    const auto stamp = file_stamp(m_path);  // before reading: a write after it changes it
    try {
        m_shown = Snapshot{};
        auto bytes = std::make_shared<const std::string>(read_hosts_file(m_path));
        loaded->status = read_status(*bytes);
        loaded->index = std::make_shared<const HostsFileIndex>(bytes, loaded->status);
        m_shown = Snapshot{stamp.has_value(), stamp ? stamp->first : 0, stamp ? stamp->second : fs::file_time_type{},
                           std::move(bytes)};
        loaded->ok = true;
    } catch (const std::exception& e) {  // Error from core (translated), or out of memory
        m_shown = Snapshot{};
        loaded->error = e.what();
    }
    CallAfter([this, loaded] { m_callbacks.loaded(loaded); });
}

// Size and time first, so an unchanged file is not read every poll.
bool FileMonitor::check()
{
    const auto stamp = file_stamp(m_path);
    if (stamp && m_shown.valid && stamp->first == m_shown.size && stamp->second == m_shown.mtime)
        return false;
    bool changed = m_shown.valid;  // it was readable when shown
    if (stamp) {
        try {
            changed = !m_shown.bytes || read_hosts_file(m_path) != *m_shown.bytes;
        } catch (const Error&) {
        }
    }
    if (!changed && stamp) {  // touched, same bytes: remember the new time, say nothing
        m_shown.size = stamp->first;
        m_shown.mtime = stamp->second;
        m_shown.valid = true;
    }
    return changed;
}

void FileMonitor::poll()
{
    if (m_check_pending || m_callbacks.paused())
        return;
    m_check_pending = true;
    m_worker.post([this, loads = m_loads] {
        const bool changed = check();
        CallAfter([this, changed, loads] {
            m_check_pending = false;
            // A load asked for since (after the app's own change) makes this answer stale.
            if (changed && loads == m_loads && !m_callbacks.paused())
                m_callbacks.changed_elsewhere();
        });
    });
}

}  // namespace fshosts::gui
