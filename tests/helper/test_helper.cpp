// fshosts-helper end to end, on the real system hosts path made safe: the test process enters a
// private mount + network namespace, mounts a tmpfs over /var/lib (the helper's state dir), puts
// an overlay over /etc (so even the writer's temp file beside /etc/hosts lands in the tmpfs) and
// bind-mounts a file from the tmpfs over /etc/hosts. The machine's real /etc is never written;
// every test checks that through a directory handle opened before the namespace was entered.
// Needs root; says SKIPPED otherwise.
#include "catch.h"
#include "support/build_tree.h"
#include "support/lock_holder.h"
#include "support/process.h"
#include "support/skip.h"

#include "base/error.h"
#include "core/backup_store.h"
#include "core/helper_protocol.h"
#include "core/hosts_writer.h"
#include "core/sha256.h"

#include <nlohmann/json.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using fshosts::sha256_hex;
using nlohmann::json;

namespace {

const std::string helper_path = fshosts::test::build_program("libexec/fshosts/fshosts-helper");
const fs::path sandbox_dir = "/var/lib/fshosts-e2e";  // inside the tmpfs
const fs::path state_dir = "/var/lib/fshosts";

const std::string original =
    "127.0.0.1\tlocalhost\n"
    "::1\tlocalhost ip6-localhost ip6-loopback\n"
    "# 社内サーバー\n"
    "10.0.0.5 intranet.local\n";

std::string read_fd(int fd)
{
    std::string bytes;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
        bytes.append(buffer, static_cast<std::size_t>(n));
    return bytes;
}

std::string read_file(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The machine's /etc, opened before entering the namespace: lookups through it see the host's
// mounts, not ours, so it reads the real /etc/hosts.
struct RealEtc {
    int fd = -1;
    std::string hosts_hash;
    std::string hosts() const
    {
        const int f = ::openat(fd, "hosts", O_RDONLY | O_CLOEXEC);
        if (f < 0)
            return "<cannot open the real /etc/hosts>";
        std::string bytes = read_fd(f);
        ::close(f);
        return bytes;
    }
    // The real /etc/hosts has its old bytes and no fshosts temp file lies beside it.
    bool untouched() const
    {
        const int d = ::openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR* dir = d < 0 ? nullptr : ::fdopendir(d);
        if (!dir)
            return false;
        bool clean = true;
        while (const dirent* entry = ::readdir(dir))
            clean = clean && std::string(entry->d_name).find("fshosts") == std::string::npos;
        ::closedir(dir);
        return clean && sha256_hex(hosts()) == hosts_hash;
    }
};

RealEtc g_real;

// Enters the sandbox once per process. Returns "" on success, else why not (then nothing was mounted).
std::string enter_sandbox()
{
    g_real.fd = ::open("/etc", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (g_real.fd < 0)
        return std::string("open /etc: ") + std::strerror(errno);
    g_real.hosts_hash = sha256_hex(g_real.hosts());
    if (::unshare(CLONE_NEWNS | CLONE_NEWNET) != 0)
        return std::string("unshare: ") + std::strerror(errno);
    // Without this, the mounts below would propagate to the machine's namespace.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return std::string("make / private: ") + std::strerror(errno);
    if (::mount("fshosts-e2e", "/var/lib", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=32m") != 0)
        return std::string("tmpfs on /var/lib: ") + std::strerror(errno);
    fs::create_directory(sandbox_dir);
    for (const char* sub : {"etc-upper", "etc-work"})
        fs::create_directory(sandbox_dir / sub);
    const std::string overlay = "lowerdir=/etc,upperdir=" + (sandbox_dir / "etc-upper").string() +
                                ",workdir=" + (sandbox_dir / "etc-work").string();
    if (::mount("fshosts-e2e-etc", "/etc", "overlay", 0, overlay.c_str()) != 0)
        return std::string("overlay on /etc: ") + std::strerror(errno);
    std::ofstream(sandbox_dir / "hosts", std::ios::binary) << original;
    ::chmod((sandbox_dir / "hosts").c_str(), 0644);
    if (::mount((sandbox_dir / "hosts").c_str(), "/etc/hosts", nullptr, MS_BIND, nullptr) != 0)
        return std::string("bind mount over /etc/hosts: ") + std::strerror(errno);
    ::signal(SIGPIPE, SIG_IGN);  // a helper that refuses early does not read its stdin
    return {};
}

// True when this process is root and inside the sandbox; WARNs and returns false when not root.
bool in_sandbox()
{
    if (::geteuid() != 0) {
        std::cout << FSHOSTS_SKIP_MARKER "needs root for a private mount namespace and a bind mount over /etc/hosts" << std::endl;
        return false;
    }
    static const std::string error = enter_sandbox();
    INFO(error);
    REQUIRE(error.empty());
    // Belt and braces before anything below writes or deletes: /var/lib is our tmpfs and
    // /etc/hosts is our file.
    struct statfs sfs {};
    REQUIRE(::statfs("/var/lib", &sfs) == 0);
    REQUIRE(sfs.f_type == TMPFS_MAGIC);
    struct stat ours {}, etc_hosts {};
    REQUIRE(::stat((sandbox_dir / "hosts").c_str(), &ours) == 0);
    REQUIRE(::stat("/etc/hosts", &etc_hosts) == 0);
    REQUIRE(ours.st_ino == etc_hosts.st_ino);
    REQUIRE(ours.st_dev == etc_hosts.st_dev);
    return true;
}

// Puts `content` into the (bind-mounted) /etc/hosts and forgets the helper's state.
void reset(const std::string& content = original)
{
    std::error_code ec;
    fs::remove_all(state_dir, ec);
    std::ofstream(sandbox_dir / "hosts", std::ios::binary | std::ios::trunc) << content;
}

std::string hosts_bytes() { return read_file("/etc/hosts"); }

struct HelperRun {
    int exit_code = -1;
    std::string out;
    std::string err;
    json body;  // stdout parsed; null when it was not exactly one JSON object on one line
};

const std::vector<std::string> default_env{"PATH=/usr/bin:/bin", "PKEXEC_UID=1000"};

// Starts the helper with exactly this argv (null_argv: argv = {NULL}, argc == 0) and environment,
// optionally as another user, feeds `input` and collects its output. No shell anywhere.
HelperRun run_helper(const std::vector<std::string>& args, const std::string& input,
                     const std::vector<std::string>& env = default_env, std::optional<uid_t> as_user = {},
                     bool null_argv = false)
{
    // Another user may not reach the build tree (a checkout in a 0700 directory): run a copy.
    std::optional<fshosts::test::StagedBuild> staged;
    std::string program = helper_path;
    if (as_user) {
        staged.emplace();
        program = staged->program("libexec/fshosts/fshosts-helper");
    }
    std::vector<std::string> argv{program};
    argv.insert(argv.end(), args.begin(), args.end());
    const fshosts::test::ProcessResult r = fshosts::test::run_process(
        argv, {.env = env, .clear_env = true, .stdin_data = input, .as_user = as_user, .empty_argv = null_argv,
               .timeout = std::chrono::seconds(20)});
    HelperRun run{r.exit_code, r.out, r.err, nullptr};
    if (!run.out.empty() && run.out.back() == '\n' && run.out.find('\n') == run.out.size() - 1)
        run.body = json::parse(run.out, nullptr, false);
    if (run.body.is_discarded())
        run.body = nullptr;
    return run;
}

std::string apply_request(const std::string& names_json, const std::string& address, const std::string& expected,
                          const std::string& extra = {})
{
    return R"({"operation":"apply","names":)" + names_json + R"(,"address":")" + address + R"(","expected_hash":")" + expected +
           "\"" + extra + "}";
}

std::string revert_request(const std::string& expected)
{
    return R"({"operation":"revert","expected_hash":")" + expected + "\"}";
}

// The helper answered with one JSON error object carrying this exit code, and changed nothing.
void check_refused(const HelperRun& r, int exit_code, const std::string& before)
{
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == exit_code);
    REQUIRE(r.body.is_object());
    CHECK(r.body["ok"] == false);
    CHECK(r.body["error"]["exit_code"] == exit_code);
    CHECK(r.body["error"]["message"].get<std::string>().size() > 0);
    CHECK(hosts_bytes() == before);
    CHECK(g_real.untouched());
}

std::string resolve(const std::string& name)
{
    const fshosts::test::ProcessResult r = fshosts::test::run_process({"/usr/bin/getent", "hosts", name});
    return r.exit_code == 0 ? r.out.substr(0, r.out.find_first_of(" \t")) : "";
}

std::string audit_log() { return read_file(state_dir / "audit.log"); }

// A fresh state, then one preview applied through the helper; returns the file's new bytes.
std::string reset_and_apply()
{
    reset();
    const HelperRun r =
        run_helper({"apply"}, apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", sha256_hex(original)));
    REQUIRE(r.exit_code == 0);
    return hosts_bytes();
}

}  // namespace

TEST_CASE("as root, apply and revert through the helper, the resolver follows, revert is byte-identical", "[helper][e2e]")
{
    if (!in_sandbox())
        return;
    reset();

    HelperRun r = run_helper({"apply"}, apply_request(R"(["https://www.fshosts-e2e.example/shop","fshosts-e2e.example"])",
                                                      "203.0.113.10", sha256_hex(original)));
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.body.is_object());
    CHECK(r.body["ok"] == true);
    CHECK(r.body["changed"] == true);
    CHECK(r.body["added"] == json{"www.fshosts-e2e.example", "fshosts-e2e.example"});
    CHECK(r.body["written_in_place"] == true);  // rename onto a bind mount fails with EBUSY
    CHECK(r.body["dns_flush"].is_array());
    const std::string applied = hosts_bytes();
    CHECK(r.body["hash_after"] == sha256_hex(applied));
    CHECK(applied.rfind(original, 0) == 0);  // the user's lines are untouched, the block is added after them
    CHECK(applied.find("203.0.113.10 www.fshosts-e2e.example") != std::string::npos);
    CHECK(resolve("www.fshosts-e2e.example") == "203.0.113.10");
    CHECK(resolve("fshosts-e2e.example") == "203.0.113.10");

    r = run_helper({"status"}, R"({"operation":"status"})");
    CHECK(r.exit_code == 0);
    CHECK(r.body["block"] == "present");
    CHECK(r.body["hash"] == sha256_hex(applied));
    CHECK(r.body["entries"].size() == 2);

    r = run_helper({"revert"}, revert_request(sha256_hex(applied)));
    CHECK(r.exit_code == 0);
    CHECK(r.body["changed"] == true);
    CHECK(hosts_bytes() == original);
    CHECK(resolve("www.fshosts-e2e.example") != "203.0.113.10");

    const std::string log = audit_log();
    CHECK(log.find("op=request:apply") != std::string::npos);
    CHECK(log.find("op=apply") != std::string::npos);  // the writer's own record of the change
    CHECK(log.find("op=request:revert") != std::string::npos);
    CHECK(log.find("pkexec_uid=1000") != std::string::npos);
    CHECK(g_real.untouched());
}

TEST_CASE("restore of a listed backup through the helper", "[helper][e2e]")
{
    if (!in_sandbox())
        return;
    const std::string applied = reset_and_apply();
    HelperRun r;

    const fshosts::Target system = fshosts::Target::system();
    const std::vector<fshosts::BackupInfo> backups = fshosts::BackupStore(system.backup_dir(), system.hosts).list();
    REQUIRE(backups.size() == 1);
    CHECK(backups[0].sha256 == sha256_hex(original));

    r = run_helper({"restore"}, R"({"operation":"restore","backup_id":")" + backups[0].id + R"(","expected_hash":")" +
                                    sha256_hex(applied) + "\"}");
    INFO("stdout: " << r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.body["restored"] == backups[0].id);
    CHECK(hosts_bytes() == original);

