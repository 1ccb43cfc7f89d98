#include "gui/job_runner.h"

#include "base/error.h"
#include "text/managed_block.h"

#include <exception>
#include <utility>

namespace fshosts::gui {

bool JobRunner::run(std::function<ChangeResult()> work, Job job)
{
    if (m_busy)
        return false;
    m_busy = true;
    m_worker.post([this, work = std::move(work), job] {
        JobOutcome outcome;
        try {
            const ChangeResult result = work();
            outcome.ok = true;
            if (result.after_write) {
                outcome.undone = result.after_write->undone();
                outcome.after_write_warning = result.after_write->message;
            }
        } catch (const ConflictError& e) {
            outcome.message = e.what();
            outcome.conflict = true;
        } catch (const Error& e) {
            outcome.message = e.what();
            outcome.permission = e.kind() == ErrorKind::Permission;
        } catch (const std::exception& e) {
            outcome.message = e.what();
        }
        CallAfter([this, outcome, job] {
            m_busy = false;
            m_finished(outcome, job);
        });
    });
    return true;
}

}  // namespace fshosts::gui
