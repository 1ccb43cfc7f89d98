// Carrying out a change the way every front end does: a --hosts-file target with the writer in
// this process (planned under its lock), the system hosts file through fshosts-helper with
// administrator rights (planned here on the readable file, so bad input and conflicts never
// prompt for a password) unless this process may write it itself (Windows: an actual access
// check, platform::can_write_without_elevation; then the writer runs here, without a prompt). Both paths return the same ChangeResult and re-plan once when the file
// changed between reading and writing. After an apply that wrote entries, the file is read again
// after the platform's delay (core/write_recheck.h), whichever path wrote it.
#pragma once

#include "core/change_result.h"
#include "core/operations.h"
#include "core/write_recheck.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fshosts {

class ChangeService {
public:
    // `hosts_file`: a file to change directly, or nullopt for the system hosts file.
    // `helper`: absolute path of fshosts-helper; `language`: "en" or "ja" for its messages.
    // `recheck`: when apply() reads the file again after writing it (ChangeResult::after_write);
    // by default the platform's delay (Windows 2 s, elsewhere none) and a real sleep, on the
    // calling thread (the GUI calls from its job thread).
    ChangeService(std::optional<std::filesystem::path> hosts_file, std::filesystem::path helper, std::string language,
                  RecheckPolicy recheck = {});

    // Each returns what the change did or throws Error / ConflictError.
    ChangeResult apply(const ApplyRequest& request);
    ChangeResult revert(const std::vector<std::string>& domains);
    ChangeResult restore(const std::string& backup_id);

    // The file this service changes.
    std::filesystem::path hosts() const;
    bool system_target() const noexcept { return !m_hosts_file; }

private:
    // The file and state this process changes itself; nullopt when the helper must do it.
    std::optional<Target> own_target() const;
    template <typename PlanFn>
    ChangeResult change_locally(const Target& target, const char* operation, PlanFn make_plan);
    template <typename PlanFn>
    ChangeResult change_through_helper(const char* operation, bool disable_conflicts, PlanFn make_plan);
    // `request_json`: the request body without operation and language.
    ChangeResult run_helper(const std::string& operation, const std::string& request_json) const;

    std::optional<std::filesystem::path> m_hosts_file;
    std::filesystem::path m_helper;
    std::string m_language;
    RecheckPolicy m_recheck;
};

}  // namespace fshosts
