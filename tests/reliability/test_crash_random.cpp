// SIGKILL at random moments while the release fshosts changes a 200,000-line hosts file on the
// real disk: after every kill the file is byte-identical to the old or the new content, and the
// next run leaves no temp file behind and says so whenever it removed one. A second case does
// the same on a bind-mounted file (the in-place path), where a torn file is acceptable only if
// the next run restores it from the backup and says so.
//
// The seed is printed; FSHOSTS_TEST_SEED=<number> replays a run. The 500 kills of the first case
// run as two independent streams (own file, own state, own RNG) on two threads, one per core.
#include "catch.h"
#include "support.h"
#include "support/scale.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace fshosts::test::rel;
using fshosts::test::ProcessResult;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int killed = 128 + SIGKILL;
constexpr std::size_t hosts_lines = 200000;
const std::vector<std::string> noop_args{"revert", "never-applied.example.jp"};  // recovers, writes nothing

// Catch2 assertions are not thread-safe: the streams throw this instead, the test reports it.
class Failure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

#define ENSURE(condition, context)                                          \
    do {                                                                    \
        if (!(condition)) {                                                 \
            std::ostringstream ensure_message;                              \
            ensure_message << "failed: " #condition "\n" << context;        \
            throw Failure(ensure_message.str());                            \
        }                                                                   \
    } while (false)

