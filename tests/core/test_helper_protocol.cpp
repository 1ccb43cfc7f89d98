// The helper's request protocol: what parse_helper_request accepts and refuses (and with which
// kind of error, which decides the helper's exit code), and execute_helper_request on a temp file.
#include "catch.h"
#include "support/temp_dir.h"
#include "text/test_support.h"

#include "base/error.h"
#include "core/helper_protocol.h"
#include "core/sha256.h"
#include "platform/hosts_path.h"
#include "text/managed_block.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using fshosts::Error;
using fshosts::ErrorKind;
using fshosts::HelperOperation;
using fshosts::HelperRequest;
using fshosts::parse_helper_request;
using fshosts::RequestError;
using fshosts::sha256_hex;
using nlohmann::json;

namespace {

const std::string some_hash(64, 'a');

std::string apply_json(const std::string& extra = {})
{
    return R"({"operation":"apply","names":["www.example.jp"],"address":"203.0.113.10","expected_hash":")" + some_hash + "\"" +
           extra + "}";
}

// The message of the RequestError that parsing `bytes` throws; fails the check otherwise.
std::string request_error(const std::string& bytes)
{
    try {
        parse_helper_request(bytes);
        FAIL_CHECK("accepted: " << bytes.substr(0, 200));
    } catch (const RequestError& e) {
        return e.what();
    } catch (const Error& e) {
        FAIL_CHECK("an input error instead of a request error: " << e.what());
    }
    return {};
}

// The message of the input error (exit 2) that parsing `bytes` throws.
std::string input_error(const std::string& bytes)
{
    try {
        parse_helper_request(bytes);
        FAIL_CHECK("accepted: " << bytes);
    } catch (const RequestError& e) {
        FAIL_CHECK("a request error instead of an input error: " << e.what());
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::BadInput);
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE("a valid request of each operation parses, names and address normalised", "[helper][protocol]")
{
    HelperRequest r = parse_helper_request(
        R"({"operation":"apply","names":["https://WWW.Example.JP/shop?x=1","例え.jp"],"address":"２０３.0.113.10",)"
        R"("disable_conflicts":true,"expected_hash":")" + some_hash + R"(","language":"ja"})");
    CHECK(r.operation == HelperOperation::Apply);
    CHECK(r.names == std::vector<std::string>{"www.example.jp", "xn--r8jz45g.jp"});
    CHECK(r.address == "203.0.113.10");
    CHECK(r.disable_conflicts);
    CHECK(r.expected_hash == some_hash);
    CHECK(r.language == "ja");

    r = parse_helper_request(R"({"operation":"revert","expected_hash":")" + some_hash + "\"}");
    CHECK(r.operation == HelperOperation::Revert);
    CHECK(r.names.empty());
    CHECK(r.language == "en");
    r = parse_helper_request(R"({"operation":"revert","names":["example.jp"],"expected_hash":")" + some_hash + "\"}");
    CHECK(r.names == std::vector<std::string>{"example.jp"});
    r = parse_helper_request(R"({"operation":"restore","backup_id":"20261126T102233.123456Z-1a2b3c4d","expected_hash":")" +
                             some_hash + "\"}");
    CHECK(r.operation == HelperOperation::Restore);
    CHECK(r.backup_id == "20261126T102233.123456Z-1a2b3c4d");
    CHECK(parse_helper_request(R"( {"operation":"status"} )").operation == HelperOperation::Status);
}

TEST_CASE("size, encoding and JSON syntax are checked before anything else", "[helper][protocol]")
{
    std::string padded = apply_json();
    padded.append(fshosts::max_helper_request_bytes - padded.size(), ' ');
    CHECK_NOTHROW(parse_helper_request(padded));  // exactly 64 KiB
    CHECK(request_error(padded + " ").find("larger than 65536 bytes") != std::string::npos);
    CHECK(request_error(std::string(70000, ' ')).find("larger") != std::string::npos);

    CHECK(request_error(std::string(R"({"operation":"status"})") + '\0').find("NUL") != std::string::npos);
    CHECK(request_error(R"({"operation":"status","language":"\u0000"})").find("NUL") != std::string::npos);
    for (std::string bad : {"\xC0\x80", "\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE3\x81"}) {
        INFO("bytes: " << bad);
        CHECK(request_error(R"({"operation":"status","language":")" + bad + "\"}").find("UTF-8") != std::string::npos);
    }
    for (std::string bad : {"", "{", "{}{}", R"({"operation":"status"} x)", R"({"operation":"status",})", "{'operation':'status'}",
                            R"({"operation":"status"} // c)"}) {
        INFO("request: " << bad);
        CHECK(request_error(bad).find("not valid JSON") != std::string::npos);
    }
    for (std::string bad : {"[]", "\"status\"", "null", "42"}) {
        INFO("request: " << bad);
        CHECK(request_error(bad).find("one JSON object") != std::string::npos);
    }
}

