// The hosts file and user state directory the state-directory tests work on (test_state_dir.cpp
// on every OS, test_state_dir_posix.cpp where modes, owners and symbolic links exist).
#pragma once

#include "catch.h"
#include "support/file_bytes.h"
#include "support/temp_dir.h"
#include "support/user_state.h"
#include "text/test_support.h"

#include "core/hosts_writer.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace fshosts::test {

inline const std::string state_test_original = "127.0.0.1 localhost\n# keep me\n";

// Mode 0600 (Windows: not read-only), as fshosts makes its own files.
inline void make_private(const std::filesystem::path& p)
{
    std::filesystem::permissions(p, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A hosts file in a temp dir; the user's state directory in it where the OS allows
// (support/user_state.h). `state_home` is a plain folder of the test on Windows.
struct Box {
    TempDir temp{"fshosts-statedir"};
    std::filesystem::path hosts = temp.path / "hosts";
    std::filesystem::path state_home = temp.path / "state";
    UserStateHome user_state{state_home};
    Box() { write_all(hosts, state_test_original); }
    ~Box() { user_state.forget(hosts); }
    Box(const Box&) = delete;
    Box& operator=(const Box&) = delete;
    Target target() const { return Target::for_file(hosts); }
    // One apply through the writer; returns its recovery notes.
    std::vector<std::string> apply(const std::string& line)
    {
        HostsWriter writer(target());
        const Snapshot s = writer.snapshot();
        writer.commit(s, std::string(s.bytes.view()) + line, ChangeInfo{"apply", {"www.example.jp"}, "203.0.113.10"});
        return writer.recovery_notes();
    }
    std::size_t count(const std::filesystem::path& dir, const std::string& prefix) const
    {
        std::size_t n = 0;
        std::error_code ec;
        for (const std::filesystem::directory_entry& e : std::filesystem::directory_iterator(dir, ec))
            n += e.path().filename().string().rfind(prefix, 0) == 0 ? 1U : 0U;
        return n;
    }
};

inline std::string joined(const std::vector<std::string>& notes)
{
    std::string out;
    for (const std::string& n : notes)
        out += n + "\n";
    return out;
}

inline nlohmann::json journal_for(const Target& t, const std::string& backup_id, const std::string& before,
                                  const std::string& after)
{
    return nlohmann::json{{"hosts_file", t.hosts.string()}, {"backup_id", backup_id}, {"hash_before", before}, {"hash_after", after}};
}

}  // namespace fshosts::test
