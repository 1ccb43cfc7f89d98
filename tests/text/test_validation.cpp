// What fshosts accepts as a domain or an address, what it writes for it, and that everything
// else is refused with a BadInput error whose message says what is wrong.
#include "catch.h"

#include "base/error.h"
#include "base/i18n.h"
#include "text/validation.h"

#include <cstring>
#include <optional>
#include <string>
#include <string_view>

using namespace std::string_view_literals;
using fshosts::normalize_address;
using fshosts::normalize_domain;

namespace {

struct Accepted {
    std::string_view input;
    std::string_view expected;
};

struct Refused {
    std::string_view input;
    std::string_view fragment;  // a piece of the English message that names the problem
};

// The message of the BadInput error that `normalize` throws for `input`; fails the check
// (and returns "") when it returns instead or throws an error of another kind.
template <typename Normalize>
std::string refusal_message(Normalize normalize, std::string_view input)
{
    try {
        const std::string result = normalize(input);
        FAIL_CHECK("accepted, giving \"" << result << "\"");
    } catch (const fshosts::Error& e) {
        CHECK(e.kind() == fshosts::ErrorKind::BadInput);
        return e.what();
    }
    return {};
}

// Checks each input gives its expected text, and that the expected text is a fixed point.
template <typename Normalize, std::size_t N>
void check_accepted(Normalize normalize, const Accepted (&table)[N])
{
    for (const Accepted& c : table) {
        INFO("input: \"" << c.input << "\"");
        std::string result;
        CHECK_NOTHROW(result = normalize(c.input));
        CHECK(result == c.expected);
        // The managed block relies on this: what fshosts wrote reads back unchanged.
        std::string again;
        CHECK_NOTHROW(again = normalize(c.expected));
        CHECK(again == c.expected);
    }
}

template <typename Normalize, std::size_t N>
void check_refused(Normalize normalize, const Refused (&table)[N])
{
    for (const Refused& c : table) {
        INFO("input: \"" << c.input << "\"");
        const std::string message = refusal_message(normalize, c.input);
        INFO("message: " << message);
        CHECK_FALSE(message.empty());
        CHECK(message.find(c.fragment) != std::string::npos);
    }
}

const auto domain = [](std::string_view s) { return normalize_domain(s); };
const auto address = [](std::string_view s) { return normalize_address(s); };

// Installs a translator for the life of the guard.
class TranslatorGuard {
public:
    explicit TranslatorGuard(fshosts::Translator t) { fshosts::set_translator(t); }
    ~TranslatorGuard() { fshosts::set_translator(nullptr); }
    TranslatorGuard(const TranslatorGuard&) = delete;
    TranslatorGuard& operator=(const TranslatorGuard&) = delete;
};

const char* marking_translator(const char*) { return "[translated] {0}"; }

}  // namespace

// ---------------------------------------------------------------------------------------------
// normalize_domain: accepted input

TEST_CASE("normalize_domain keeps a plain lower-case domain", "[validation][domain]")
{
    const Accepted table[] = {
        {"www.example.jp", "www.example.jp"},
        {"example.jp", "example.jp"},
        {"a.b", "a.b"},
        {"shop-1.example.co.jp", "shop-1.example.co.jp"},
        {"1example.jp", "1example.jp"},
        {"123.example.jp", "123.example.jp"},  // only the last label must not be a number
        {"example.jp2", "example.jp2"},
    };
    check_accepted(domain, table);
}

TEST_CASE("normalize_domain lower-cases and drops the trailing dot", "[validation][domain]")
{
    const Accepted table[] = {
        {"WWW.EXAMPLE.JP", "www.example.jp"},
        {"Www.Example.Jp", "www.example.jp"},
        {"www.example.jp.", "www.example.jp"},
        {"WWW.EXAMPLE.JP.", "www.example.jp"},
    };
    check_accepted(domain, table);
}