std::uint64_t test_seed()
{
    if (const char* s = std::getenv("FSHOSTS_TEST_SEED"); s && *s)
        return std::strtoull(s, nullptr, 10);
    return (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
}

std::uint64_t pick(std::mt19937_64& rng, std::uint64_t n) { return rng() % n; }

// A hosts file as people really have them: a system header, office entries, a long ad-block
// list, comments, blank lines, tabs, trailing comments, IPv6, and stretches of CRLF (a file
// once edited on Windows) among LF lines.
std::string generate_hosts(std::mt19937_64& rng, std::size_t lines)
{
    static const char* const words[] = {"ads", "track", "metrics", "cdn", "pixel", "stats", "beacon", "log", "api", "img"};
    static const char* const tlds[] = {"example.com", "example.net", "example.org", "test", "invalid"};
    std::string out = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\n\n";
    out.reserve(lines * 34);
    bool crlf = false;
    for (std::size_t i = 4; i < lines; ++i) {
        if (pick(rng, 500) == 0)
            crlf = !crlf;
        const std::uint64_t kind = pick(rng, 100);
        const std::string n = std::to_string(i);
        if (kind < 8)
            out += "# " + std::string(words[pick(rng, 10)]) + " list section " + n;
        else if (kind < 12)
            out += "";
        else if (kind < 70)
            out += "0.0.0.0 " + std::string(words[pick(rng, 10)]) + n + "." + tlds[pick(rng, 5)];
        else if (kind < 85)
            out += "10." + std::to_string(pick(rng, 256)) + "." + std::to_string(pick(rng, 256)) + "." +
                   std::to_string(pick(rng, 256)) + "\thost" + n + ".lan host" + n;
        else if (kind < 93)
            out += "192.168.1." + std::to_string(pick(rng, 255)) + " dev" + n + ".local   # " + words[pick(rng, 10)];
        else
            out += "fd00::" + std::to_string(pick(rng, 9999)) + " v6-" + n + ".lan";
        out += crlf ? "\r\n" : "\n";
    }
    return out;
}

// An apply of varying names (sometimes two, sometimes with the twin) and addresses (v4, v6).
std::vector<std::string> apply_args(std::mt19937_64& rng, std::size_t i)
{
    std::vector<std::string> args{"apply", "--ip"};
    if (pick(rng, 4) == 0)
        args.push_back("2001:db8::" + std::to_string(1 + pick(rng, 0xfff)));
    else
        args.push_back("203.0.113." + std::to_string(1 + pick(rng, 254)));
    if (pick(rng, 5) == 0)
        args.push_back("--with-twin");
    args.push_back("www.shop" + std::to_string(i) + ".example.jp");
    if (pick(rng, 3) == 0)
        args.push_back("preview" + std::to_string(pick(rng, 20)) + ".example.jp");
    return args;
}

std::string join(const std::vector<std::string>& v)
{
    std::string s;
    for (const std::string& x : v)
        s += (s.empty() ? "" : " ") + x;
    return s;
}

struct Stats {
    int iterations = 0;
    int completed = 0;      // exited before the kill
    int killed_old = 0;     // killed, file still old
    int killed_new = 0;     // killed, file already new
    int torn_restored = 0;  // in place: killed mid-write, restored from the backup by the next run
    int temps_left = 0;     // a temp file was left beside the hosts file
    int journals_left = 0;  // in place: a journal was left

    Stats& operator+=(const Stats& o)
    {
        iterations += o.iterations;
        completed += o.completed;
        killed_old += o.killed_old;
        killed_new += o.killed_new;
        torn_restored += o.torn_restored;
        temps_left += o.temps_left;
        journals_left += o.journals_left;
        return *this;
    }
};

// One hosts file with its state directory, and a directory for scratch runs.
struct Stream {
    fs::path hosts;
    fs::path state;
    fs::path io;

    ProcessResult run(const std::vector<std::string>& args, const std::string& bin = fshosts_bin) const
    {
        std::vector<std::string> argv{bin, "--hosts-file", hosts.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_process(argv, {.env = cli_env(state)});
    }

    // What `args` does to `content`: the same command run to completion on a scratch copy.
    std::string result_on_copy(const std::string& content, const std::vector<std::string>& args) const
    {
        const fs::path scratch_state = io / "scratch-state";
        std::error_code ec;
        fs::remove_all(scratch_state, ec);
        Stream scratch{io / "scratch-hosts", scratch_state, io};
        write_bytes(scratch.hosts, content);
        const ProcessResult r = scratch.run(args);
        ENSURE(r.exit_code == 0, "scratch run of fshosts " << join(args) << " exited " << r.exit_code << ": " << r.err);
        return read_bytes(scratch.hosts);
    }
};

// How one iteration stops the command under test.
struct Kill {
    std::chrono::microseconds delay{0};  // SIGKILL after this long (release binary) ...
    std::string fault_point;             // ... or fshosts-faults kills itself here (no timer)
};

// What the normal run after a kill is.
enum class NextRun {
    Recover,  // a command that changes nothing (it still takes the lock and recovers)
    Repeat,   // the killed command again, as a user would: it finishes the change
};

// Starts `args` on `before`, kills it, checks the file, then does the next normal run and
// checks what it did. `known_new`, when given, is what the command makes of `before` (from the
// model); otherwise a scratch run computes it when needed. Returns the file's content afterwards.
// `full_run` receives the duration of a repeat run that made the whole change itself.
std::string kill_and_check(const Stream& s, const std::vector<std::string>& args, const std::string& before,
                           const std::optional<std::string>& known_new, const Kill& how, bool in_place, NextRun next_run,
                           Stats& stats, std::optional<std::chrono::microseconds>* full_run = nullptr)
{
    std::vector<std::string> argv{how.fault_point.empty() ? fshosts_bin : faults_bin, "--hosts-file", s.hosts.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    int code = 0;
    {
        Child child = Child::spawn(argv, {.env = cli_env(s.state, how.fault_point)});
        if (how.fault_point.empty()) {
            std::this_thread::sleep_for(how.delay);
            code = child.kill_and_wait();
        } else {
            code = child.wait();
        }
    }
    std::ostringstream context_stream;
    context_stream << "command: fshosts --hosts-file " << s.hosts.string() << " " << join(args) << "; killed after "
                   << how.delay.count() << " us / at " << (how.fault_point.empty() ? "-" : how.fault_point) << "; exit "
                   << code;
    const std::string context = context_stream.str();
    ENSURE(code == 0 || code == killed, context);
    ++stats.iterations;

    const std::string mid = read_bytes(s.hosts);
    std::optional<std::string> expected = known_new;  // otherwise computed only when needed: it costs a full run
    auto new_bytes = [&]() -> const std::string& {
        if (!expected)
            expected = s.result_on_copy(before, args);
        return *expected;
    };
    const bool is_old = mid == before;
    if (code == 0 && !expected && !is_old) {
        // Not killed: what the run wrote is the new content. (A scratch run would compute the
        // same bytes at the cost of a whole run; the model and the next run still check it.)
        ENSURE(without_block(mid) == without_block(before), context << "\nthe run changed lines outside the block");
        expected = mid;
    }
    const bool is_new = !is_old && mid == new_bytes();
    if (code == 0) {
        ENSURE(mid == new_bytes(), context << "\nthe run completed but the file is not the expected new content");
        ++stats.completed;
    } else if (is_old) {
        ++stats.killed_old;
    } else if (is_new) {
        ++stats.killed_new;
    }
    if (!in_place)
        ENSURE(is_old || is_new, context << "\nthe file is neither the old nor the new content (" << mid.size() << " bytes)");

    const std::vector<std::string> left = temp_files_beside(s.hosts);
    const fs::path journal = state_dir_of(s.state) / "journal.json";
    const bool journal_left = fs::exists(journal);
    stats.temps_left += left.empty() ? 0 : 1;
    stats.journals_left += journal_left ? 1 : 0;

    const auto next_start = Clock::now();
    const ProcessResult next = s.run(next_run == NextRun::Repeat ? args : noop_args);
    const auto next_took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - next_start);
    const std::string next_context = context + "\nleft behind: [" + join(left) + "]" + (journal_left ? " + journal" : "") +
                                     "\nnext run exited " + std::to_string(next.exit_code) + ":\n" + next.out + next.err;
    ENSURE(next.exit_code == 0, next_context);
    ENSURE(temp_files_beside(s.hosts).empty(), next_context);
    ENSURE(!fs::exists(journal), next_context);
    for (const std::string& name : left)
        ENSURE(contains(next.err, "Removed " + name), next_context);
    if (journal_left)
        ENSURE(contains(next.err, "An earlier change to " + s.hosts.string() + " was interrupted"), next_context);
    if (left.empty() && !journal_left)
        ENSURE(next.err.empty(), next_context);

    const std::string after = read_bytes(s.hosts);
    if (!is_old && !is_new) {
        // Torn: only the in-place path may get here, and only with the journal to undo it.
        ENSURE(in_place && journal_left, next_context << "\ntorn file without a journal");
        ENSURE(contains(next.err, "restored from backup"), next_context);
        ENSURE(after == (next_run == NextRun::Repeat ? new_bytes() : before),
               next_context << "\nthe restored file is not the " << (next_run == NextRun::Repeat ? "new" : "old") << " content");
        ++stats.torn_restored;
    } else if (next_run == NextRun::Recover || is_new) {
        ENSURE(after == mid, next_context << "\nthe next run changed a file it had nothing to do to");
    } else {
        // The repeat made the change from the old content, unkilled: its result is the new
        // content (checked against the model or the scratch run when there is one).
        if (expected)
            ENSURE(after == *expected, next_context << "\nthe repeated command gave unexpected content");
        ENSURE(without_block(after) == without_block(before), next_context << "\nthe repeat changed lines outside the block");
        if (full_run)
            *full_run = next_took;
    }
    return after;
}

// The typical time of one change: the median of a few complete apply/revert runs.
std::chrono::microseconds measure_run_time(const Stream& s, const std::string& original, bool revert_all)
{
    std::vector<std::chrono::microseconds> times;
    for (int i = 0; i < 3; ++i) {
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"apply", "--ip", "203.0.113.7", "calibrate.example.jp"},
              revert_all ? std::vector<std::string>{"revert"} : std::vector<std::string>{"revert", "calibrate.example.jp"}}) {
            const auto start = Clock::now();
            const ProcessResult r = s.run(args);
            times.push_back(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start));
            ENSURE(r.exit_code == 0, "calibration run fshosts " << join(args) << ": " << r.out << r.err);
        }
        ENSURE(read_bytes(s.hosts) == original, "apply + revert did not give back the original");
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

