#include "core/audit_log.h"

#include "platform/user_identity.h"

#include <fmt/format.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>

namespace fshosts {
namespace {

constexpr std::size_t max_file_size = 1024 * 1024;
constexpr std::size_t max_files = 5;

// Values are written as key=value; quote any value that could be mistaken for a separator.
std::string field(std::string_view value)
{
    if (!value.empty() && value.find_first_of(" \t\"\\\r\n") == std::string_view::npos)
        return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n' || c == '\r')
            c = ' ';
        out += c;
    }
    return out + '"';
}

}  // namespace

AuditLog::AuditLog(const std::filesystem::path& file, const std::filesystem::path& hosts_path)
    : m_hosts_path(hosts_path.string())
{
    static std::atomic<int> counter{0};
    auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.string(), max_file_size, max_files);
    m_logger = std::make_shared<spdlog::logger>(fmt::format("fshosts-audit-{}", counter++), std::move(sink));
    m_logger->set_pattern("%Y-%m-%dT%H:%M:%S.%f%z %v");
    m_logger->flush_on(spdlog::level::trace);
}

AuditLog::~AuditLog() = default;

void AuditLog::record(const AuditRecord& r)
{
    std::string names;
    for (const std::string& n : r.names)
        names += (names.empty() ? "" : ",") + n;
    m_logger->info("user={} op={} file={} names={} address={} before={} after={} backup={} result={}",
                   field(platform::acting_user()), field(r.operation), field(m_hosts_path), field(names.empty() ? "-" : names),
                   field(r.address.empty() ? "-" : r.address), field(r.hash_before.empty() ? "-" : r.hash_before),
                   field(r.hash_after.empty() ? "-" : r.hash_after), field(r.backup_id.empty() ? "-" : r.backup_id),
                   field(r.result));
}

}  // namespace fshosts