TEST_CASE("normalize_domain takes the host out of a URL", "[validation][domain]")
{
    const Accepted table[] = {
        {"https://www.example.jp/shop?x=1", "www.example.jp"},
        {"http://www.example.jp", "www.example.jp"},
        {"HTTPS://WWW.EXAMPLE.JP/", "www.example.jp"},
        {"https://user@www.example.jp/", "www.example.jp"},
        {"https://user:secret@www.example.jp:8443/a/b", "www.example.jp"},
        {"http://www.example.jp:8080", "www.example.jp"},
        {"www.example.jp:8080", "www.example.jp"},
        {"www.example.jp:", "www.example.jp"},  // RFC 3986 allows an empty port
        {"www.example.jp/shop/item.html", "www.example.jp"},
        {"www.example.jp?page=2", "www.example.jp"},
        {"//www.example.jp/", "www.example.jp"},
        {"https://www.example.jp./", "www.example.jp"},
        {"https://www.example.jp\\shop", "www.example.jp"},  // browsers read '\' as '/'
    };
    check_accepted(domain, table);
}

TEST_CASE("normalize_domain folds full-width text typed with a Japanese IME", "[validation][domain]")
{
    const Accepted table[] = {
        {"ＷＷＷ．ＥＸＡＭＰＬＥ．ＪＰ", "www.example.jp"},
        {"ｗｗｗ．ｅｘａｍｐｌｅ．ｊｐ", "www.example.jp"},
        {"www。example。jp", "www.example.jp"},
        {"www｡example｡jp", "www.example.jp"},
        {"ｈｔｔｐｓ：／／ｗｗｗ．ｅｘａｍｐｌｅ．ｊｐ／ｓｈｏｐ", "www.example.jp"},
        {"ｗｗｗ．ｅｘａｍｐｌｅ．ｊｐ：８０８０", "www.example.jp"},
        {"ｓｈｏｐ－１．ｅｘａｍｐｌｅ．ｊｐ", "shop-1.example.jp"},
    };
    check_accepted(domain, table);
}

TEST_CASE("normalize_domain writes internationalised names as punycode", "[validation][domain]")
{
    const Accepted table[] = {
        {"例え.jp", "xn--r8jz45g.jp"},
        {"www.例え.jp", "www.xn--r8jz45g.jp"},
        {"https://例え．ｊｐ/", "xn--r8jz45g.jp"},
        {"例え。ＪＰ", "xn--r8jz45g.jp"},
        {"日本語。JP", "xn--wgv71a119e.jp"},
        {"straße.de", "xn--strae-oqa.de"},  // non-transitional: ß stays ß
        {"xn--r8jz45g.jp", "xn--r8jz45g.jp"},
        {"XN--R8JZ45G.JP", "xn--r8jz45g.jp"},
        {"ab--cd.例え.jp", "ab--cd.xn--r8jz45g.jp"},  // ASCII labels keep plain LDH rules
    };
    check_accepted(domain, table);
}

TEST_CASE("normalize_domain accepts '--' in the third and fourth place of an ASCII label",
          "[validation][domain]")
{
    const Accepted table[] = {
        {"ab--cd.jp", "ab--cd.jp"},
        {"www.ab--cd.example.jp", "www.ab--cd.example.jp"},
        {"a--b.jp", "a--b.jp"},
    };
    check_accepted(domain, table);
}

TEST_CASE("normalize_domain accepts names at the length limits", "[validation][domain]")
{
    const std::string label63(63, 'a');
    CHECK(normalize_domain(label63 + ".jp") == label63 + ".jp");

    // 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 characters.
    const std::string name253 = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
    REQUIRE(name253.size() == 253);
    CHECK(normalize_domain(name253) == name253);
    CHECK(normalize_domain(name253 + ".") == name253);
}

// ---------------------------------------------------------------------------------------------
// normalize_domain: refused input

