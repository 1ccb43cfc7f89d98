// The resolver model (tests/support/resolver_model.h) against the real thing: each document is
// bind-mounted over /etc/hosts in a private mount and network namespace (no network: names not in
// the file fail at once) and `getent ahosts NAME` (getaddrinfo, glibc's files module) answers.
// The addresses it returns must be the ones the model says, for the corpus, the parser's rules
// and random documents. Needs root (mount namespace); skipped otherwise.
#include "catch.h"
#include "support/process.h"
#include "support/resolver_model.h"
#include "support/skip.h"
#include "support/temp_dir.h"
#include "text/test_support.h"

#include <arpa/inet.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace std::string_literals;

namespace {

const std::vector<std::string> names = {"www.example.jp", "example.jp", "shop.example.com"};

// An address in one spelling (inet_ntop of inet_pton), so "2001:DB8::1" and "2001:db8::1" agree.
std::string canonical(const std::string& address)
{
    unsigned char buf[16];
    char out[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET, address.c_str(), buf) == 1)
        return inet_ntop(AF_INET, buf, out, sizeof out);
    if (inet_pton(AF_INET6, address.c_str(), buf) == 1)
        return inet_ntop(AF_INET6, buf, out, sizeof out);
    return "?" + address;
}

std::set<std::string> real_lookup(const std::string& file, const std::string& name)
{
    const fshosts::test::ProcessResult r = fshosts::test::run_process(
        {"/usr/bin/unshare", "-m", "-n", "--propagation", "private", "/bin/sh", "-c",
         "mount --bind \"$0\" /etc/hosts && exec getent ahosts \"$1\"", file, name});
    INFO(r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 2));  // 2: not found
    std::set<std::string> found;
    std::istringstream lines(r.out);
    for (std::string address, rest; lines >> address && std::getline(lines, rest);)
        found.insert(canonical(address));
    return found;
}

std::set<std::string> model_lookup(const std::string& bytes, const std::string& name)
{
    std::set<std::string> found;
    for (const std::string& a : fshosts::model::lookup(bytes, name))
        found.insert(canonical(a));
    return found;
}

std::string join(const std::set<std::string>& s)
{
    std::string out;
    for (const std::string& a : s)
        out += a + " ";
    return out;
}

// "" or the first name the model and glibc disagree on; counts glibc's non-empty answers.
std::string compare(const fshosts::test::TempDir& dir, const std::string& bytes, int& answers)
{
    const std::string file = (dir.path / "hosts").string();
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    for (const std::string& name : names) {
        const std::set<std::string> real = real_lookup(file, name);
        const std::set<std::string> model = model_lookup(bytes, name);
        answers += real.empty() ? 0 : 1;
        if (real != model)
            return name + ": glibc " + join(real) + "| model " + join(model);
    }
    return {};
}

}  // namespace

TEST_CASE("the resolver model answers like glibc", "[resolver][glibc]")
{
    if (geteuid() != 0)
        FSHOSTS_SKIP("needs root for a mount namespace");
    fshosts::test::TempDir dir("fshosts-glibc");
    std::vector<std::string> inputs = {
        "1.2.3.4\vwww.example.jp\n1.2.3.5\fexample.jp\n",
        "127.0.0.1 localhost\r1.2.3.4 www.example.jp\r",
        "# header\r1.2.3.4 www.example.jp\r",
        "1.2.3.4 a\0 www.example.jp\n1.2.3.5 example.jp\0\n"s,
        "1.2.3.4 a.jp#www.example.jp\n1.2.3.5 example.jp#x\n",
        "1.2.3.4 WWW.EXAMPLE.JP\n01.2.3.4 example.jp\n127.1 example.jp\nfe80::1%lo example.jp\n",
        "::ffff:1.2.3.4 www.example.jp\n1::2::3 example.jp\n2001:DB8::1 example.jp\n",
        "\xEF\xBB\xBF" "1.2.3.4 www.example.jp\n5.6.7.8 example.jp\n",
        "  \t1.2.3.4 www.example.jp\r\nwww.example.jp 1.2.3.4\n",
        "#[fshosts:disabled] 1.2.3.4 www.example.jp\n1.2.3.4 shop.example.com #[fshosts:restores] 1.2.3.4%20x\n",
    };
    for (const auto& file : fshosts::test::corpus_names())
        inputs.push_back(fshosts::test::corpus_file(file));
    fshosts::test::HostsFuzzer fuzz(fshosts::test::test_seed(0x91b5eedu));
    for (int i = 0; i < 120; ++i)
        inputs.push_back(fuzz.any());
    int answers = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string difference = compare(dir, inputs[i], answers);
        if (!difference.empty()) {
            INFO("input #" << i << " \"" << fshosts::test::escape(inputs[i], 2000) << "\"");
            CHECK(difference == "");
            break;
        }
    }
    // Not a comparison of empty answers: glibc found the names in many of the documents.
    CHECK(answers > 25);
    WARN("glibc answered " << answers << " lookups from the file");
}
