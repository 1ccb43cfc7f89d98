#include "cli_bench.h"

#include "bench_process.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace fshosts::bench {

namespace fs = std::filesystem;

namespace {

constexpr const char* ip = "203.0.113.10";
constexpr const char* domain = "www.example.jp";

// The working copy each tool edits, written and synced outside the timed part.
void prepare_copy(const fs::path& target, const std::string& content)
{
    {
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out)
            throw std::runtime_error("cannot write " + target.string());
    }
    const int fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0)
        throw std::runtime_error("cannot sync " + target.string());
    ::close(fd);
}

void expect_applied(const fs::path& file, const std::string& original, const std::string& tool)
{
    const std::string now = read_file(file);
    const std::string line = std::string(ip) + " " + domain;
    if (now == original || now.find(line) == std::string::npos)
        throw std::runtime_error(tool + " did not add \"" + line + "\" to " + file.string());
}

class Round {
public:
    Round(const CliBenchSetup& setup, const fs::path& file, const std::string& original)
        : m_setup(setup), m_file(file), m_original(original), m_dir(setup.work_dir),
          m_err{.env = {}, .stderr_file = setup.work_dir / "stderr.txt", .extra_fd = -1}
    {
    }

    // cp F A && sync A, then cp A B && sync B: the least any tool that reads, writes and syncs
    // the file twice could cost.
    double floor()
    {
        const fs::path a = m_dir / "floor-A", b = m_dir / "floor-B";
        fs::remove(a);
        fs::remove(b);
        double ms = 0;
        for (const auto& argv : {std::vector<std::string>{"cp", m_file.string(), a.string()},
                                 std::vector<std::string>{"sync", a.string()},
                                 std::vector<std::string>{"cp", a.string(), b.string()},
                                 std::vector<std::string>{"sync", b.string()}})
            ms += run_checked(argv, m_err).wall_ms;
        return ms;
    }

    // Daily use: the state directory is kept from round to round (the warm-up round fills the
    // backup store with both contents; the index then holds up to 50 entries, as in real use).
    void ours(CliRound& round)
    {
        cycle(m_dir / "state-daily", false);
        round.ours_apply_ms = m_apply.wall_ms;
        round.ours_revert_ms = m_revert.wall_ms;
        round.ours_ms = m_apply.wall_ms + m_revert.wall_ms;
        round.ours_max_rss_mib = std::max(m_apply.max_rss_mib, m_revert.max_rss_mib);
    }

    // First use: an empty state directory, so apply and revert each store a new backup.
    void first_use(CliRound& round)
    {
        cycle(m_dir / "state-first-use", true);
        round.first_use_ms = m_apply.wall_ms + m_revert.wall_ms;
        round.first_use_max_rss_mib = std::max(m_apply.max_rss_mib, m_revert.max_rss_mib);
    }

    // apply + revert on a fresh copy of the file; the two runs are left in m_apply, m_revert.
    void cycle(const fs::path& state, bool empty_state)
    {
        const fs::path target = m_dir / "hosts-fshosts";
        if (empty_state)
            fs::remove_all(state);
        fs::create_directories(state);
        prepare_copy(target, m_original);
        SpawnOptions options = m_err;
        options.env = {"XDG_STATE_HOME=" + state.string(), "LC_ALL=C.UTF-8"};
        const std::string fshosts = m_setup.fshosts.string();

        m_apply = run_checked({fshosts, "--hosts-file", target.string(), "apply", "--ip", ip, domain}, options);
        expect_applied(target, m_original, "fshosts apply");
        m_revert = run_checked({fshosts, "--hosts-file", target.string(), "revert"}, options);
        if (read_file(target) != m_original)
            throw ByteMismatch("fshosts apply + revert did not give back the original bytes of " + m_file.string() +
                               " (the result is kept in " + target.string() + ")");
    }

    void hostile(CliRound& round)
    {
        const fs::path target = m_dir / "hosts-hostile";
        prepare_copy(target, m_original);
        const std::string node = m_setup.node->string(), script = m_setup.hostile_script.string();
        const Finished set = run_checked({node, script, "set", target.string(), ip, domain}, m_err);
        expect_applied(target, m_original, "hostile set");
        const Finished remove = run_checked({node, script, "remove", target.string(), ip, domain}, m_err);
        round.hostile_ms = set.wall_ms + remove.wall_ms;
        round.hostile_max_rss_mib = std::max(set.max_rss_mib, remove.max_rss_mib);
        round.hostile_byte_identical = read_file(target) == m_original;
    }

private:
    const CliBenchSetup& m_setup;
    const fs::path& m_file;
    const std::string& m_original;
    fs::path m_dir;
    SpawnOptions m_err;
    Finished m_apply;
    Finished m_revert;
};

}  // namespace

CliResult run_cli_bench(const CliBenchSetup& setup, const FileSize& size, const fs::path& file,
                        const std::string& original, int rounds)
{
    CliResult result;
    result.size = size;
    result.bytes = original.size();
    result.lines = static_cast<std::size_t>(std::count(original.begin(), original.end(), '\n'));
    Round runner(setup, file, original);
    const bool with_hostile = setup.node.has_value();
    const int tools = with_hostile ? 4 : 3;

    // Round 0 is a warm-up (page cache, dynamic loader, node's compile cache) and not kept.
    for (int i = 0; i <= rounds; ++i) {
        CliRound round;
        for (int k = 0; k < tools; ++k) {
            switch ((i + k) % tools) {  // floor, ours, first use, hostile in a rotating order
            case 0:
                round.floor_ms = runner.floor();
                break;
            case 1:
                runner.ours(round);
                break;
            case 2:
                runner.first_use(round);
                break;
            default:
                runner.hostile(round);
                break;
            }
        }
        if (i > 0)
            result.rounds.push_back(round);
        std::cerr << "  " << size.label << (i == 0 ? " warm-up" : " round " + std::to_string(i)) << ": floor "
                  << static_cast<int>(round.floor_ms) << " ms, fshosts " << static_cast<int>(round.ours_ms)
                  << " ms (first use " << static_cast<int>(round.first_use_ms) << " ms)"
                  << (round.hostile_ms ? ", hostile " + std::to_string(static_cast<int>(*round.hostile_ms)) + " ms" : "")
                  << "\n";
    }
    return result;
}

}  // namespace fshosts::bench
