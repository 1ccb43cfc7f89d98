// The audit log: one line per attempted change of a hosts file, kept next to the backups in a
// rotating file, so "who changed my hosts file, when, and what was it before?" has an answer.
// The file is opened once, append-only, relative to its checked state directory and never
// through a link (platform/secure_dir.h); every field goes through displayable(), so no line
// holds a control, line-separator or bidi character, whatever a name or a message contained.
#pragma once

#include "platform/secure_dir.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

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
    static constexpr std::uint64_t max_file_size = 1024 * 1024;  // then audit.log becomes audit.1.log
    static constexpr int max_files = 5;                          // audit.1.log ... audit.5.log kept

    // Checks (and creates) the directory of `file` by the state-directory rules; throws Error
    // when it fails them.
    AuditLog(const std::filesystem::path& file, const std::filesystem::path& hosts_path);

    void record(const AuditRecord& record);

    // One field as the log writes it: escaped for display, quoted when it holds a space or quote.
    static std::string field(std::string_view value);

    // The bytes of an audit log file as a viewer shows them: every line kept, and anything that
    // is not plain text in it (invalid UTF-8, controls, bidi characters) visibly escaped.
    static std::string display_text(std::string_view bytes);

private:
    void rotate_if_full();

    platform::SecureDir m_dir;
    std::string m_name;
    std::string m_rotated_stem;  // "audit" for audit.log: audit.1.log, audit.2.log, ...
    std::string m_rotated_ext;
    platform::AppendFile m_file;
    std::string m_hosts_path;
};

}  // namespace fshosts