TEST_CASE("duplicate keys are refused rather than letting the last one win", "[helper][protocol]")
{
    CHECK(request_error(R"({"operation":"status","operation":"apply"})").find("\"operation\" more than once") != std::string::npos);
    CHECK(request_error(apply_json(R"(,"address":"198.51.100.1")")).find("\"address\" more than once") != std::string::npos);
}

TEST_CASE("a key that names a file is refused with a message saying the file cannot be chosen", "[helper][protocol]")
{
    for (std::string key : {"path", "hosts_file", "HostsFile", "dir", "state_dir", "target_path", "hosts", "FILE", "audit_log_path"}) {
        INFO("key: " << key);
        const std::string message = request_error(R"({"operation":"status",")" + key + R"(":"/tmp/evil"})");
        CHECK(message.find("cannot choose the file") != std::string::npos);
        CHECK(message.find(fshosts::platform::system_hosts_path().string()) != std::string::npos);  // /etc/hosts on Linux
        CHECK(message.find(key) != std::string::npos);
    }
    // Refused even when it comes with an otherwise perfect request, and whatever its type.
    CHECK(request_error(apply_json(R"(,"hosts_path":null)")).find("cannot choose the file") != std::string::npos);
}

TEST_CASE("unknown keys, wrong types and malformed values are request errors", "[helper][protocol]")
{
    CHECK(request_error(R"({"operation":"status","verbose":true})").find("Unknown key \"verbose\"") != std::string::npos);
    CHECK(request_error(R"({"Operation":"status"})").find("Unknown key") != std::string::npos);
    CHECK(request_error(R"({"language":"en"})").find("no \"operation\"") != std::string::npos);
    CHECK(request_error(R"({"operation":"delete"})").find("not an operation") != std::string::npos);

    const std::string h = R"(,"expected_hash":")" + some_hash + "\"";
    struct Case {
        std::string request;
        std::string fragment;
    };
    const std::vector<Case> cases{
        {R"({"operation":1})", "\"operation\" must be a string"},
        {R"({"operation":["status"]})", "\"operation\" must be a string"},
        {R"({"operation":"apply","names":"www.example.jp","address":"203.0.113.10")" + h + "}", "must be a list of strings"},
        {R"({"operation":"apply","names":[1],"address":"203.0.113.10")" + h + "}", "must be a list of strings"},
        {R"({"operation":"apply","names":[["a.jp"]],"address":"203.0.113.10")" + h + "}", "must be a list of strings"},
        {R"({"operation":"apply","names":["a.jp"],"address":3405803786)" + h + "}", "\"address\" must be a string"},
        {R"({"operation":"apply","names":["a.jp"],"address":"203.0.113.10","disable_conflicts":"yes")" + h + "}", "true or false"},
        {R"({"operation":"apply","names":["a.jp"],"address":"203.0.113.10","expected_hash":null})", "\"expected_hash\" must be a string"},
        {R"({"operation":"revert","expected_hash":")" + std::string(64, 'A') + "\"}", "SHA-256"},
        {R"({"operation":"revert","expected_hash":")" + std::string(63, 'a') + "\"}", "SHA-256"},
        {R"({"operation":"revert","expected_hash":")" + std::string(65, 'a') + "\"}", "longer than 64"},
        {R"({"operation":"restore","backup_id":"../../etc/shadow")" + h + "}", "backup id"},
        {R"({"operation":"restore","backup_id":"")" + h + "}", "backup id"},
        {R"({"operation":"restore","backup_id":")" + std::string(129, 'a') + "\"" + h + "}", "longer than 128"},
        {R"({"operation":"restore","backup_id":42)" + h + "}", "\"backup_id\" must be a string"},
        {R"({"operation":"status","language":"fr"})", "\"en\" or \"ja\""},
        {R"({"operation":"status","language":true})", "\"language\" must be a string"},
    };
    for (const Case& c : cases) {
        INFO("request: " << c.request);
        CHECK(request_error(c.request).find(c.fragment) != std::string::npos);
    }

    std::string many = R"({"operation":"revert","names":[)";
    for (int i = 0; i < 65; ++i)
        many += std::string(i ? "," : "") + "\"a" + std::to_string(i) + ".jp\"";
    CHECK(request_error(many + "]" + h + "}").find("more than 64 items") != std::string::npos);
    CHECK(request_error(R"({"operation":"revert","names":[")" + std::string(1025, 'a') + "\"]" + h + "}").find("longer than 1024") !=
          std::string::npos);
}