std::string report(const std::string& what, std::uint64_t seed, std::size_t file_size, std::chrono::microseconds typical,
                   const Stats& s, Clock::duration elapsed)
{
    std::ostringstream out;
    out << what << ": seed " << seed << " (FSHOSTS_TEST_SEED), " << hosts_lines << " lines / " << file_size
        << " bytes, typical run " << typical.count() / 1000 << " ms, " << s.iterations << " kills, "
        << std::chrono::duration_cast<std::chrono::seconds>(elapsed).count()
        << " s since the start: completed " << s.completed << ", killed with old content " << s.killed_old
        << ", with new content " << s.killed_new << ", torn and restored " << s.torn_restored << ", temp file left "
        << s.temps_left << ", journal left " << s.journals_left;
    return out.str();
}

struct StreamOutcome {
    Stats stats;
    std::chrono::microseconds typical{0};
    std::string failure;  // empty when every check held
};

// 250 alternating applies and reverts on one file, each killed at a random moment and repeated.
void run_atomic_stream(const fs::path& dir, const std::string& original, std::uint64_t seed, std::size_t iterations,
                       StreamOutcome& outcome)
{
    try {
        std::mt19937_64 rng(seed);
        fs::create_directories(dir / "etc");
        fs::create_directories(dir / "io");
        const Stream s{dir / "etc" / "hosts", dir / "state", dir / "io"};
        write_bytes(s.hosts, original);

        // The typical run time: first from calibration runs, then the median of the latest
        // repeat runs that made a whole change (they run under the same conditions as the
        // killed ones, on a disk busy with what the kills left behind).
        std::vector<std::chrono::microseconds> recent(7, measure_run_time(s, original, true));
        std::size_t next_slot = 0;

        std::string current = original;
        for (std::size_t i = 0; i < iterations; ++i) {
            std::vector<std::chrono::microseconds> sorted = recent;
            std::sort(sorted.begin(), sorted.end());
            outcome.typical = sorted[sorted.size() / 2];
            const auto max_delay = static_cast<std::uint64_t>(outcome.typical.count()) * 3 / 2;

            // Each killed command is repeated, so the change is made either way and applies
            // and reverts strictly alternate.
            const bool apply = i % 2 == 0;
            const std::vector<std::string> args = apply ? apply_args(rng, i) : std::vector<std::string>{"revert"};
            // The model: the file is always the original plus at most a block, so reverting
            // everything gives the original (checked for real by the calibration runs and at
            // the end). An apply's result comes from a scratch run, when it is needed.
            const std::optional<std::string> known_new = apply ? std::nullopt : std::optional<std::string>(original);
            const Kill how{std::chrono::microseconds(static_cast<std::int64_t>(pick(rng, max_delay + 1))), {}};
            std::optional<std::chrono::microseconds> full_run;
            try {
                current = kill_and_check(s, args, current, known_new, how, false, NextRun::Repeat, outcome.stats, &full_run);
            } catch (const Failure& f) {
                throw Failure("iteration " + std::to_string(i) + ": " + f.what());
            }
            if (full_run) {
                recent[next_slot] = *full_run;
                next_slot = (next_slot + 1) % recent.size();
            }
        }

        // Nothing outside the block was damaged by the kills: a final revert gives the original.
        ENSURE(s.run(apply_args(rng, 1000)).exit_code == 0, "final apply");
        ENSURE(s.run({"revert"}).exit_code == 0, "final revert");
        ENSURE(read_bytes(s.hosts) == original, "after the final revert the file is not the original");
        // Leftovers of killed backup saves are gone after a successful change; at most 50 + 1 kept.
        const fs::path backups = state_dir_of(s.state) / "backups";
        ENSURE(temp_files_under(backups).empty(), "temp files left in " << backups.string());
        std::size_t backup_files = 0;
        for (const fs::directory_entry& e : fs::directory_iterator(backups))
            backup_files += e.path().filename().string().rfind("sha256-", 0) == 0 ? 1U : 0U;  // one per content
        ENSURE(backup_files <= 51U, backup_files << " backups kept");
    } catch (const std::exception& e) {
        outcome.failure = e.what();
    }
}

}  // namespace