TEST_CASE("normalize_domain refuses empty input", "[validation][domain]")
{
    const Refused table[] = {
        {"", "Enter a domain"},
        {"https://", "does not contain a domain"},
        {".", "does not contain a domain"},
        {"https://user@/", "does not contain a domain"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses spaces anywhere", "[validation][domain]")
{
    const Refused table[] = {
        {"www.example.jp ", "space"},
        {" www.example.jp", "space"},
        {"www.exa mple.jp", "space"},
        {"www.example.jp\t", "space"},
        {"www\u3000example.jp", "space"},     // ideographic space
        {"www.example.jp\u00A0", "space"},    // no-break space
        {"https://www.example.jp/a b", "space"},
        {"www.example.jp 203.0.113.10", "space"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses '#'", "[validation][domain]")
{
    const Refused table[] = {
        {"www.example.jp#top", "comment"},
        {"#www.example.jp", "comment"},
        {"https://www.example.jp/#section", "comment"},
        {"ｗｗｗ．ｅｘａｍｐｌｅ．ｊｐ＃", "comment"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses control characters", "[validation][domain]")
{
    const Refused table[] = {
        {"www.example.jp\x01", "control character"},
        {"a\0b.jp"sv, "control character"},
        {"www.example.jp\x7f", "control character"},
        {"\x1b[31mexample.jp", "control character"},
        {"example.jp\u009B", "control character"},  // a C1 control
        {"example.jp\v", "control character"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses line breaks", "[validation][domain]")
{
    const Refused table[] = {
        {"www.example.jp\n", "line break"},
        {"www.example.jp\r\nexample.jp", "line break"},
        {"\rwww.example.jp", "line break"},
        {"www.example.jp\u2028", "line break"},
        {"www.example.jp\u0085", "line break"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses text that is not UTF-8", "[validation][domain]")
{
    const Refused table[] = {
        {"\xff.jp", "UTF-8"},
        {"www.ex\xc3.jp", "UTF-8"},          // truncated sequence
        {"\xc0\xae.jp", "UTF-8"},            // overlong '.'
        {"\xed\xa0\x80.jp", "UTF-8"},        // a surrogate
        {"www.example.jp\xf4\x90\x80\x80", "UTF-8"},  // beyond U+10FFFF
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses wildcards", "[validation][domain]")
{
    const Refused table[] = {
        {"*.example.jp", "wildcard"},
        {"www.*.jp", "wildcard"},
        {"https://*.example.jp/", "wildcard"},
        {"＊．ｅｘａｍｐｌｅ．ｊｐ", "wildcard"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses IP addresses as the domain", "[validation][domain]")
{
    const Refused table[] = {
        {"203.0.113.10", "is an IP address"},
        {"203.0.113.10.", "is an IP address"},
        {"http://203.0.113.10/", "is an IP address"},
        {"２０３．０．１１３．１０", "is an IP address"},
        {"[2001:db8::1]", "is an IP address"},
        {"http://[::1]/", "is an IP address"},
        {"https://[2001:db8::1]:8443/", "is an IP address"},
        {"2001:db8::1", "is an IP address"},
        {"fe80::1%eth0", "is an IP address"},
        {"127.1", "is an IP address"},
        {"0x7f.0.0.1", "is an IP address"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses a name that ends in a number", "[validation][domain]")
{
    const Refused table[] = {
        {"example.123", "ends in a number"},
        {"www.example.2024", "ends in a number"},
        {"1.2.3.4.5", "ends in a number"},
        {"999.999.999.999", "ends in a number"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses localhost", "[validation][domain]")
{
    const Refused table[] = {
        {"localhost", "localhost"},
        {"LOCALHOST.", "localhost"},
        {"foo.localhost", "localhost"},
        {"http://localhost:3000/", "localhost"},
        {"ｌｏｃａｌｈｏｓｔ", "localhost"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses a single label", "[validation][domain]")
{
    const Refused table[] = {
        {"jp", "not a complete domain"},
        {"example", "not a complete domain"},
        {"EXAMPLE.", "not a complete domain"},
        {"https://intranet/", "not a complete domain"},
        {"例え", "not a complete domain"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses labels over 63 and names over 253 characters", "[validation][domain]")
{
    const std::string label64(64, 'a');
    const std::string label63(63, 'a');
    const std::string long_label_1 = label64 + ".jp";
    const std::string long_label_2 = "www." + label64 + ".example.jp";
    const std::string long_idn_label = [] {
        std::string s;
        for (int i = 0; i < 60; ++i)
            s += "例";
        return s + ".jp";
    }();
    const std::string name254 = label63 + "." + label63 + "." + label63 + "." + std::string(62, 'b');
    REQUIRE(name254.size() == 254);
    const std::string name258 = label63 + "." + label63 + "." + label63 + "." + label63 + ".jp";

    const Refused table[] = {
        {long_label_1, "63"},
        {long_label_2, "63"},
        {long_idn_label, "63"},
        {name254, "253"},
        {name258, "253"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses characters that are not letters, digits or hyphens",
          "[validation][domain]")
{
    const Refused table[] = {
        {"a_b.jp", "\"_\""},
        {"exa$mple.jp", "\"$\""},
        {"www.example.jp%", "\"%\""},
        {"a:b:c.jp", "\":\""},
        {"a_例.jp", "\"_\""},  // '_' survives UTS#46 mapping, the LDH check still sees it
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses empty labels", "[validation][domain]")
{
    const Refused table[] = {
        {"a..jp", "empty part"},
        {".example.jp", "empty part"},
        {"example.jp..", "empty part"},
        {"例え..jp", "empty part"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses a hyphen at either end of a label", "[validation][domain]")
{
    const Refused table[] = {
        {"-a.jp", "hyphen"},
        {"a-.jp", "hyphen"},
        {"www.-example.jp", "hyphen"},
        {"example.jp-", "hyphen"},
        {"例え-.jp", "hyphen"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses invalid punycode", "[validation][domain]")
{
    const Refused table[] = {
        {"xn--zzzz.jp", "xn--zzzz"},
        {"www.xn--.jp", "xn--"},
        {"xn--a.jp", "xn--a"},
        {"XN--ZZZZ.JP", "xn--zzzz"},
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses characters IDNA does not allow", "[validation][domain]")
{
    const Refused table[] = {
        {"\U0001F600.jp", "internationalised"},  // an emoji
        {"a\u202Eb.jp", "internationalised"},    // a bidi override
    };
    check_refused(domain, table);
}

TEST_CASE("normalize_domain refuses what is not a port or a URL", "[validation][domain]")
{
    const Refused table[] = {
        {"www.example.jp:80a", "port"},
        {"www.example.jp:99999", "port"},
        {"://www.example.jp", "web address"},
        {"1http://www.example.jp", "web address"},
    };
    check_refused(domain, table);
}

// ---------------------------------------------------------------------------------------------
// twin_name

TEST_CASE("twin_name pairs www with the apex", "[validation][twin]")
{
    const struct {
        std::string_view name;
        std::optional<std::string> twin;
    } table[] = {
        {"www.example.jp", "example.jp"},
        {"example.jp", "www.example.jp"},
        {"www.example.co.jp", "example.co.jp"},
        {"www.co.jp", "co.jp"},
        {"shop.example.jp", "www.shop.example.jp"},
        {"www.xn--r8jz45g.jp", "xn--r8jz45g.jp"},
        {"xn--r8jz45g.jp", "www.xn--r8jz45g.jp"},
        {"wwwexample.jp", "www.wwwexample.jp"},
        {"www.www.example.jp", "www.example.jp"},
        {"www.jp", std::nullopt},
    };
    for (const auto& c : table) {
        INFO("name: " << c.name);
        CHECK(fshosts::twin_name(c.name) == c.twin);
    }
}

TEST_CASE("twin_name gives nothing when www. would make the name too long", "[validation][twin]")
{
    const std::string label63(63, 'a');
    const std::string name249 = label63 + "." + label63 + "." + label63 + "." + std::string(57, 'b');
    REQUIRE(name249.size() == 249);
    CHECK(fshosts::twin_name(name249) == "www." + name249);
    const std::string name250 = name249 + "b";
    CHECK(fshosts::twin_name(name250) == std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// normalize_address: accepted input

TEST_CASE("normalize_address keeps a dotted-quad IPv4 address", "[validation][address]")
{
    const Accepted table[] = {
        {"203.0.113.10", "203.0.113.10"},
        {"10.0.0.1", "10.0.0.1"},
        {"192.168.0.1", "192.168.0.1"},
        {"127.0.0.1", "127.0.0.1"},  // loopback is allowed: local development servers
        {"255.255.255.254", "255.255.255.254"},
        {"223.255.255.255", "223.255.255.255"},  // just below multicast
        {"240.0.0.1", "240.0.0.1"},              // just above multicast
        {"0.0.0.1", "0.0.0.1"},
    };
    check_accepted(address, table);
}

TEST_CASE("normalize_address writes IPv6 in RFC 5952 canonical form", "[validation][address]")
{
    const Accepted table[] = {
        // RFC 5952 section 4 examples
        {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},     // the first of two equal runs
        {"2001:0db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
        {"2001:db8::0:1:0:0:1", "2001:db8::1:0:0:1"},
        {"2001:0db8::0001", "2001:db8::1"},
        {"2001:db8::1", "2001:db8::1"},
        {"2001:db8:0:0:0::1", "2001:db8::1"},
        {"2001:db8:0000:0:0:0:0:1", "2001:db8::1"},
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},  // one zero group is not compressed
        {"2001:DB8::1", "2001:db8::1"},
        {"2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa"},
        {"1:0:0:2:0:0:0:3", "1:0:0:2::3"},                 // the longest run wins
        {"2001:db8:0:0:0:0:2:1", "2001:db8::2:1"},
        {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
        // ends and loopback
        {"0:0:0:0:0:0:0:1", "::1"},
        {"::1", "::1"},
        {"1:0:0:0:0:0:0:0", "1::"},
        {"2001:db8::", "2001:db8::"},
        {"fe80::1", "fe80::1"},
        {"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"},
        {"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"},
        {"0:0:1:0:0:0:0:0", "0:0:1::"},
        // IPv4-mapped addresses in mixed notation, other embedded IPv4 in hex
        {"::ffff:192.0.2.1", "::ffff:192.0.2.1"},
        {"::FFFF:c000:0201", "::ffff:192.0.2.1"},
        {"0:0:0:0:0:ffff:7f00:1", "::ffff:127.0.0.1"},
        {"::192.0.2.1", "::c000:201"},
        {"64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
        {"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"},
    };
    check_accepted(address, table);
}

TEST_CASE("normalize_address drops one pair of brackets around IPv6", "[validation][address]")
{
    const Accepted table[] = {
        {"[2001:db8::1]", "2001:db8::1"},
        {"[::1]", "::1"},
        {"[::ffff:192.0.2.1]", "::ffff:192.0.2.1"},
    };
    check_accepted(address, table);
}

TEST_CASE("normalize_address folds full-width digits, letters, dots and colons", "[validation][address]")
{
    const Accepted table[] = {
        {"２０３．０．１１３．１０", "203.0.113.10"},
        {"２０３。０。１１３。１０", "203.0.113.10"},
        {"２０３｡０｡１１３｡１０", "203.0.113.10"},
        {"：：１", "::1"},
        {"２００１：ＤＢ８：：１", "2001:db8::1"},
        {"［２００１：ｄｂ８：：１］", "2001:db8::1"},
    };
    check_accepted(address, table);
}

// ---------------------------------------------------------------------------------------------
// normalize_address: refused input

TEST_CASE("normalize_address refuses empty input, spaces, '#', controls and line breaks",
          "[validation][address]")
{
    const Refused table[] = {
        {"", "Enter an IP address"},
        {" 203.0.113.10", "space"},
        {"203.0.113.10 ", "space"},
        {"203.0.113.10\t", "space"},
        {"２０３．０．１１３．１０\u3000", "space"},
        {"203.0.113.10\u00A0", "space"},
        {"203.0.113.10#", "comment"},
        {"#203.0.113.10", "comment"},
        {"203.0.113.10 # test", "space"},
        {"203.0.113.10\0"sv, "control character"},
        {"\x7f::1", "control character"},
        {"203.0.113.10\n", "line break"},
        {"::1\r", "line break"},
        {"203.0.113.\xff", "UTF-8"},
        {"\xc3", "UTF-8"},
    };
    check_refused(address, table);
}

TEST_CASE("normalize_address refuses IPv4 numbers with leading zeros", "[validation][address]")
{
    const Refused table[] = {
        {"01.2.3.4", "leading zero"},
        {"203.0.113.010", "leading zero"},
        {"1.2.3.00", "leading zero"},
        {"::ffff:192.0.2.01", "IPv6"},  // also in an embedded IPv4 tail, as inet_pton
    };
    check_refused(address, table);
}

TEST_CASE("normalize_address refuses IPv4 numbers over 255", "[validation][address]")
{
    const Refused table[] = {
        {"256.1.1.1", "255"},
        {"1.2.3.1000", "255"},
        {"1.2.3.99999999999999999999", "255"},
    };
    check_refused(address, table);
}

TEST_CASE("normalize_address refuses short, hex and octal IPv4 forms", "[validation][address]")
{
    const Refused table[] = {
        {"127.1", "four numbers"},
        {"10.1.1", "four numbers"},
        {"0x7f.0.0.1", "four numbers"},
        {"0x7f000001", "four numbers"},
        {"2130706433", "four numbers"},
    };
    check_refused(address, table);
}

TEST_CASE("normalize_address refuses what is not an address", "[validation][address]")
{
    const Refused table[] = {
        {"www.example.jp", "not an IP address"},
        {"1.2.3.4.5", "not an IP address"},
        {"1..2.3", "not an IP address"},
        {"1.2.3.", "not an IP address"},
        {"-1.2.3.4", "not an IP address"},
        {"[203.0.113.10]", "not an IP address"},
        {"[[::1]]", "not an IP address"},
        {"[::1", "not an IP address"},
        {"::1]", "not an IP address"},
        {"例え", "not an IP address"},
    };
    check_refused(address, table);
}

TEST_CASE("normalize_address refuses malformed IPv6", "[validation][address]")
{
    const Refused table[] = {
        {"2001:db8::1::1", "IPv6"},
        {"1:2:3:4:5:6:7:8:9", "IPv6"},
        {"1:2:3:4:5:6:7", "IPv6"},
        {"1:2:3:4:5:6:7:8::", "IPv6"},
        {"12345::1", "IPv6"},
        {":1::2", "IPv6"},
        {"1::2:", "IPv6"},
        {":::", "IPv6"},
        {"g::1", "IPv6"},
        {"1.2.3.4::", "IPv6"},
        {"::1.2.3.4:5", "IPv6"},
        {"::256.0.0.1", "IPv6"},
    };
    check_refused(address, table);
}

TEST_CASE("normalize_address refuses zone ids", "[validation][address]")
{
    const Refused table[] = {
        {"fe80::1%eth0", "zone id"},
        {"fe80::1%25eth0", "zone id"},
        {"[fe80::1%eth0]", "zone id"},
        {"fe80::1%", "zone id"},
    };
    check_refused(address, table);
}

TEST_CASE("normalize_address refuses the unspecified address", "[validation][address]")
{
    const Refused table[] = {
        {"0.0.0.0", "unspecified"},
        {"::", "unspecified"},
        {"0:0:0:0:0:0:0:0", "unspecified"},
        {"::ffff:0.0.0.0", "unspecified"},
    };
    check_refused(address, table);
}

TEST_CASE("normalize_address refuses multicast", "[validation][address]")
{
    const Refused table[] = {
        {"224.0.0.1", "multicast"},
        {"239.255.255.250", "multicast"},
        {"ff02::1", "multicast"},
        {"FF05::1:3", "multicast"},
        {"::ffff:224.0.0.251", "multicast"},
    };
    check_refused(address, table);
}

TEST_CASE("normalize_address refuses the broadcast address", "[validation][address]")
{
    const Refused table[] = {
        {"255.255.255.255", "broadcast"},
        {"::ffff:255.255.255.255", "broadcast"},
    };
    check_refused(address, table);
}

// ---------------------------------------------------------------------------------------------
// is_resolver_address: glibc's inet_pton (AF_INET, then AF_INET6), the rule of the hosts parser

TEST_CASE("is_resolver_address accepts what glibc's hosts parser reads", "[validation][hosts]")
{
    const std::string_view yes[] = {
        "10.0.0.1", "127.0.0.1", "0.0.0.0", "255.255.255.255",
        "::1", "::", "2001:db8::1", "2001:DB8::1", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1", "1::", "1:2:3:4:5:6:1.2.3.4",
    };
    for (const std::string_view token : yes) {
        INFO("token: " << token);
        CHECK(fshosts::is_resolver_address(token));
    }
}

TEST_CASE("is_resolver_address refuses what inet_aton would read but the hosts parser ignores", "[validation][hosts]")
{
    const std::string_view no[] = {
        "127.1", "1.256", "0", "4294967295",         // short inet_aton forms
        "0x7f.1", "0x7F000001", "017700000001",      // hex and octal
        "010.0.0.1", "01.2.3.4",                     // a leading zero
        "fe80::1%eth0", "fe80::1%25",                // zone ids
        "", "#", "example.jp", "localhost", "1.2.3.4.5", "256.1.1.1", "1.2.3.4.", ".1.2.3", "1..2",
        "１２７．０．０．１", "[::1]", "::1 ", "1:2:3:4:5:6:7:8:9", "2001:db8::1::1", "12345::1", ":1", "1:",
        "1:2:3:4:5:6:7:8::", "::1.2.3",
    };
    for (const std::string_view token : no) {
        INFO("token: " << token);
        CHECK_FALSE(fshosts::is_resolver_address(token));
    }
}

TEST_CASE("is_resolver_address does not throw on odd input", "[validation][hosts]")
{
    CHECK_FALSE(fshosts::is_resolver_address(std::string(100000, ':')));
    CHECK_FALSE(fshosts::is_resolver_address(std::string(100000, '1')));
    CHECK_FALSE(fshosts::is_resolver_address("\xff\xfe"sv));
    CHECK_FALSE(fshosts::is_resolver_address("1\0.2"sv));
}

// ---------------------------------------------------------------------------------------------
// Messages

TEST_CASE("refusal messages quote the input and name the problem", "[validation][messages]")
{
    CHECK(refusal_message(domain, "a_b.jp")
          == "\"a_b.jp\" contains \"_\", which cannot appear in a domain name. "
             "Use only letters, digits, hyphens (-) and dots.");
    CHECK(refusal_message(domain, "www.example.jp ")
          == "\"www.example.jp \" contains a space or tab. Enter only the domain, for example www.example.jp.");
    CHECK(refusal_message(address, "fe80::1%eth0").find("\"fe80::1%eth0\"") != std::string::npos);
}

TEST_CASE("refusal messages show control characters and broken bytes as escapes", "[validation][messages]")
{
    const std::string control = refusal_message(domain, "www.example.jp\x01");
    CHECK(control.find("\\x01") != std::string::npos);
    CHECK(control.find('\x01') == std::string::npos);

    const std::string newline = refusal_message(address, "203.0.113.10\n");
    CHECK(newline.find("\\x0A") != std::string::npos);
    CHECK(newline.find('\n') == std::string::npos);

    const std::string nul = refusal_message(domain, "a\0b.jp"sv);
    CHECK(nul.find("a\\x00b.jp") != std::string::npos);
    CHECK(nul.find('\0') == std::string::npos);

    const std::string bytes = refusal_message(domain, "\xff.jp");
    CHECK(bytes.find("\\xFF.jp") != std::string::npos);

    const std::string bidi = refusal_message(domain, "a\u202Eb.jp");
    CHECK(bidi.find("\\u202E") != std::string::npos);
    CHECK(bidi.find("\u202E") == std::string::npos);
}

TEST_CASE("refusal messages cut a long pasted text short", "[validation][messages]")
{
    const std::string message = refusal_message(domain, std::string(1000, 'a') + ".jp");
    CHECK(message.find("\u2026") != std::string::npos);
    CHECK(message.size() < 300);
}

TEST_CASE("refusal messages go through the translator", "[validation][messages]")
{
    const TranslatorGuard guard(marking_translator);
    const std::string_view domains[] = {"", "a b.jp", "a_b.jp", "localhost", "jp", "xn--zzzz.jp", "*.jp"};
    for (const std::string_view input : domains) {
        INFO("domain: \"" << input << "\"");
        CHECK(refusal_message(domain, input).starts_with("[translated]"));
    }
    const std::string_view addresses[] = {"", "01.2.3.4", "fe80::1%eth0", "ff02::1", "example.jp"};
    for (const std::string_view input : addresses) {
        INFO("address: \"" << input << "\"");
        CHECK(refusal_message(address, input).starts_with("[translated]"));
    }
}

// ---------------------------------------------------------------------------------------------
// normalize_date: the go-live date of a preview (issue 13)

const auto date = [](std::string_view s) { return fshosts::normalize_date(s); };

TEST_CASE("normalize_date accepts the ways a date is typed in Japan and writes YYYY-MM-DD", "[validation][date]")
{
    const Accepted table[] = {
        {"2026-12-24", "2026-12-24"},
        {"2026/12/24", "2026-12-24"},
        {"2026/1/5", "2026-01-05"},
        {"2026.01.05", "2026-01-05"},
        {" 2026-12-24 ", "2026-12-24"},
        {"\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96\xEF\xBC\x8F\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x8F\xEF\xBC\x92\xEF\xBC\x94",
         "2026-12-24"},                                                  // ２０２６／１２／２４
        {"2026\xE5\xB9\xB4" "12\xE6\x9C\x88" "24\xE6\x97\xA5", "2026-12-24"},  // 2026年12月24日
        {"2028-02-29", "2028-02-29"},                                    // a leap year
    };
    check_accepted(date, table);
}

TEST_CASE("normalize_date refuses what is not a real date", "[validation][date]")
{
    const Refused table[] = {
        {"", "is not a date"},           {"2026-02-29", "is not a date"}, {"2026-13-01", "is not a date"},
        {"2026-12-32", "is not a date"}, {"26-12-24", "is not a date"},   {"2026-12", "is not a date"},
        {"2026-12-24-1", "is not a date"}, {"2026-12-", "is not a date"}, {"1999-12-31", "is not a date"},
        {"2100-01-01", "is not a date"}, {"tomorrow", "is not a date"},   {"2026-12-24\n", "is not a date"},
        {"2026--12-24", "is not a date"}, {"2026-012-24", "is not a date"}, {"\xff", "is not a date"},
    };
    check_refused(date, table);
}