TEST_CASE("each operation takes exactly its own keys", "[helper][protocol]")
{
    const std::string h = R"(,"expected_hash":")" + some_hash + "\"";
    CHECK(request_error(R"({"operation":"status","names":["a.jp"]})").find("\"names\" does not belong to the operation status") !=
          std::string::npos);
    CHECK(request_error(R"({"operation":"status")" + h + "}").find("does not belong") != std::string::npos);
    CHECK(request_error(R"({"operation":"revert","address":"203.0.113.10")" + h + "}").find("\"address\" does not belong") !=
          std::string::npos);
    CHECK(request_error(R"({"operation":"revert","disable_conflicts":true)" + h + "}").find("does not belong") != std::string::npos);
    CHECK(request_error(apply_json(R"(,"backup_id":"x")")).find("\"backup_id\" does not belong") != std::string::npos);
    CHECK(request_error(R"({"operation":"restore","backup_id":"x","names":["a.jp"])" + h + "}").find("does not belong") !=
          std::string::npos);

    CHECK(request_error(R"({"operation":"apply","address":"203.0.113.10")" + h + "}").find("needs \"names\"") != std::string::npos);
    CHECK(request_error(R"({"operation":"apply","names":["a.jp"])" + h + "}").find("needs \"address\"") != std::string::npos);
    CHECK(request_error(R"({"operation":"apply","names":["a.jp"],"address":"203.0.113.10"})").find("needs \"expected_hash\"") !=
          std::string::npos);
    CHECK(request_error(R"({"operation":"apply","names":[],"address":"203.0.113.10")" + h + "}").find("at least one name") !=
          std::string::npos);
    CHECK(request_error(R"({"operation":"revert"})").find("needs \"expected_hash\"") != std::string::npos);
    CHECK(request_error(R"({"operation":"restore")" + h + "}").find("needs \"backup_id\"") != std::string::npos);
    CHECK(request_error(R"({"operation":"restore","backup_id":"x"})").find("needs \"expected_hash\"") != std::string::npos);
}

TEST_CASE("the operation on the command line must be the request's", "[helper][protocol]")
{
    CHECK_NOTHROW(parse_helper_request(R"({"operation":"status"})", HelperOperation::Status));
    try {
        parse_helper_request(apply_json(), HelperOperation::Status);
        FAIL("accepted");
    } catch (const RequestError& e) {
        CHECK(std::string(e.what()).find("started for status, but the request asks for apply") != std::string::npos);
    }
}

TEST_CASE("names and the address are validated again by core: input errors, not request errors", "[helper][protocol]")
{
    const std::string h = R"(,"expected_hash":")" + some_hash + "\"";
    for (std::string name : {"www example.jp", "exa#mple.jp", "*.example.jp", "203.0.113.10", "localhost", "", "[::1]"}) {
        INFO("name: " << name);
        input_error(R"({"operation":"apply","names":[")" + name + R"("],"address":"203.0.113.10")" + h + "}");
        input_error(R"({"operation":"revert","names":[")" + name + "\"]" + h + "}");
    }
    for (std::string address : {"01.2.3.4", "0.0.0.0", "224.0.0.1", "fe80::1%eth0", "", "example.jp", "256.1.1.1"}) {
        INFO("address: " << address);
        input_error(R"({"operation":"apply","names":["www.example.jp"],"address":")" + address + "\"" + h + "}");
    }
}