TEST_CASE("SIGKILL at random moments never leaves a damaged hosts file (atomic replace)", "[reliability][crash][random]")
{
    const auto start = Clock::now();
    const std::uint64_t seed = test_seed();
    std::cout << "test_crash_random (atomic replace): seed " << seed << std::endl;
    CAPTURE(seed);
    std::mt19937_64 rng(seed);
    const std::string original = generate_hosts(rng, hosts_lines);

    TempDir work("fshosts-random");
    constexpr std::size_t streams = 2;
    const std::size_t per_stream = fshosts::test::scaled_rounds(250, 25);  // support/scale.h
    std::vector<StreamOutcome> outcomes(streams);
    std::vector<std::uint64_t> stream_seeds;
    for (std::size_t k = 0; k < streams; ++k)
        stream_seeds.push_back(rng());
    {
        std::vector<std::thread> threads;
        for (std::size_t k = 0; k < streams; ++k)
            threads.emplace_back(run_atomic_stream, work.path / ("stream" + std::to_string(k)), std::cref(original),
                                 stream_seeds[k], per_stream, std::ref(outcomes[k]));
        for (std::thread& t : threads)
            t.join();
    }

    Stats total;
    for (std::size_t k = 0; k < streams; ++k) {
        total += outcomes[k].stats;
        std::cout << report("  stream " + std::to_string(k), seed, original.size(), outcomes[k].typical, outcomes[k].stats,
                            Clock::now() - start)
                  << std::endl;
        INFO("stream " << k << " of seed " << seed);
        CHECK(outcomes[k].failure == "");
    }
    std::cout << report("test_crash_random (atomic replace)", seed, original.size(), outcomes[0].typical, total,
                        Clock::now() - start)
              << std::endl;
    CHECK(static_cast<std::size_t>(total.iterations) == streams * per_stream);
    CHECK(total.killed_old > 0);  // the kills really landed on both sides of the rename
    CHECK(total.killed_new + total.completed > 0);
}

