// The Windows helper's command line (platform/helper_command_line.h): base64url, the size cap,
// quoting for CommandLineToArgvW, and the helper's parsing of its arguments. Pure text: runs on
// Linux (label unit) and under Wine (label windows), where the quoting is also checked against
// Windows' own CommandLineToArgvW.
#include "catch.h"

#include "platform/helper_command_line.h"

#include <string>
#include <vector>

#ifdef _WIN32
#include <windows.h>
#include <shellapi.h>
#endif

using namespace fshosts::platform;

namespace {

// Every byte value, and the lengths around each multiple of three.
std::string all_bytes()
{
    std::string bytes;
    for (int i = 0; i < 256; ++i)
        bytes += static_cast<char>(i);
    return bytes;
}

}  // namespace

TEST_CASE("base64url: RFC 4648 vectors, no padding, URL-safe alphabet")
{
    CHECK(base64url_encode("") == "");
    CHECK(base64url_encode("f") == "Zg");
    CHECK(base64url_encode("fo") == "Zm8");
    CHECK(base64url_encode("foo") == "Zm9v");
    CHECK(base64url_encode("foob") == "Zm9vYg");
    CHECK(base64url_encode("fooba") == "Zm9vYmE");
    CHECK(base64url_encode("foobar") == "Zm9vYmFy");
    CHECK(base64url_encode("\xfb\xff\xbf") == "-_-_");  // '+' and '/' in standard base64
    const std::string bytes = all_bytes();
    for (std::size_t n = 0; n <= bytes.size(); ++n) {
        const std::string text = base64url_encode(bytes.substr(0, n));
        CHECK(text.find_first_of("+/=") == std::string::npos);
        REQUIRE(base64url_decode(text) == bytes.substr(0, n));
    }
}

TEST_CASE("base64url: only the canonical unpadded form decodes")
{
    CHECK(base64url_decode("Zm9v") == std::string("foo"));
    CHECK_FALSE(base64url_decode("Zm9vYg=="));  // padding
    CHECK_FALSE(base64url_decode("Zm9+"));      // standard alphabet
    CHECK_FALSE(base64url_decode("Zm9/"));
    CHECK_FALSE(base64url_decode("Zm 9v"));
    CHECK_FALSE(base64url_decode("Zm9vY"));  // a length base64 cannot have
    CHECK_FALSE(base64url_decode("Zh"));     // bits after the last byte
    CHECK(base64url_decode("Zg") == std::string("f"));
}

TEST_CASE("quote_windows_argument: the rules of CommandLineToArgvW")
{
    CHECK(quote_windows_argument("apply") == "apply");
    CHECK(quote_windows_argument("") == "\"\"");
    CHECK(quote_windows_argument("a b") == "\"a b\"");
    CHECK(quote_windows_argument("C:\\Program Files\\x\\") == "\"C:\\Program Files\\x\\\\\"");
    CHECK(quote_windows_argument("a\\b") == "a\\b");              // backslashes alone stay literal
    CHECK(quote_windows_argument("say \"hi\"") == "\"say \\\"hi\\\"\"");
    CHECK(quote_windows_argument("a\\\"b") == "\"a\\\\\\\"b\"");  // a\"b: two backslashes for one, one for the quote
    CHECK(quote_windows_argument("tab\there") == "\"tab\there\"");
    CHECK(windows_command_line({"apply", "--request", "e30", "x y"}) == "apply --request e30 \"x y\"");
}