TEST_CASE("the message language is read from a well-formed request only", "[helper][protocol]")
{
    CHECK(fshosts::requested_language(R"({"operation":"status","language":"ja"})") == "ja");
    CHECK(fshosts::requested_language(R"({"operation":"status","language":"en"})") == "en");
    CHECK(fshosts::requested_language(R"({"operation":"status"})") == "en");
    CHECK(fshosts::requested_language(R"({"language":"ja")") == "en");
    CHECK(fshosts::requested_language("\xff") == "en");
}

namespace {

void write_bytes(const fs::path& p, const std::string& bytes)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// A hosts file in a temp dir with its own state dir: the target the helper would get.
struct TempTarget {
    fshosts::test::TempDir temp{"fshosts-protocol"};
    fs::path dir = temp.path;
    fshosts::Target target{dir / "hosts", dir / "state", dir / "state" / "audit.log", dir / "state"};
    explicit TempTarget(const std::string& content) { write_bytes(target.hosts, content); }
    std::string bytes() const { return fshosts::test::read_bytes(target.hosts); }
};

fshosts::HelperResponse execute(const TempTarget& t, const std::string& request)
{
    return fshosts::execute_helper_request(parse_helper_request(request), t.target);
}

const std::string original = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n";

}  // namespace

TEST_CASE("execute: apply, apply again, status, revert byte-identical", "[helper][execute]")
{
    TempTarget t(original);
    auto r = execute(t, R"({"operation":"apply","names":["www.example.jp","example.jp"],"address":"203.0.113.10","expected_hash":")" +
                            sha256_hex(original) + "\"}");
    INFO(r.body.dump());
    REQUIRE(r.exit_code == 0);
    CHECK(r.body["ok"] == true);
    CHECK(r.body["operation"] == "apply");
    CHECK(r.body["changed"] == true);
    CHECK(r.body["names"] == json{"www.example.jp", "example.jp"});
    CHECK(r.body["address"] == "203.0.113.10");
    CHECK(r.body["added"] == json{"www.example.jp", "example.jp"});
    CHECK(r.body["backup_id"].is_string());
    CHECK(r.body["hash_after"] == sha256_hex(t.bytes()));
    CHECK(r.body["written_in_place"] == false);
    CHECK(r.body["recovery"] == json::array());
    CHECK(t.bytes().find("203.0.113.10 www.example.jp") != std::string::npos);
    const std::string applied = t.bytes();

    r = execute(t, R"({"operation":"apply","names":["www.example.jp"],"address":"203.0.113.10","expected_hash":")" + sha256_hex(applied) + "\"}");
    CHECK(r.exit_code == 0);
    CHECK(r.body["changed"] == false);
    CHECK(r.body["unchanged"] == json{"www.example.jp"});
    CHECK(r.body["backup_id"].is_null());
    CHECK(t.bytes() == applied);

    r = execute(t, R"({"operation":"status"})");
    CHECK(r.exit_code == 0);
    CHECK(r.body["block"] == "present");
    CHECK(r.body["hash"] == sha256_hex(applied));
    CHECK(r.body["entries"].size() == 2);
    CHECK(r.body["entries"][0]["name"] == "www.example.jp");
    CHECK(r.body["conflicts"] == json::array());

    r = execute(t, R"({"operation":"revert","expected_hash":")" + sha256_hex(applied) + "\"}");
    CHECK(r.exit_code == 0);
    CHECK(r.body["removed"].size() == 2);
    CHECK(t.bytes() == original);
}

TEST_CASE("execute: a stale expected hash writes nothing and says changed on disk (exit 3)", "[helper][execute]")
{
    TempTarget t(original);
    const std::string stale = sha256_hex("something else");
    for (const std::string& request :
         {R"({"operation":"apply","names":["www.example.jp"],"address":"203.0.113.10","expected_hash":")" + stale + "\"}",
          R"({"operation":"revert","expected_hash":")" + stale + "\"}"}) {
        auto r = execute(t, request);
        CHECK(r.exit_code == 3);
        CHECK(r.body["ok"] == false);
        CHECK(r.body["error"]["kind"] == "changed_on_disk");
        CHECK(r.body["error"]["exit_code"] == 3);
        CHECK(t.bytes() == original);
    }
}

