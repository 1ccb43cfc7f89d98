// Several writers at once: fshosts processes on one hosts file serialise and lose nothing, and
// a change another program makes while fshosts is writing is never silently thrown away.
#include "catch.h"
#include "support.h"

#include <nlohmann/json.hpp>

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace fshosts::test::rel;
using fshosts::test::ProcessResult;

namespace {

const std::string original_hosts =
    "# /etc/hosts of a web agency workstation\n"
    "127.0.0.1\tlocalhost\n"
    "127.0.1.1\tdesk42.agency.local desk42\r\n"
    "\n"
    "# staging servers\n"
    "10.10.0.5 staging.agency.local   # ask ops before changing\n"
    "::1 localhost ip6-localhost ip6-loopback\n";

struct Worker {
    fs::path hosts;  // the spelling of the path this worker uses
    int index;
    fs::path state_home = {};  // its own XDG_STATE_HOME (another user); empty: the shared one
};

// Forks one child per worker; each waits for the start signal, then runs `per_worker`
// sequential `fshosts apply --ip 10.0.P.K nameP-K.example.jp`. A child writes every failure to
// <log_dir>/worker-P.log and exits 1 if there was one. Returns the children's exit codes.
std::vector<int> run_workers(const std::vector<Worker>& workers, int per_worker, const fs::path& state_home,
                             const fs::path& log_dir)
{
    int gate[2];
    REQUIRE(::pipe(gate) == 0);
    std::vector<Child> children;
    for (const Worker& w : workers) {
        children.push_back(Child::fork([&] {
            ::close(gate[1]);
            char c = 0;
            while (::read(gate[0], &c, 1) < 0 && errno == EINTR) {
            }
            int failures = 0;
            std::ofstream log(log_dir / ("worker-" + std::to_string(w.index) + ".log"));
            for (int k = 0; k < per_worker; ++k) {
                const std::string name = "name" + std::to_string(w.index) + "-" + std::to_string(k) + ".example.jp";
                const std::string ip = "10.0." + std::to_string(w.index) + "." + std::to_string(k);
                try {
                    const ProcessResult r =
                        run_fshosts(w.hosts, w.state_home.empty() ? state_home : w.state_home, {"apply", "--ip", ip, name});
                    if (r.exit_code != 0) {
                        ++failures;
                        log << name << ": exit " << r.exit_code << ": " << r.err << std::endl;
                    }
                } catch (const std::exception& e) {
                    ++failures;
                    log << name << ": " << e.what() << std::endl;
                }
            }
            log.close();
            return failures == 0 ? 0 : 1;
        }));
    }
    ::close(gate[0]);
    ::close(gate[1]);  // all children start now
    std::vector<int> codes;
    for (Child& child : children)
        codes.push_back(child.wait());
    return codes;
}

std::string logs_of(const fs::path& log_dir)
{
    std::string all;
    for (const fs::directory_entry& e : fs::directory_iterator(log_dir))
        all += read_bytes(e.path());
    return all;
}

// The names whose apply failed and their exit codes, from the workers' logs ("<name>: exit N: ...").
std::map<std::string, int> failures_in(const fs::path& log_dir)
{
    std::map<std::string, int> failures;
    for (const fs::directory_entry& e : fs::directory_iterator(log_dir)) {
        std::ifstream in(e.path());
        for (std::string line; std::getline(in, line);) {
            const std::size_t exit_at = line.find(".example.jp: exit ");
            if (line.rfind("name", 0) == 0 && exit_at != std::string::npos)
                failures[line.substr(0, line.find(": "))] = std::atoi(line.c_str() + exit_at + 18);
        }
    }
    return failures;
}

std::set<std::string> failed_names(const fs::path& log_dir)
{
    std::set<std::string> names;
    for (const auto& [name, code] : failures_in(log_dir))
        names.insert(name);
    return names;
}

int count_nonzero(const std::vector<int>& codes)
{
    int n = 0;
    for (int c : codes)
        n += c != 0 ? 1 : 0;
    return n;
}

// name -> address from `fshosts status --json`; checks that the block is well formed.
std::map<std::string, std::string> entries_of(const fs::path& hosts, const fs::path& state_home)
{
    const ProcessResult st = run_fshosts(hosts, state_home, {"status", "--json"});
    INFO(st.out << st.err);
    REQUIRE(st.exit_code == 0);
    const nlohmann::json j = nlohmann::json::parse(st.out);
    CHECK(j.at("block") == "present");
    std::map<std::string, std::string> entries;
    for (const auto& e : j.at("entries"))
        entries[e.at("name").get<std::string>()] = e.at("address").get<std::string>();
    CHECK(entries.size() == j.at("entries").size());  // no name twice
    return entries;
}

// The names (with addresses) that workers 0..count-1 applied per_worker times each and that
// are missing or wrong in `entries`.
std::vector<std::string> missing_names(const std::map<std::string, std::string>& entries, int count, int per_worker)
{
    std::vector<std::string> missing;
    for (int p = 0; p < count; ++p)
        for (int k = 0; k < per_worker; ++k) {
            const std::string name = "name" + std::to_string(p) + "-" + std::to_string(k) + ".example.jp";
            const std::string ip = "10.0." + std::to_string(p) + "." + std::to_string(k);
            auto it = entries.find(name);
            if (it == entries.end() || it->second != ip)
                missing.push_back(name);
        }
    return missing;
}

}  // namespace