    // A backup id is never a path.
    const std::string before = hosts_bytes();
    check_refused(run_helper({"restore"}, R"({"operation":"restore","backup_id":"../../../etc/shadow","expected_hash":")" +
                                              sha256_hex(before) + "\"}"),
                  fshosts::helper_exit_bad_request, before);
    CHECK(g_real.untouched());
}

TEST_CASE("not root: exit 10, nothing read, nothing written", "[helper][e2e]")
{
    if (!in_sandbox())
        return;
    reset();
    const HelperRun r =
        run_helper({"apply"}, apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", sha256_hex(original)), default_env, 65534);
    check_refused(r, fshosts::helper_exit_not_root, original);
    CHECK(r.body["error"]["reason"] == "not_root");
    CHECK_FALSE(fs::exists(state_dir));  // no audit log, lock or backup before the root check
}

TEST_CASE("bad invocations: exit 11 before anything is written", "[helper][e2e]")
{
    if (!in_sandbox())
        return;
    reset();
    const std::string request = R"({"operation":"status"})";
    check_refused(run_helper({}, request, default_env, {}, true), fshosts::helper_exit_bad_invocation, original);  // argc == 0
    check_refused(run_helper({}, request), fshosts::helper_exit_bad_invocation, original);
    check_refused(run_helper({"status", "extra"}, request), fshosts::helper_exit_bad_invocation, original);
    check_refused(run_helper({"--hosts-file=/tmp/x", "status"}, request), fshosts::helper_exit_bad_invocation, original);
    check_refused(run_helper({"delete"}, request), fshosts::helper_exit_bad_invocation, original);
    check_refused(run_helper({"STATUS"}, request), fshosts::helper_exit_bad_invocation, original);
    CHECK_FALSE(fs::exists(state_dir));

    // The request must be what the command line (and so the polkit prompt) says.
    const HelperRun r =
        run_helper({"status"}, apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", sha256_hex(original)));
    check_refused(r, fshosts::helper_exit_bad_request, original);
    CHECK(r.body["error"]["message"].get<std::string>().find("started for status, but the request asks for apply") != std::string::npos);
}

TEST_CASE("bad requests on stdin: exit 12, file unchanged, refusal audited", "[helper][e2e]")
{
    if (!in_sandbox())
        return;
    reset();
    const std::string h = sha256_hex(original);
    const std::string good = apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", h);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"oversize", good + std::string(70 * 1024, ' ')},
        {"empty", ""},
        {"invalid UTF-8", apply_request("[\"www.fshosts-e2e.example\xff\"]", "203.0.113.10", h)},
        {"overlong UTF-8", apply_request("[\"www.fshosts-e2e.example\xC0\xAE\"]", "203.0.113.10", h)},
        {"NUL byte", good + std::string(1, '\0')},
        {"NUL escape", apply_request(R"(["www.fshosts-e2e.example\u0000.evil"])", "203.0.113.10", h)},
        {"trailing garbage", good + "{}"},
        {"duplicate key", apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", h, R"(,"address":"198.51.100.7")")},
        {"unknown key", apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", h, R"(,"with_twin":true)")},
        {"wrong type: names", apply_request(R"("www.fshosts-e2e.example")", "203.0.113.10", h)},
        {"wrong type: flag", apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", h, R"(,"disable_conflicts":1)")},
        {"wrong type: hash", R"({"operation":"apply","names":["a.example"],"address":"203.0.113.10","expected_hash":42})"},
        {"bad hash", apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", std::string(64, 'G'))},
        {"missing hash", R"({"operation":"apply","names":["www.fshosts-e2e.example"],"address":"203.0.113.10"})"},
        {"key of another operation", apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", h, R"(,"backup_id":"x")")},
        {"not an object", R"(["apply"])"},
    };
    for (const auto& [what, request] : cases) {
        INFO(what);
        check_refused(run_helper({"apply"}, request), fshosts::helper_exit_bad_request, original);
    }
    for (const char* key : {"path", "hosts_file", "HostsPath", "state_dir", "file"}) {
        INFO(key);
        const HelperRun r = run_helper({"apply"}, apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", h,
                                                                std::string(",\"") + key + R"(":"/tmp/evil-hosts")"));
        check_refused(r, fshosts::helper_exit_bad_request, original);
        CHECK(r.body["error"]["message"].get<std::string>().find("cannot choose the file") != std::string::npos);
        CHECK_FALSE(fs::exists("/tmp/evil-hosts"));
    }
    CHECK(audit_log().find("op=refused:bad_request") != std::string::npos);
}

TEST_CASE("a tampered loader environment is refused (13), other variables are simply dropped", "[helper][e2e]")
{
    if (!in_sandbox())
        return;
    reset();
    const std::string request = apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", sha256_hex(original));
    for (const char* var : {"LD_PRELOAD=/nonexistent.so", "LD_AUDIT=/nonexistent.so", "LD_LIBRARY_PATH=/tmp",
                            "DYLD_INSERT_LIBRARIES=/nonexistent.dylib", "DYLD_LIBRARY_PATH=/tmp", "DYLD_FRAMEWORK_PATH=/tmp"}) {
        INFO(var);
        std::vector<std::string> env = default_env;
        env.push_back(var);
        const HelperRun r = run_helper({"apply"}, request, env);
        check_refused(r, fshosts::helper_exit_unsafe_environment, original);
        CHECK(r.body["error"]["reason"] == "unsafe_environment");
    }
    CHECK(audit_log().find("op=refused:unsafe_environment") != std::string::npos);

    // GCONV_PATH and friends are cleared, not obeyed: the request works as usual.
    std::vector<std::string> env = default_env;
    for (const char* var : {"GCONV_PATH=/tmp/evil", "LOCPATH=/tmp/evil", "NLSPATH=/tmp/evil", "LANGUAGE=ja", "LC_ALL=ja_JP.UTF-8",
                            "HOME=/tmp/evil", "XDG_STATE_HOME=/tmp/evil", "TMPDIR=/tmp/evil", "SUDO_UID=1000; rm -rf /"})
        env.push_back(var);
    const HelperRun r = run_helper({"apply"}, request, env);
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(hosts_bytes().find("203.0.113.10 www.fshosts-e2e.example") != std::string::npos);
    CHECK_FALSE(fs::exists("/tmp/evil"));
    CHECK(audit_log().find("rm -rf") == std::string::npos);  // a non-numeric SUDO_UID is dropped
    CHECK(g_real.untouched());
}

TEST_CASE("bad names and addresses: exit 2, file unchanged", "[helper][e2e]")
{
    if (!in_sandbox())
        return;
    reset();
    const std::string h = sha256_hex(original);
    for (std::string name : {"www fshosts-e2e.example", "fshosts#e2e.example", "*.fshosts-e2e.example", "192.0.2.1", "localhost", "",
                             "[2001:db8::1]"}) {
        INFO("name: " << name);
        const HelperRun r = run_helper({"apply"}, apply_request("[\"" + name + "\"]", "203.0.113.10", h));
        check_refused(r, 2, original);
        CHECK(r.body["error"]["kind"] == "bad_input");
    }
    for (std::string address : {"01.2.3.4", "0.0.0.0", "224.0.0.1", "ff02::1", "fe80::1%eth0", "203.0.113", ""}) {
        INFO("address: " << address);
        check_refused(run_helper({"apply"}, apply_request(R"(["www.fshosts-e2e.example"])", address, h)), 2, original);
    }
}

TEST_CASE("messages follow the request's language", "[helper][e2e]")
{
    if (!in_sandbox())
        return;
    reset();
    const std::string h = sha256_hex(original);
    const HelperRun en = run_helper({"apply"}, apply_request(R"(["localhost"])", "203.0.113.10", h));
    const HelperRun ja = run_helper({"apply"}, apply_request(R"(["localhost"])", "203.0.113.10", h, R"(,"language":"ja")"));
    check_refused(en, 2, original);
    check_refused(ja, 2, original);
    const std::string en_message = en.body["error"]["message"];
    const std::string ja_message = ja.body["error"]["message"];
    CHECK(en_message != ja_message);
    CHECK(ja_message.find("\xE3") != std::string::npos);  // hiragana/katakana/CJK punctuation start with E3
}

TEST_CASE("a stale expected hash (3) and a conflict (3, with the lines) change nothing", "[helper][e2e]")
{
    if (!in_sandbox())
        return;
    const std::string content = original + "192.0.2.1 www.fshosts-e2e.example # old server\n";
    reset(content);
    HelperRun r = run_helper({"apply"}, apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", sha256_hex(original)));
    check_refused(r, 3, content);
    CHECK(r.body["error"]["kind"] == "changed_on_disk");

    r = run_helper({"revert"}, revert_request(sha256_hex("not the file")));
    check_refused(r, 3, content);

    r = run_helper({"apply"}, apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", sha256_hex(content)));
    check_refused(r, 3, content);
    CHECK(r.body["error"]["kind"] == "conflict");
    REQUIRE(r.body["error"]["conflicts"].size() == 1);
    CHECK(r.body["error"]["conflicts"][0]["line"] == 5);
    CHECK(r.body["error"]["conflicts"][0]["address"] == "192.0.2.1");
}

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
}  // namespace

TEST_CASE("as root, a lock that an unprivileged user holds on the hosts file does not stop the helper", "[helper][e2e][locks]")
{
    if (!in_sandbox())
        return;
    reset();
    // nobody can read the world-readable hosts file, so nobody can flock it, for as long as they like.
    struct stat st {};
    REQUIRE(::stat("/etc/hosts", &st) == 0);
    REQUIRE(st.st_uid == 0);
    REQUIRE((st.st_mode & 0004) != 0);
    fshosts::test::LockHolder nobody({"/etc/hosts"}, uid_t{65534});

    Clock::time_point start = Clock::now();
    HelperRun r = run_helper({"apply"}, apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", sha256_hex(original)));
    double took = seconds_since(start);
    INFO("stdout: " << r.out << "\nstderr: " << r.err << "\ntook " << took << " s");
    REQUIRE(r.exit_code == 0);
    CHECK(r.body["changed"] == true);
    CHECK(took < 8.0);  // at most the 2 s courtesy wait, once: the helper's own lock is root's alone
    const std::string applied = hosts_bytes();
    CHECK(applied.find("203.0.113.10 www.fshosts-e2e.example") != std::string::npos);

    start = Clock::now();
    r = run_helper({"revert"}, revert_request(sha256_hex(applied)));
    took = seconds_since(start);
    CHECK(r.exit_code == 0);
    CHECK(took < 8.0);
    CHECK(hosts_bytes() == original);
    CHECK(g_real.untouched());
}

TEST_CASE("as root, a process holding the helper's own lock makes it give up after 10 s, changing nothing", "[helper][e2e][locks]")
{
    if (!in_sandbox())
        return;
    reset();
    HelperRun r = run_helper({"revert"}, revert_request(sha256_hex(original)));  // creates the state dir and its lock
    REQUIRE(r.exit_code == 0);
    REQUIRE(fs::exists(state_dir / "lock"));
    fshosts::test::LockHolder holder({state_dir / "lock"});
    const auto backups_before = std::distance(fs::directory_iterator(state_dir), fs::directory_iterator());

    // The caller cannot shorten (or lengthen) the wait: the helper drops its environment.
    const Clock::time_point start = Clock::now();
    r = run_helper({"apply"}, apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", sha256_hex(original)),
                   {"PATH=/usr/bin:/bin", "PKEXEC_UID=1000", "FSHOSTS_LOCK_WAIT_MS=100000000"});
    const double took = seconds_since(start);
    INFO("stdout: " << r.out << "\nstderr: " << r.err << "\ntook " << took << " s");
    CHECK(r.exit_code == 3);
    REQUIRE(r.body.is_object());
    CHECK(r.body["ok"] == false);
    CHECK(r.body["error"]["kind"] == "busy");
    CHECK(r.body["error"]["message"].get<std::string>().find("Another program is changing the hosts file /etc/hosts") !=
          std::string::npos);
    CHECK(took >= 9.5);
    CHECK(took < 15.0);
    CHECK(hosts_bytes() == original);
    CHECK(std::distance(fs::directory_iterator(state_dir), fs::directory_iterator()) == backups_before);

    // The CLI (as root it runs the helper itself, in this sandbox) passes the refusal on: one
    // JSON object, the same kind and exit code.
    const fshosts::test::ProcessResult cli = fshosts::test::run_process(
        {fshosts::test::build_program("bin/fshosts"), "apply", "--json", "--ip", "203.0.113.10", "www.fshosts-e2e.example"},
        {.env = {"LANG=C", "LC_ALL=", "LANGUAGE="}, .timeout = std::chrono::seconds(40)});
    INFO("cli stdout: " << cli.out << "\ncli stderr: " << cli.err);
    CHECK(cli.exit_code == 3);
    const json body = json::parse(cli.out, nullptr, false);
    REQUIRE(body.is_object());
    CHECK(body["ok"] == false);
    CHECK(body["error"]["kind"] == "busy");
    CHECK(body["error"]["exit_code"] == 3);
    CHECK(hosts_bytes() == original);
    CHECK(g_real.untouched());
}

TEST_CASE("as root, a FIFO or a device in place of the system hosts file is refused at once", "[helper][e2e][files]")
{
    if (!in_sandbox())
        return;
    reset();
    const fs::path fifo = sandbox_dir / "fifo";
    fs::remove(fifo);
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);  // no writer: a blocking open would hang for ever
    for (const fs::path& odd : {fifo, fs::path("/dev/zero")}) {
        // Stacked on the sandbox's own bind mount, and taken off again below.
        REQUIRE(::mount(odd.c_str(), "/etc/hosts", nullptr, MS_BIND, nullptr) == 0);
        const Clock::time_point start = Clock::now();
        const HelperRun status = run_helper({"status"}, R"({"operation":"status"})");
        const HelperRun apply =
            run_helper({"apply"}, apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", sha256_hex(original)));
        const double took = seconds_since(start);
        REQUIRE(::umount2("/etc/hosts", 0) == 0);
        INFO(odd << "\nstatus: " << status.out << status.err << "\napply: " << apply.out << apply.err << "\ntook " << took << " s");
        CHECK(took < 5.0);
        for (const HelperRun* r : {&status, &apply}) {
            CHECK(r->exit_code == 5);
            REQUIRE(r->body.is_object());
            CHECK(r->body["error"]["kind"] == "io");
            CHECK(r->body["error"]["message"].get<std::string>().find("/etc/hosts is not a regular file") != std::string::npos);
        }
        CHECK(hosts_bytes() == original);
    }
    CHECK(g_real.untouched());
}

// The state directory as an attacker (or bad luck) may have left it: the helper refuses with the
// path and the problem (exit 4), and changes nothing, neither the hosts file nor anything a link
// points to.
TEST_CASE("an unsafe state directory is refused with its path and problem, nothing changed", "[helper][e2e][statedir]")
{
    if (!in_sandbox())
        return;
    const int permission = fshosts::exit_code(fshosts::ErrorKind::Permission);
    struct Case {
        const char* problem;
        std::function<void()> setup;
        std::string named;
    };
    const std::vector<Case> cases{
        {"belongs to another user (uid 65534)", [] { REQUIRE(::chown(state_dir.c_str(), 65534, 65534) == 0); }, state_dir.string()},
        {"can be written by other users", [] { ::chmod(state_dir.c_str(), 0770); }, state_dir.string()},
        {"can be written by other users", [] { ::chmod("/var/lib", 0777); }, "/var/lib"},
        {"is a symbolic link",
         [] {
             fs::remove(state_dir);
             fs::create_directory(sandbox_dir / "elsewhere");
             fs::create_directory_symlink(sandbox_dir / "elsewhere", state_dir);
         },
         state_dir.string()},
        {"can be written by other users",
         [] {
             fs::create_directory(state_dir / "backups");
             ::chmod((state_dir / "backups").c_str(), 0777);
         },
         (state_dir / "backups").string()},
    };
    for (const Case& c : cases) {
        reset();
        fs::create_directory(state_dir);
        ::chmod(state_dir.c_str(), 0700);
        c.setup();
        HelperRun r = run_helper({"apply"}, apply_request(R"(["www.fshosts-e2e.example"])", "203.0.113.10", sha256_hex(original)));
        ::chmod("/var/lib", 0755);
        INFO(c.named << " " << c.problem);
        check_refused(r, permission, original);
        const std::string message = r.body["error"]["message"].get<std::string>();
        CHECK(message.find(c.named + " " + c.problem) != std::string::npos);
        // Nothing was written below a refused directory (no audit log, no backups, no lock). When
        // only backups/ is refused, /var/lib/fshosts itself is safe and its audit log says why.
        std::error_code ec;
        if (c.named == (state_dir / "backups").string())
            CHECK(audit_log().find("backups can be written by other users") != std::string::npos);
        else
            CHECK_FALSE(fs::exists(state_dir / "audit.log", ec));
        CHECK_FALSE(fs::exists(sandbox_dir / "elsewhere" / "audit.log", ec));
        CHECK_FALSE(fs::exists(sandbox_dir / "elsewhere" / "lock", ec));
        fs::remove(state_dir, ec);
        fs::remove_all(sandbox_dir / "elsewhere", ec);
    }
}

TEST_CASE("links planted in the state directory are never followed: victims keep their bytes", "[helper][e2e][statedir]")
{
    if (!in_sandbox())
        return;
    // An earlier change made the state directory; then links appear in it.
    const std::string applied = reset_and_apply();
    HelperRun r;

    // The audit log as a link to a victim file: not appended to, the change refused.
    const fs::path victim = sandbox_dir / "victim";
    std::ofstream(victim, std::ios::binary | std::ios::trunc) << "root:x:0:0::/root:/bin/sh\n";
    fs::rename(state_dir / "audit.log", sandbox_dir / "audit.log.saved");
    fs::create_symlink(victim, state_dir / "audit.log");
    r = run_helper({"revert"}, revert_request(sha256_hex(applied)));
    check_refused(r, fshosts::exit_code(fshosts::ErrorKind::Permission), applied);
    CHECK(r.body["error"]["message"].get<std::string>().find("audit.log is a symbolic link") != std::string::npos);
    CHECK(read_file(victim) == "root:x:0:0::/root:/bin/sh\n");
    fs::remove(state_dir / "audit.log");

    // The backups directory as a link to another directory: nothing pruned or written there.
    const fs::path elsewhere = sandbox_dir / "elsewhere";
    fs::create_directory(elsewhere);
    const std::string orphan = "sha256-" + std::string(64, 'e');
    std::ofstream(elsewhere / orphan, std::ios::binary) << "someone else's\n";
    fs::rename(state_dir / "backups", sandbox_dir / "backups.saved");
    fs::create_directory_symlink(elsewhere, state_dir / "backups");
    r = run_helper({"revert"}, revert_request(sha256_hex(applied)));
    check_refused(r, fshosts::exit_code(fshosts::ErrorKind::Permission), applied);
    CHECK(read_file(elsewhere / orphan) == "someone else's\n");
    CHECK(std::distance(fs::directory_iterator(elsewhere), fs::directory_iterator()) == 1);
    fs::remove(state_dir / "backups");
    fs::remove_all(elsewhere);
    fs::remove(victim);
}

TEST_CASE("a planted journal naming an attacker's backup is set aside; the hosts file never gets its content",
          "[helper][e2e][statedir]")
{
    if (!in_sandbox())
        return;
    const std::string applied = reset_and_apply();
    HelperRun r;

    // The attacker's content and a journal naming it, both files of another user.
    const std::string evil = "203.0.113.66 bank.fshosts-e2e.example\n";
    const fs::path evil_file = state_dir / "backups" / ("sha256-" + sha256_hex(evil));
    std::ofstream(evil_file, std::ios::binary) << evil;
    REQUIRE(::chown(evil_file.c_str(), 65534, 65534) == 0);
    const json journal{{"hosts_file", "/etc/hosts"},
                       {"backup_id", "29991231T000000.000000Z-" + sha256_hex(evil).substr(0, 8)},
                       {"hash_before", sha256_hex(evil)},
                       {"hash_after", std::string(64, '0')}};
    std::ofstream(state_dir / "journal.json", std::ios::binary) << journal.dump();
    REQUIRE(::chown((state_dir / "journal.json").c_str(), 65534, 65534) == 0);

    r = run_helper({"revert"}, revert_request(sha256_hex(applied)));
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(hosts_bytes() == original);  // the requested revert, not the attacker's content
    CHECK(hosts_bytes().find("bank.fshosts-e2e.example") == std::string::npos);
    REQUIRE(r.body["recovery"].is_array());
    REQUIRE(r.body["recovery"].size() == 1);
    const std::string note = r.body["recovery"][0].get<std::string>();
    CHECK(note.find("belongs to another user") != std::string::npos);
    CHECK(note.find("set aside as /var/lib/fshosts/journal.damaged-") != std::string::npos);
    CHECK(note.find("recovery did not change the hosts file") != std::string::npos);
    CHECK_FALSE(fs::exists(state_dir / "journal.json"));
    CHECK(g_real.untouched());
}