TEST_CASE("SIGKILL at random moments during in-place rewrites of a bind-mounted file", "[reliability][crash][random][root]")
{
    if (!is_root())
        FSHOSTS_SKIP("needs root for a private mount namespace and a bind mount");
    const std::string ns = enter_private_mount_namespace();
    INFO(ns);
    REQUIRE(ns.empty());

    const auto start = Clock::now();
    const std::uint64_t seed = test_seed();
    std::cout << "test_crash_random (bind mount, in place): seed " << seed << std::endl;
    CAPTURE(seed);
    std::mt19937_64 rng(seed);
    const std::size_t random_kills = fshosts::test::scaled_rounds(60, 10);  // support/scale.h
    const std::size_t chunk_kills = fshosts::test::scaled_rounds(20, 6);

    TempDir work("fshosts-random-bind");
    fs::create_directory(work.path / "etc");
    fs::create_directory(work.path / "src");
    fs::create_directory(work.path / "io");
    const fs::path real = work.path / "src" / "hosts";
    const Stream s{work.path / "etc" / "hosts", work.path / "state", work.path / "io"};
    // The block sits near the start (as after a first preview on a short file that later grew),
    // so each change shifts the megabytes after it and a kill mid-write tears the file.
    const std::string generated = generate_hosts(rng, hosts_lines);
    const std::size_t header_end = generated.find("\n\n") + 2;
    const std::string original = generated.substr(0, header_end) + std::string(block_begin) +
                                 "\n203.0.113.1 keep.example.jp\n" + std::string(block_end) + "\n" +
                                 generated.substr(header_end);
    write_bytes(real, original);
    write_bytes(s.hosts, "");
    const ino_t inode = stat_of(real).st_ino;
    Mount mount = Mount::bind(real, s.hosts);

    Stats stats, chunk_stats;
    std::chrono::microseconds typical{0};
    try {
        typical = measure_run_time(s, original, false);
        const auto max_delay = static_cast<std::uint64_t>(typical.count()) * 3 / 2;

        // Apply a new name, or revert the last one if it is there (keep.example.jp stays, so
        // the block stays near the start).
        std::string current = original, last_name;
        auto next_args = [&](std::size_t i) {
            if (!last_name.empty() && contains(current, " " + last_name))
                return std::vector<std::string>{"revert", last_name};
            last_name = "www.shop" + std::to_string(i) + ".example.jp";
            return apply_args(rng, i);
        };
        for (std::size_t i = 0; i < random_kills; ++i) {
            const std::vector<std::string> args = next_args(i);
            const Kill how{std::chrono::microseconds(static_cast<std::int64_t>(pick(rng, max_delay + 1))), {}};
            try {
                current = kill_and_check(s, args, current, std::nullopt, how, true, NextRun::Recover, stats);
            } catch (const Failure& f) {
                throw Failure("iteration " + std::to_string(i) + ": " + f.what());
            }
            ENSURE(stat_of(real).st_ino == inode, "the bind-mounted file was replaced");
        }

        // The in-place write itself is a few milliseconds of a run, so random timing rarely
        // lands in it: also kill at a random 64 KiB chunk (fshosts-faults), which tears the
        // file nearly every time, and check that every tear is undone.
        for (std::size_t i = random_kills; i < random_kills + chunk_kills; ++i) {
            std::vector<std::string> args = next_args(i);
            if (i % 2 == 1 && args[0] == "apply") {
                // Half of them tear a revert: put a name in first, without a kill.
                ENSURE(s.run(args).exit_code == 0, "apply before a killed revert");
                current = read_bytes(s.hosts);
                args = next_args(i);
            }
            const std::uint64_t chunks = (current.size() + 65535) / 65536;
            const Kill how{std::chrono::microseconds(0), "in_place_chunk:" + std::to_string(1 + pick(rng, chunks))};
            try {
                current = kill_and_check(s, args, current, std::nullopt, how, true, NextRun::Recover, chunk_stats);
            } catch (const Failure& f) {
                throw Failure("iteration " + std::to_string(i) + ": " + f.what());
            }
            ENSURE(stat_of(real).st_ino == inode, "the bind-mounted file was replaced");
        }
    } catch (const std::exception& e) {
        FAIL(e.what());
    }

    // Remove whatever the sequence left (a twin, a preview name): the rest is the original.
    std::vector<std::string> revert_rest{"revert"};
    const ProcessResult status = s.run({"status", "--json"});
    REQUIRE(status.exit_code == 0);
    const nlohmann::json listed = nlohmann::json::parse(status.out);
    for (const auto& entry : listed.at("entries"))
        if (entry.at("name") != "keep.example.jp")
            revert_rest.push_back(entry.at("name").get<std::string>());
    if (revert_rest.size() > 1)
        REQUIRE(s.run(revert_rest).exit_code == 0);
    CHECK(read_bytes(s.hosts) == original);
    CHECK(stat_of(real).st_ino == inode);

    const std::vector<std::string> litter = temp_files_under(state_dir_of(s.state));
    if (!litter.empty())
        WARN("temp files left in the state directory (not beside the hosts file): " << join(litter));

    std::cout << report("test_crash_random (bind mount, in place), random delays", seed, original.size(), typical, stats,
                        Clock::now() - start)
              << "\n"
              << report("test_crash_random (bind mount, in place), random chunks", seed, original.size(), typical,
                        chunk_stats, Clock::now() - start)
              << std::endl;
    CHECK(static_cast<std::size_t>(stats.iterations) == random_kills);
    CHECK(stats.killed_old > 0);
    CHECK(chunk_stats.torn_restored > 0);
}