TEST_CASE("execute: a conflict is exit 3 with the conflicting lines, disable_conflicts comments them out", "[helper][execute]")
{
    const std::string content = original + "192.0.2.1 www.example.jp # old server\n";
    TempTarget t(content);
    const std::string base = R"({"operation":"apply","names":["www.example.jp"],"address":"203.0.113.10","expected_hash":")" +
                             sha256_hex(content) + "\"";
    auto r = execute(t, base + "}");
    CHECK(r.exit_code == 3);
    CHECK(r.body["error"]["kind"] == "conflict");
    REQUIRE(r.body["error"]["conflicts"].size() == 1);
    CHECK(r.body["error"]["conflicts"][0]["line"] == 3);
    CHECK(r.body["error"]["conflicts"][0]["address"] == "192.0.2.1");
    CHECK(t.bytes() == content);

    r = execute(t, base + R"(,"disable_conflicts":true})");
    CHECK(r.exit_code == 0);
    REQUIRE(r.body["disabled_lines"].size() == 1);
    CHECK(r.body["disabled_lines"][0]["text"] == "192.0.2.1 www.example.jp # old server");
}

TEST_CASE("execute: restore puts back a backup, an unknown id is bad input", "[helper][execute]")
{
    TempTarget t(original);
    auto r = execute(t, R"({"operation":"apply","names":["www.example.jp"],"address":"203.0.113.10","expected_hash":")" +
                            sha256_hex(original) + "\"}");
    REQUIRE(r.exit_code == 0);
    const std::string backup = r.body["backup_id"];
    const std::string applied = t.bytes();

    r = execute(t, R"({"operation":"restore","backup_id":"nope","expected_hash":")" + sha256_hex(applied) + "\"}");
    CHECK(r.exit_code == 2);
    CHECK(t.bytes() == applied);

    r = execute(t, R"({"operation":"restore","backup_id":")" + backup + R"(","expected_hash":")" + sha256_hex(applied) + "\"}");
    INFO(r.body.dump());
    CHECK(r.exit_code == 0);
    CHECK(r.body["changed"] == true);
    CHECK(r.body["restored"] == backup);
    CHECK(t.bytes() == original);
}

TEST_CASE("execute: text from the file is made displayable in JSON", "[helper][execute]")
{
    const std::string content = original + "192.0.2.1 www.example.jp \x1b[31m\xff\n";
    TempTarget t(content);
    auto r = execute(t, R"({"operation":"apply","names":["www.example.jp"],"address":"203.0.113.10","expected_hash":")" +
                            sha256_hex(content) + "\"}");
    REQUIRE(r.exit_code == 3);
    const std::string text = r.body["error"]["conflicts"][0]["text"];
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find("\\x1B") != std::string::npos);
    CHECK(text.find("\\xFF") != std::string::npos);
}

TEST_CASE("put_text keeps any bytes: valid UTF-8 in the field, the exact bytes in _base64 when they differ", "[core][json]")
{
    using nlohmann::json;
    CHECK(fshosts::base64_encode("") == "");
    CHECK(fshosts::base64_encode("f") == "Zg==");
    CHECK(fshosts::base64_encode("fo") == "Zm8=");
    CHECK(fshosts::base64_encode("foo") == "Zm9v");
    CHECK(fshosts::base64_encode("\xff\xfe") == "//4=");
    CHECK_FALSE(fshosts::base64_decode("Zm9").has_value());
    CHECK_FALSE(fshosts::base64_decode("Zm9*").has_value());

    json plain;
    fshosts::put_text(plain, "text", "127.0.0.1 localhost");
    CHECK(plain == json{{"text", "127.0.0.1 localhost"}});  // no _base64 when the text is exact

    // Every length up to 3 * 3 and every byte value, through dump() and parse() as a reader sees it.
    std::string bytes;
    for (int i = 0; i < 256 + 9; ++i) {
        bytes.push_back(static_cast<char>((i * 37 + 11) & 0xff));
        json j;
        fshosts::put_text(j, "hosts_file", bytes);
        const json back = json::parse(j.dump());  // throws if the field is not valid UTF-8
        CHECK(fshosts::text_from_json(back, "hosts_file") == bytes);
        CHECK(fshosts::base64_decode(fshosts::base64_encode(bytes)) == bytes);
    }

    // Messages keep their line breaks and escape the rest.
    CHECK(fshosts::json_message("Cannot read /tmp/\xff\x1b[2J:\nNo such file") == "Cannot read /tmp/\\xFF\\x1B[2J:\nNo such file");
}
