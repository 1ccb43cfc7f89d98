// The audit log: one line per attempted change of a hosts file, kept next to the backups in a
// rotating file, so "who changed my hosts file, when, and what was it before?" has an answer.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace spdlog {
class logger;
}

namespace fshosts {

struct AuditRecord {
    std::string operation;  // apply, revert, restore, recover
    std::vector<std::string> names;
    std::string address;
    std::string hash_before;
    std::string hash_after;
    std::string backup_id;
    std::string result;  // "ok" or "error: <message>"
};

class AuditLog {
public:
    explicit AuditLog(const std::filesystem::path& file, const std::filesystem::path& hosts_path);
    ~AuditLog();
    void record(const AuditRecord& record);

private:
    std::shared_ptr<spdlog::logger> m_logger;
    std::string m_hosts_path;
};

}  // namespace fshosts