TEST_CASE("8 fshosts processes applying 400 names to one file lose none of them", "[reliability][concurrency]")
{
    TempDir work("fshosts-concurrency");
    fs::create_directory(work.path / "etc");
    fs::create_directory(work.path / "logs");
    const fs::path hosts = work.path / "etc" / "hosts";
    const fs::path state = work.path / "state";
    write_bytes(hosts, original_hosts);

    std::vector<Worker> workers;
    for (int p = 0; p < 8; ++p)
        workers.push_back({hosts, p});
    const std::vector<int> codes = run_workers(workers, 50, state, work.path / "logs");
    {
        INFO(logs_of(work.path / "logs"));
        CHECK(count_nonzero(codes) == 0);
    }

    const std::map<std::string, std::string> entries = entries_of(hosts, state);
    CHECK(entries.size() == 400U);
    const std::vector<std::string> missing = missing_names(entries, 8, 50);
    INFO(missing.size() << " names missing or with a wrong address, e.g. " << (missing.empty() ? "" : missing.front()));
    CHECK(missing.empty());

    const std::string bytes = read_bytes(hosts);
    CHECK(without_block(bytes) == original_hosts);  // every line outside the block untouched
    CHECK(temp_files_beside(hosts).empty());

    // One audit line per change, and a backup per change (newest 50 + the original).
    std::size_t audit_ok = 0;
    std::ifstream audit(state / "fshosts" / "audit.log");
    for (std::string line; std::getline(audit, line);)
        audit_ok += contains(line, "op=apply") && contains(line, "result=ok") ? 1U : 0U;
    CHECK(audit_ok == 400U);
    const ProcessResult list = run_fshosts(hosts, state, {"backups", "--json"});
    REQUIRE(list.exit_code == 0);
    CHECK(nlohmann::json::parse(list.out).at("backups").size() == 51U);

    const ProcessResult revert = run_fshosts(hosts, state, {"revert"});
    REQUIRE(revert.exit_code == 0);
    CHECK(read_bytes(hosts) == original_hosts);
}

// The same file named two ways (through a symlinked directory, as /etc -> /private/etc on
// macOS, or a bind-mounted directory) is still one file: its writers must still serialise.
TEST_CASE("two spellings of the same hosts file path still serialise their writers", "[reliability][concurrency]")
{
    TempDir work("fshosts-concurrency-alias");
    fs::create_directory(work.path / "etc");
    fs::create_directory(work.path / "logs");
    fs::create_directory_symlink(work.path / "etc", work.path / "etc-link");
    const fs::path hosts = work.path / "etc" / "hosts";
    const fs::path alias = work.path / "etc-link" / "hosts";
    const fs::path state = work.path / "state";
    write_bytes(hosts, original_hosts);

    std::vector<Worker> workers;
    for (int p = 0; p < 4; ++p)
        workers.push_back({p % 2 == 0 ? hosts : alias, p});
    const std::vector<int> codes = run_workers(workers, 25, state, work.path / "logs");
    const std::set<std::string> failed = failed_names(work.path / "logs");
    {
        // Each process's recovery took the other's live temp file for a leftover and deleted it.
        INFO(failed.size() << " of 100 applies failed; first log lines:\n" << logs_of(work.path / "logs").substr(0, 600));
        CHECK(count_nonzero(codes) == 0);
    }

    std::vector<std::string> lost;
    for (const std::string& name : missing_names(entries_of(hosts, state), 4, 25))
        if (!failed.count(name))
            lost.push_back(name);
    INFO(lost.size() << " of " << 100 - failed.size() << " names lost although their apply exited 0, e.g. "
                     << (lost.empty() ? "" : lost.front()));
    CHECK(lost.empty());
    CHECK(without_block(read_bytes(hosts)) == original_hosts);
}

