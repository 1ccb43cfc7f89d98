// One background thread that runs tasks in the order they were posted, so the UI thread never
// waits for the disk or for the helper's password prompt. Results go back to the UI thread with
// wxEvtHandler::CallAfter from inside the task.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace fshosts::gui {

class WorkerThread {
public:
    WorkerThread();
    // Lets the running task finish, drops the ones still queued, and joins the thread.
    ~WorkerThread();
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    void post(std::function<void()> task);

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_tasks;
    bool m_stopping = false;
    std::thread m_thread;  // last: started once the members above exist
};

}  // namespace fshosts::gui