#ifdef _WIN32
TEST_CASE("quote_windows_argument: Windows reads every argument back (CommandLineToArgvW)")
{
    const std::vector<std::wstring> args{L"apply", L"", L"a b", L"C:\\Program Files\\x\\", L"say \"hi\"", L"a\\\"b",
                                         L"\\\\server\\share\\", L"\"", L"\\", L"tab\there", L"日本語 テスト"};
    std::vector<std::string> utf8;
    for (const std::wstring& arg : args) {
        const int n = WideCharToMultiByte(CP_UTF8, 0, arg.data(), static_cast<int>(arg.size()), nullptr, 0, nullptr, nullptr);
        std::string s(static_cast<std::size_t>(n), '\0');
        WideCharToMultiByte(CP_UTF8, 0, arg.data(), static_cast<int>(arg.size()), s.data(), n, nullptr, nullptr);
        utf8.push_back(s);
    }
    // The program name comes first and is parsed by other rules; ours follow it.
    const std::string line = "fshosts-helper.exe " + windows_command_line(utf8);
    const int wn = MultiByteToWideChar(CP_UTF8, 0, line.data(), static_cast<int>(line.size()), nullptr, 0);
    std::wstring wide(static_cast<std::size_t>(wn), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, line.data(), static_cast<int>(line.size()), wide.data(), wn);
    int argc = 0;
    wchar_t** argv = CommandLineToArgvW(wide.c_str(), &argc);
    REQUIRE(argv != nullptr);
    REQUIRE(argc == static_cast<int>(args.size()) + 1);
    for (std::size_t i = 0; i < args.size(); ++i)
        CHECK(std::wstring(argv[i + 1]) == args[i]);
    LocalFree(argv);
}
#endif

TEST_CASE("helper_arguments: the request on the command line, capped at 16 KiB")
{
    const std::string request = R"({"operation":"apply","names":["www.example.jp"]})";
    const auto args = helper_arguments("apply", request, "1234:5678");
    REQUIRE(args);
    CHECK(*args == std::vector<std::string>{"apply", "--request", base64url_encode(request), "--response-pipe", "1234:5678"});
    CHECK(helper_arguments("apply", request, "")->size() == 3);

    const std::string largest(max_command_line_request_bytes, 'x');
    REQUIRE(helper_arguments("apply", largest, "1:2"));
    CHECK(windows_command_line(*helper_arguments("apply", largest, "4294967295:18446744073709551615")).size() < 32767 - 520);
    CHECK_FALSE(helper_arguments("apply", largest + "x", "1:2"));
}

TEST_CASE("parse_helper_arguments: exactly OPERATION --request X [--response-pipe Y]")
{
    const std::string request = R"({"operation":"revert"})";
    const auto args = *helper_arguments("revert", request, "42:100");
    HelperArguments parsed = parse_helper_arguments(args);
    CHECK(parsed.valid);
    CHECK(parsed.operation == "revert");
    CHECK(parsed.request == request);
    CHECK(parsed.request_error.empty());
    CHECK(parsed.response_pipe == "42:100");

    parsed = parse_helper_arguments({"status", "--request", "e30"});
    CHECK(parsed.valid);
    CHECK(parsed.request == "{}");
    CHECK(parsed.response_pipe.empty());

    // Malformed: nothing, no request, twice the request, an unknown option, a missing value.
    for (const std::vector<std::string>& bad :
         {std::vector<std::string>{}, {"apply"}, {"apply", "--request", "e30", "--request", "e30"},
          {"apply", "--request", "e30", "--hosts", "C:\\x"}, {"apply", "--request"}, {"apply", "--response-pipe", "1:2"}}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_helper_arguments(bad).valid);
        CHECK(parse_helper_arguments(bad).operation.empty());
    }
    // The pipe is known even when the rest is wrong, so the refusal can still be answered.
    CHECK(parse_helper_arguments({"apply", "--response-pipe", "1:2"}).response_pipe == "1:2");

    // Valid form, unusable request: not base64url, or larger than the cap.
    parsed = parse_helper_arguments({"apply", "--request", "e30="});
    CHECK(parsed.valid);
    CHECK_FALSE(parsed.request_error.empty());
    parsed = parse_helper_arguments({"apply", "--request", base64url_encode(std::string(max_command_line_request_bytes + 1, 'x'))});
    CHECK(parsed.valid);
    CHECK(parsed.request_error.find("16384") != std::string::npos);
    CHECK(parsed.request.empty());
}

TEST_CASE("parse_pipe_reference: two decimal numbers")
{
    const auto reference = parse_pipe_reference("4242:1234");
    REQUIRE(reference);
    CHECK(reference->process_id == 4242);
    CHECK(reference->handle_value == 1234);
    for (const char* bad : {"", "42", ":1", "1:", "-1:2", "1:+2", "0x10:2", "1:2:3", "1 :2", "99999999999:1"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_pipe_reference(bad));
    }
}