// `echo "1.2.3.4 name" >> hosts` (or any editor) while fshosts is between its re-read and its
// rename: fshosts must notice (exit 3, or fold the change in), never throw the line away.
TEST_CASE("a line another program appends while fshosts is writing is not silently lost", "[reliability][concurrency]")
{
    TempDir work("fshosts-concurrency-external");
    fs::create_directory(work.path / "etc");
    const fs::path hosts = work.path / "etc" / "hosts";
    const fs::path state = work.path / "state";
    std::string original = original_hosts;
    for (int i = 0; i < 40000; ++i)  // ~1 MB: writing and syncing the temp file takes a moment
        original += "0.0.0.0 ads" + std::to_string(i) + ".example.com\n";
    write_bytes(hosts, original);
    const std::string user_line = "198.51.100.7 added-by-the-user.example.org\n";

    const int in = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    REQUIRE(in >= 0);
    REQUIRE(::inotify_add_watch(in, (work.path / "etc").c_str(), IN_CREATE) >= 0);

    Child child = Child::spawn({fshosts_bin, "--hosts-file", hosts.string(), "apply", "--ip", "203.0.113.10", "www.example.jp"},
                               {.env = cli_env(state)});
    // The temp file appears after the re-read and compare under the lock: append right then.
    bool appended = false;
    pollfd pfd{in, POLLIN, 0};
    while (!appended && ::poll(&pfd, 1, 10000) > 0) {
        alignas(inotify_event) char buffer[4096];
        const ssize_t n = ::read(in, buffer, sizeof buffer);
        for (ssize_t off = 0; n > 0 && off < n;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer + off);
            if (event->len > 0 && std::string(event->name).rfind(".hosts.fshosts-tmp-", 0) == 0 && !appended) {
                std::ofstream out(hosts, std::ios::binary | std::ios::app);
                out << user_line;
                appended = true;
            }
            off += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        }
    }
    const int code = child.wait();
    ::close(in);
    REQUIRE(appended);

    const std::string after = read_bytes(hosts);
    INFO("fshosts exited " << code);
    CHECK((code == 0 || code == 3));
    CHECK(contains(after, user_line));  // the user's change survives either way
    if (code == 3)
        CHECK(after == original + user_line);
}

// Two people (or a user and `sudo`) working on the same --hosts-file have different state
// directories, so different locks. Their changes may then collide, but a collision must be
// reported (exit 3, "changed by another program"), never end in a lost change or in one
// process deleting the other's temp file as "left by an interrupted change".
TEST_CASE("writers with different state directories on one file never lose a change silently", "[reliability][concurrency]")
{
    TempDir work("fshosts-concurrency-users");
    fs::create_directory(work.path / "etc");
    fs::create_directory(work.path / "logs");
    const fs::path hosts = work.path / "etc" / "hosts";
    write_bytes(hosts, original_hosts);

    std::vector<Worker> workers;
    for (int p = 0; p < 4; ++p)
        workers.push_back({hosts, p, work.path / ("state-user" + std::to_string(p % 2))});
    run_workers(workers, 25, work.path / "state-user0", work.path / "logs");
    const std::map<std::string, int> failures = failures_in(work.path / "logs");

    std::vector<std::string> lost, broken;  // exit 0 but missing; failed other than with exit 3
    for (const std::string& name : missing_names(entries_of(hosts, work.path / "state-user0"), 4, 25))
        if (!failures.count(name))
            lost.push_back(name);
    for (const auto& [name, code] : failures)
        if (code != 3)
            broken.push_back(name + " (exit " + std::to_string(code) + ")");
    INFO(failures.size() << " of 100 applies failed; first log lines:\n" << logs_of(work.path / "logs").substr(0, 800));
    INFO(lost.size() << " names lost although their apply exited 0, e.g. " << (lost.empty() ? "" : lost.front()));
    CHECK(lost.empty());
    INFO(broken.size() << " applies failed with something else than exit 3, e.g. " << (broken.empty() ? "" : broken.front()));
    CHECK(broken.empty());
    CHECK(without_block(read_bytes(hosts)) == original_hosts);
    CHECK(temp_files_beside(hosts).empty());
}
