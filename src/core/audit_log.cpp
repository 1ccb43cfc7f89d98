#include "core/audit_log.h"

#include "base/utf8.h"
#include "platform/user_identity.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

namespace fs = std::filesystem;

namespace fshosts {
namespace {

platform::SecureDir open_dir(const fs::path& file)
{
    return std::move(*platform::SecureDir::open(file.parent_path(), true));
}

// 2026-11-26T10:22:33.123456+0000, as the spdlog sink wrote it before (UTC now).
std::string timestamp()
{
    const auto now = std::chrono::system_clock::now();
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
    const std::tm tm = fmt::gmtime(std::chrono::system_clock::to_time_t(now));
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:06d}+0000", tm, micros);
}

}  // namespace

std::string AuditLog::field(std::string_view value)
{
    // Whole values (no cut), tabs escaped too: a line holds only printable characters and spaces.
    const std::string shown = displayable(value, DisplayOptions{.max_bytes = std::string_view::npos, .keep_tabs = false});
    if (!shown.empty() && shown.find_first_of(" \"\\") == std::string::npos)
        return shown;
    std::string out = "\"";
    for (const char c : shown) {
        if (c == '"')
            out += '\\';
        out += c;
    }
    return out + '"';
}

std::string AuditLog::display_text(std::string_view bytes)
{
    // Line by line, so a line break stays one; everything else that is not plain text (invalid
    // UTF-8, controls, bidi or line-separator characters, a NUL) is shown as an escape instead of
    // emptying the whole view (wxString::FromUTF8 gives "" for invalid UTF-8) or cutting it short.
    std::string out;
    out.reserve(bytes.size());
    while (!bytes.empty()) {
        const std::size_t end = bytes.find('\n');
        const std::string_view line = bytes.substr(0, end);
        out += displayable(line, DisplayOptions{.max_bytes = std::string_view::npos});
        if (end == std::string_view::npos)
            break;
        out += '\n';
        bytes.remove_prefix(end + 1);
    }
    return out;
}

AuditLog::AuditLog(const fs::path& file, const fs::path& hosts_path)
    : m_dir(open_dir(file)),
      m_name(file.filename().string()),
      m_rotated_stem(file.stem().string()),
      m_rotated_ext(file.extension().string()),
      m_file(m_dir.open_append(m_name)),
      m_hosts_path(hosts_path.string())
{
}

// audit.log -> audit.1.log -> ... -> audit.5.log (dropped), all by name inside the checked
// directory: a link planted under one of these names is renamed or removed, never followed.
void AuditLog::rotate_if_full()
{
    if (m_file.size() < max_file_size)
        return;
    auto rotated = [&](int n) { return fmt::format("{}.{}{}", m_rotated_stem, n, m_rotated_ext); };
    m_dir.remove(rotated(max_files));
    for (int n = max_files - 1; n >= 1; --n)
        if (m_dir.is_file(rotated(n)))
            m_dir.rename(rotated(n), rotated(n + 1));
    m_dir.rename(m_name, rotated(1));
    m_file = m_dir.open_append(m_name);
}

void AuditLog::record(const AuditRecord& r)
{
    std::string names;
    for (const std::string& n : r.names)
        names += (names.empty() ? "" : ",") + n;
    auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
    const std::string line =
        fmt::format("{} user={} op={} file={} names={} address={} before={} after={} backup={} result={}\n", timestamp(),
                    field(platform::acting_user()), field(r.operation), field(m_hosts_path), field(or_dash(names)),
                    field(or_dash(r.address)), field(or_dash(r.hash_before)), field(or_dash(r.hash_after)),
                    field(or_dash(r.backup_id)), field(r.result));
    rotate_if_full();
    m_file.write(line);
}

}  // namespace fshosts
