#include "text/validation.h"

#include "text/protected_names.h"

#include "base/error.h"
#include "base/i18n.h"
#include "base/utf8.h"

#include <idn2.h>

#include <algorithm>
#include <cstdio>
#include <chrono>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts {
namespace {

constexpr std::size_t max_label_length = 63;
constexpr std::size_t max_name_length = 253;
// Messages quote at most this many characters of the input, so a pasted page stays readable.
constexpr std::size_t max_quoted_chars = 80;

[[noreturn]] void bad_input(const std::string& message)
{
    throw Error(ErrorKind::BadInput, message);
}

// ---------------------------------------------------------------------------------------------
// Character classes

bool is_line_break(char32_t c)
{
    return c == U'\n' || c == U'\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

// Unicode White_Space, less the line breaks (reported separately) and the C0 controls other
// than tab (reported as control characters).
bool is_space(char32_t c)
{
    return c == U' ' || c == U'\t' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
        || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_hex(char c) { return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

unsigned hex_value(char c)
{
    if (is_ascii_digit(c))
        return static_cast<unsigned>(c - '0');
    return static_cast<unsigned>(ascii_lower(c) - 'a' + 10);
}

bool all_ascii(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool all_digits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), is_ascii_digit);
}

// The input as it can safely appear inside a message: control and bidi characters and bytes
// that are not UTF-8 become escapes (\x0A, \u202E), long input is cut short with an ellipsis.
std::string quote_for_message(std::string_view input)
{
    return displayable(input, DisplayOptions{.max_bytes = std::string_view::npos,
                                             .max_chars = max_quoted_chars,
                                             .keep_tabs = false,
                                             .ellipsis = "\u2026"});
}

// Full-width ASCII (U+FF01-U+FF5E) to ASCII, the ideographic space to a space and the
// ideographic and half-width full stops to '.', so text typed with a Japanese IME reads as
// the ASCII it looks like. Done before URL parsing so `ｈｔｔｐｓ：／／` is a scheme too.
char32_t fold_width(char32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFEE0;
    if (c == 0x3000)
        return U' ';
    if (c == 0x3002 || c == 0xFF61)
        return U'.';
    return c;
}

enum class Field { Domain, Address };

// The second sentence of the character messages: what to type instead.
std::string enter_only_hint(Field field)
{
    return field == Field::Domain ? _("Enter only the domain, for example www.example.jp.")
                                  : _("Enter only the IP address, for example 203.0.113.10.");
}

// Decodes and folds the input, refusing what can never be part of a domain or an address:
// nothing at all, text that is not UTF-8, line breaks, control characters, spaces and '#'.
// The checks run over the whole input so that a URL with a space in its path is refused too:
// whatever is pasted into one field must be one token.
std::string decode_and_fold(std::string_view input, Field field)
{
    if (input.empty()) {
        bad_input(field == Field::Domain ? _("Enter a domain, for example www.example.jp.")
                                         : _("Enter an IP address, for example 203.0.113.10."));
    }
    const std::string quoted = quote_for_message(input);
    const auto decoded = utf8::decode(input);
    if (!decoded) {
        // TRANSLATORS: {0} is the user's input with the broken bytes shown as \xNN.
        bad_input(trf("\"{0}\" contains bytes that are not valid UTF-8 text. Type it again.", quoted));
    }
    std::u32string folded;
    for (const char32_t c : *decoded)
        folded.push_back(fold_width(c));

    const auto has = [&folded](auto predicate) { return std::any_of(folded.begin(), folded.end(), predicate); };
    if (has(is_line_break)) {
        // TRANSLATORS: {1} is "Enter only the domain, ..." or "Enter only the IP address, ...".
        bad_input(trf("\"{0}\" contains a line break. {1}", quoted, enter_only_hint(field)));
    }
    if (has([](char32_t c) { return utf8::is_control(c) && c != U'\t'; })) {
        // TRANSLATORS: {0} shows the control character as \xNN; {1} is "Enter only the ...".
        bad_input(trf("\"{0}\" contains an invisible control character. {1}", quoted, enter_only_hint(field)));
    }
    if (has(is_space)) {
        // TRANSLATORS: also used for no-break and full-width spaces. {1} is "Enter only the ...".
        bad_input(trf("\"{0}\" contains a space or tab. {1}", quoted, enter_only_hint(field)));
    }
    if (has([](char32_t c) { return c == U'#'; })) {
        // TRANSLATORS: '#' starts a comment in the hosts file. {1} is "Enter only the ...".
        bad_input(trf("\"{0}\" contains \"#\", which starts a comment in the hosts file. {1}", quoted,
                      enter_only_hint(field)));
    }
    std::string out;
    for (const char32_t c : folded)
        utf8::append(out, c);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Address parsers (own code: no inet_pton, no socket headers, so mingw-w64 builds it as is)

using Ipv4 = std::array<std::uint8_t, 4>;
using Ipv6 = std::array<std::uint16_t, 8>;

enum class Ipv4Problem { None, Form, LeadingZero, TooLarge };

// Strict dotted quad: exactly four decimal numbers 0-255 without leading zeros.
Ipv4Problem parse_ipv4_strict(std::string_view s, Ipv4& out)
{
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t dot = s.find('.', start);
        parts.push_back(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    if (parts.size() != 4 || !std::all_of(parts.begin(), parts.end(), all_digits))
        return Ipv4Problem::Form;
    if (std::any_of(parts.begin(), parts.end(), [](std::string_view p) { return p.size() > 1 && p[0] == '0'; }))
        return Ipv4Problem::LeadingZero;
    for (std::size_t k = 0; k < 4; ++k) {
        if (parts[k].size() > 3)
            return Ipv4Problem::TooLarge;
        unsigned value = 0;
        for (const char c : parts[k])
            value = value * 10 + static_cast<unsigned>(c - '0');
        if (value > 255)
            return Ipv4Problem::TooLarge;
        out[k] = static_cast<std::uint8_t>(value);
    }
    return Ipv4Problem::None;
}

// What glibc's inet_aton() accepts: one to four parts separated by dots, each decimal, octal
// (leading 0) or hex (0x); the last part fills the remaining bytes (a.b.c.d, a.b.c with c as
// 16 bits, a.b with b as 24 bits, a as 32 bits). Like glibc, a non-final part may be a bare
// "0x" (read as 0), and nothing may follow the last part.
bool parse_ipv4_lenient(std::string_view s)
{
    constexpr std::array<std::uint64_t, 4> last_part_max = {0xFFFFFFFF, 0xFFFFFF, 0xFFFF, 0xFF};
    std::size_t parts_before = 0;
    std::size_t i = 0;
    for (;;) {
        if (i >= s.size() || !is_ascii_digit(s[i]))
            return false;
        unsigned base = 10;
        bool has_digit = false;
        if (s[i] == '0') {
            base = 8;
            ++i;
            if (i < s.size() && (s[i] == 'x' || s[i] == 'X')) {
                base = 16;
                ++i;
            } else {
                has_digit = true;
            }
        }
        std::uint64_t value = 0;
        for (; i < s.size(); ++i) {
            const char c = s[i];
            if (is_ascii_digit(c)) {
                if (base == 8 && (c == '8' || c == '9'))
                    return false;
            } else if (!(base == 16 && is_ascii_hex(c))) {
                break;
            }
            value = value * base + hex_value(c);
            has_digit = true;
            if (value > 0xFFFFFFFF)
                return false;
        }
        if (i < s.size() && s[i] == '.') {
            if (parts_before == 3 || value > 0xFF)
                return false;
            ++parts_before;
            ++i;
            continue;
        }
        return i == s.size() && has_digit && value <= last_part_max[parts_before];
    }
}

// Appends the 16-bit groups of one side of "::" to `groups`. `ipv4_tail_allowed` says whether
// this side ends the address, where the last 32 bits may be written as a dotted quad.
bool parse_ipv6_groups(std::string_view s, bool ipv4_tail_allowed, std::vector<std::uint16_t>& groups)
{
    if (s.empty())
        return true;
    for (std::size_t start = 0;;) {
        const std::size_t colon = s.find(':', start);
        const std::string_view piece =
            s.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
        const bool last = colon == std::string_view::npos;
        if (last && ipv4_tail_allowed && piece.find('.') != std::string_view::npos) {
            // RFC 4291 2.2(3) dotted decimal: strict, as inet_pton reads it.
            Ipv4 v4{};
            if (parse_ipv4_strict(piece, v4) != Ipv4Problem::None)
                return false;
            groups.push_back(static_cast<std::uint16_t>(v4[0] << 8 | v4[1]));
            groups.push_back(static_cast<std::uint16_t>(v4[2] << 8 | v4[3]));
            return true;
        }
        if (piece.empty() || piece.size() > 4 || !std::all_of(piece.begin(), piece.end(), is_ascii_hex))
            return false;
        unsigned value = 0;
        for (const char c : piece)
            value = value * 16 + hex_value(c);
        groups.push_back(static_cast<std::uint16_t>(value));
        if (last)
            return true;
        start = colon + 1;
    }
}

// Any RFC 4291 2.2 text form, without zone id or brackets.
std::optional<Ipv6> parse_ipv6(std::string_view s)
{
    std::vector<std::uint16_t> head;
    std::vector<std::uint16_t> tail;
    const std::size_t gap = s.find("::");
    if (gap == std::string_view::npos) {
        if (!parse_ipv6_groups(s, true, head) || head.size() != 8)
            return std::nullopt;
    } else {
        if (s.find("::", gap + 1) != std::string_view::npos)
            return std::nullopt;
        if (!parse_ipv6_groups(s.substr(0, gap), false, head) || !parse_ipv6_groups(s.substr(gap + 2), true, tail))
            return std::nullopt;
        // "::" stands for at least one group of zeros.
        if (head.size() + tail.size() > 7)
            return std::nullopt;
    }
    Ipv6 address{};
    std::copy(head.begin(), head.end(), address.begin());
    std::copy(tail.begin(), tail.end(), address.end() - static_cast<std::ptrdiff_t>(tail.size()));
    return address;
}

bool is_ipv4_mapped(const Ipv6& a)
{
    return a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0 && a[4] == 0 && a[5] == 0xFFFF;
}

std::string format_ipv4(const Ipv4& a)
{
    return fmt::format("{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
}

Ipv4 mapped_ipv4(const Ipv6& a)
{
    return {static_cast<std::uint8_t>(a[6] >> 8), static_cast<std::uint8_t>(a[6] & 0xFF),
            static_cast<std::uint8_t>(a[7] >> 8), static_cast<std::uint8_t>(a[7] & 0xFF)};
}

// RFC 5952 section 4 and 5: lower-case hex without leading zeros, the longest run of two or
// more zero groups (the first one on a tie) as "::", IPv4-mapped addresses in mixed notation.
std::string format_ipv6(const Ipv6& a)
{
    if (is_ipv4_mapped(a))
        return "::ffff:" + format_ipv4(mapped_ipv4(a));
    std::size_t best_start = 0;
    std::size_t best_length = 0;
    for (std::size_t k = 0; k < 8;) {
        if (a[k] != 0) {
            ++k;
            continue;
        }
        std::size_t end = k;
        while (end < 8 && a[end] == 0)
            ++end;
        if (end - k > best_length)
            best_start = k, best_length = end - k;
        k = end;
    }
    if (best_length < 2)
        best_length = 0;
    std::string out;
    for (std::size_t k = 0; k < 8; ++k) {
        if (best_length != 0 && k == best_start) {
            out += "::";
            k += best_length - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':')
            out += ':';
        out += fmt::format("{:x}", a[k]);
    }
    return out;
}

// The checks shared by plain and IPv4-mapped addresses.
void check_ipv4_usable(const Ipv4& a, const std::string& quoted)
{
    if (a == Ipv4{0, 0, 0, 0}) {
        bad_input(trf("\"{0}\" is the unspecified address and cannot be used. "
                      "Enter the web server's address, for example 203.0.113.10.",
                      quoted));
    }
    if (a[0] >= 224 && a[0] <= 239) {
        bad_input(trf("\"{0}\" is a multicast address and cannot be used. "
                      "Enter the web server's address, for example 203.0.113.10.",
                      quoted));
    }
    if (a == Ipv4{255, 255, 255, 255}) {
        bad_input(trf("\"{0}\" is the broadcast address and cannot be used. "
                      "Enter the web server's address, for example 203.0.113.10.",
                      quoted));
    }
}

[[noreturn]] void not_an_address(const std::string& quoted)
{
    bad_input(trf("\"{0}\" is not an IP address. "
                  "Enter an IPv4 address such as 203.0.113.10 or an IPv6 address such as 2001:db8::1.",
                  quoted));
}

std::string normalize_ipv6(std::string_view text, const std::string& quoted)
{
    if (const std::size_t percent = text.find('%'); percent != std::string_view::npos) {
        if (parse_ipv6(text.substr(0, percent))) {
            // TRANSLATORS: a zone id is the "%eth0" in "fe80::1%eth0".
            bad_input(trf("\"{0}\" has a zone id (the part after \"%\"). Zone ids are not allowed in the "
                          "hosts file; enter the address without it.",
                          quoted));
        }
        not_an_address(quoted);
    }
    const auto address = parse_ipv6(text);
    if (!address) {
        bad_input(trf("\"{0}\" is not a valid IPv6 address. Write it like 2001:db8::1.", quoted));
    }
    if (*address == Ipv6{}) {
        bad_input(trf("\"{0}\" is the unspecified address and cannot be used. "
                      "Enter the web server's address, for example 2001:db8::1.",
                      quoted));
    }
    if ((*address)[0] >> 8 == 0xFF) {
        bad_input(trf("\"{0}\" is a multicast address and cannot be used. "
                      "Enter the web server's address, for example 2001:db8::1.",
                      quoted));
    }
    // An IPv4-mapped address reaches the IPv4 address it holds, so the IPv4 rules apply.
    if (is_ipv4_mapped(*address))
        check_ipv4_usable(mapped_ipv4(*address), quoted);
    return format_ipv6(*address);
}

std::string normalize_ipv4(std::string_view text, const std::string& quoted)
{
    Ipv4 address{};
    switch (parse_ipv4_strict(text, address)) {
    case Ipv4Problem::None:
        break;
    case Ipv4Problem::LeadingZero:
        // TRANSLATORS: "octal" as in base-8 numbers; 010 can mean 8.
        bad_input(trf("\"{0}\" has a number with a leading zero, which some programs read as octal. "
                      "Write each number without leading zeros, for example 192.0.2.1.",
                      quoted));
    case Ipv4Problem::TooLarge:
        bad_input(trf("\"{0}\" has a number larger than 255. Each of the four numbers of an IPv4 address "
                      "is between 0 and 255.",
                      quoted));
    case Ipv4Problem::Form:
        // Short, hex and octal forms (127.1, 0x7f.0.0.1) mean something to resolvers, but not
        // the same thing to everyone: fshosts only writes the form nobody misreads.
        if (parse_ipv4_lenient(text)) {
            bad_input(trf("\"{0}\" is not in the usual form. Write the IPv4 address as four numbers from 0 to "
                          "255 separated by dots, for example 203.0.113.10.",
                          quoted));
        }
        not_an_address(quoted);
    }
    check_ipv4_usable(address, quoted);
    return format_ipv4(address);
}

// ---------------------------------------------------------------------------------------------
// Domains

std::vector<std::string_view> split_labels(std::string_view name)
{
    std::vector<std::string_view> labels;
    for (std::size_t start = 0;;) {
        const std::size_t dot = name.find('.', start);
        labels.push_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos)
            return labels;
        start = dot + 1;
    }
}

[[noreturn]] void ip_as_domain(const std::string& quoted)
{
    bad_input(trf("\"{0}\" is an IP address. Enter it as the address, and enter the domain name, "
                  "for example www.example.jp, as the domain.",
                  quoted));
}

// The host part of what was typed: everything but an optional scheme ("https://"), user info
// ("user@"), port (":8080"), path, query and a browser's backslash. `text` is already folded.
std::string_view extract_host(std::string_view text, const std::string& quoted)
{
    std::string_view rest = text;
    if (const std::size_t sep = rest.find("://"); sep != std::string_view::npos) {
        const std::string_view scheme = rest.substr(0, sep);
        const bool scheme_ok = !scheme.empty() && is_ascii_alpha(scheme[0])
            && std::all_of(scheme.begin(), scheme.end(), [](char c) {
                   return is_ascii_alpha(c) || is_ascii_digit(c) || c == '+' || c == '-' || c == '.';
               });
        if (!scheme_ok) {
            bad_input(trf("\"{0}\" is not a valid web address. Enter a domain such as www.example.jp or a URL "
                          "such as https://www.example.jp/.",
                          quoted));
        }
        rest.remove_prefix(sep + 3);
    } else if (rest.starts_with("//")) {
        rest.remove_prefix(2);
    }
    std::string_view host = rest.substr(0, rest.find_first_of("/?\\"));
    if (const std::size_t at = host.rfind('@'); at != std::string_view::npos)
        host.remove_prefix(at + 1);
    if (host.starts_with('['))
        ip_as_domain(quoted);
    if (std::count(host.begin(), host.end(), ':') > 1) {
        if (parse_ipv6(host) || parse_ipv6(host.substr(0, host.find('%'))))
            ip_as_domain(quoted);
        // Otherwise the label check below names ':' as the character that does not belong.
    } else if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) {
        // RFC 3986 allows an empty port ("example.jp:"); a port is at most 65535.
        const std::string_view port = host.substr(colon + 1);
        const bool port_ok = port.empty()
            || (port.size() <= 5 && all_digits(port) && std::stoul(std::string(port)) <= 65535);
        if (!port_ok) {
            // TRANSLATORS: {1} is the text after the colon, for example "80a".
            bad_input(trf("\"{0}\" has \"{1}\" after the colon, which is not a port number. "
                          "Enter only the domain, for example www.example.jp.",
                          quoted, quote_for_message(port)));
        }
        host = host.substr(0, colon);
    }
    return host;
}

// Punycode that decodes, passes IDNA2008 (UTS#46 non-transitional) and encodes back to itself.
bool valid_a_label(std::string_view label)
{
    const std::string text(label);
    char* unicode = nullptr;
    if (idn2_to_unicode_8z8z(text.c_str(), &unicode, 0) != IDN2_OK) {
        idn2_free(unicode);
        return false;
    }
    char* ascii = nullptr;
    const int rc = idn2_to_ascii_8z(unicode, &ascii, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    const bool ok = rc == IDN2_OK && ascii != nullptr && text == ascii;
    idn2_free(unicode);
    idn2_free(ascii);
    return ok;
}

[[noreturn]] void label_too_long(const std::string& quoted)
{
    bad_input(trf("\"{0}\" has a part longer than 63 characters. Each part between dots may have at "
                  "most 63 characters.",
                  quoted));
}

[[noreturn]] void hyphen_at_end(const std::string& quoted)
{
    bad_input(trf("\"{0}\" has a part that starts or ends with a hyphen (-), which domain names do not allow.",
                  quoted));
}

// One label that holds non-ASCII characters, to its A-label by UTS#46 (mapping, NFC,
// IDNA2008 rules). ASCII labels never come here: libidn2 would refuse legal LDH names such
// as "ab--cd" (CheckHyphens).
std::string to_a_label(std::string_view label, const std::string& quoted)
{
    const std::string text(label);
    char* ascii = nullptr;
    const int rc = idn2_to_ascii_8z(text.c_str(), &ascii, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    if (rc != IDN2_OK || ascii == nullptr) {
        idn2_free(ascii);
        // libidn2 reports a label too long for its punycode buffer as PUNYCODE_BIG_OUTPUT.
        if (rc == IDN2_TOO_BIG_LABEL || rc == IDN2_TOO_BIG_DOMAIN || rc == IDN2_PUNYCODE_BIG_OUTPUT)
            label_too_long(quoted);
        if (rc == IDN2_HYPHEN_STARTEND)
            hyphen_at_end(quoted);
        // TRANSLATORS: {1} is the part of the domain (between dots) that cannot be used.
        bad_input(trf("\"{0}\" cannot be used as an internationalised domain name: \"{1}\" contains "
                      "characters, or a combination of characters, that domain names do not allow.",
                      quoted, quote_for_message(label)));
    }
    std::string out(ascii);
    idn2_free(ascii);
    return out;
}

// The final checks, on the lower-case ASCII form of the name.
void check_ascii_name(std::string_view name, const std::string& quoted)
{
    if (parse_ipv4_lenient(name))
        ip_as_domain(quoted);
    const std::vector<std::string_view> labels = split_labels(name);
    if (labels.back() == "localhost") {
        bad_input(trf("\"{0}\" is a name of this computer (localhost) and cannot be redirected. "
                      "Enter the site's domain, for example www.example.jp.",
                      quoted));
    }
    for (const std::string_view label : labels) {
        if (label.empty()) {
            bad_input(trf("\"{0}\" has an empty part between dots. Check for a doubled dot or a dot at the "
                          "start.",
                          quoted));
        }
        const auto bad = std::find_if(label.begin(), label.end(), [](char c) {
            return !(is_ascii_alpha(c) || is_ascii_digit(c) || c == '-');
        });
        if (bad != label.end()) {
            // TRANSLATORS: {1} is the one character that is not allowed, for example "_".
            bad_input(trf("\"{0}\" contains \"{1}\", which cannot appear in a domain name. Use only letters, "
                          "digits, hyphens (-) and dots.",
                          quoted, quote_for_message(std::string_view(&*bad, 1))));
        }
        if (label.size() > max_label_length)
            label_too_long(quoted);
        if (label.front() == '-' || label.back() == '-')
            hyphen_at_end(quoted);
    }
    if (labels.size() < 2) {
        bad_input(trf("\"{0}\" is not a complete domain. Enter the full name with its ending, for example "
                      "www.example.jp.",
                      quoted));
    }
    if (name.size() > max_name_length) {
        bad_input(trf("\"{0}\" is longer than 253 characters, the limit for a domain name.", quoted));
    }
    if (all_digits(labels.back())) {
        bad_input(trf("\"{0}\" ends in a number. A domain ends in a name such as .jp or .com.", quoted));
    }
    for (const std::string_view label : labels) {
        if (label.starts_with("xn--") && !valid_a_label(label)) {
            // TRANSLATORS: "xn--" labels are the ASCII (punycode) form of international domain names.
            bad_input(trf("\"{0}\" contains \"{1}\", which is not a valid internationalised (xn--) label.",
                          quoted, std::string(label)));
        }
    }
}

}  // namespace

std::string normalize_domain(std::string_view input)
{
    const std::string folded = decode_and_fold(input, Field::Domain);
    const std::string quoted = quote_for_message(input);
    if (folded.find('*') != std::string::npos) {
        bad_input(trf("\"{0}\" contains \"*\". The hosts file does not support wildcards; enter each name "
                      "separately, for example www.example.jp and example.jp.",
                      quoted));
    }
    std::string_view host = extract_host(folded, quoted);
    if (host.ends_with('.'))
        host.remove_suffix(1);  // the root: "example.jp." is "example.jp"
    if (host.empty()) {
        bad_input(trf("\"{0}\" does not contain a domain. Enter a domain, for example www.example.jp.", quoted));
    }

    std::string name;
    if (all_ascii(host)) {
        std::transform(host.begin(), host.end(), std::back_inserter(name), ascii_lower);
    } else {
        // Label by label, so ASCII labels next to an IDN label keep plain LDH rules. UTS#46 may
        // map a character to a dot; check_ascii_name splits the result again.
        bool first = true;
        for (const std::string_view label : split_labels(host)) {
            if (!first)
                name += '.';
            first = false;
            if (all_ascii(label))
                std::transform(label.begin(), label.end(), std::back_inserter(name), ascii_lower);
            else
                name += to_a_label(label, quoted);
        }
    }
    check_ascii_name(name, quoted);
    return name;
}

std::optional<std::string> twin_name(std::string_view normalized_domain)
{
    if (normalized_domain.empty())
        return std::nullopt;
    if (normalized_domain.starts_with("www.")) {
        const std::string_view apex = normalized_domain.substr(4);
        if (apex.find('.') == std::string_view::npos)
            return std::nullopt;
        return std::string(apex);
    }
    if (normalized_domain.size() + 4 > max_name_length)
        return std::nullopt;
    return "www." + std::string(normalized_domain);
}

std::string normalize_address(std::string_view input)
{
    std::string text = decode_and_fold(input, Field::Address);
    const std::string quoted = quote_for_message(input);
    if (!all_ascii(text))
        not_an_address(quoted);
    // One pair of brackets around an IPv6 address is accepted and dropped: it is how addresses
    // appear in URLs ("http://[2001:db8::1]/"), so people copy them that way.
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
        text = text.substr(1, text.size() - 2);
        if (text.find(':') == std::string::npos)
            not_an_address(quoted);
    }
    if (text.find_first_of("[]") != std::string::npos)
        not_an_address(quoted);
    if (text.find(':') != std::string::npos)
        return normalize_ipv6(text, quoted);
    return normalize_ipv4(text, quoted);
}

std::string normalize_date(std::string_view input)
{
    const std::string quoted = quote_for_message(input);
    auto refuse = [&]() -> std::string {
        // TRANSLATORS: {0} is what the user typed.
        bad_input(trf("\"{0}\" is not a date. Enter the go-live date as YYYY-MM-DD, for example 2026-12-24.", quoted));
        return {};
    };
    const auto decoded = utf8::decode(input);
    if (!decoded)
        return refuse();
    // Digits and separators: '-', '/', '.', or the kanji 年 and 月 (日 may end the text).
    std::vector<unsigned> parts{0};
    std::vector<std::size_t> digits{0};
    std::size_t i = 0;
    std::u32string text;
    for (const char32_t c : *decoded)
        text.push_back(fold_width(c));
    while (!text.empty() && text.front() == U' ')
        text.erase(text.begin());
    while (!text.empty() && text.back() == U' ')
        text.pop_back();
    if (!text.empty() && text.back() == U'\u65E5')  // 日
        text.pop_back();
    for (; i < text.size(); ++i) {
        const char32_t c = text[i];
        if (c >= U'0' && c <= U'9') {
            if (++digits.back() > 4)
                return refuse();
            parts.back() = parts.back() * 10 + static_cast<unsigned>(c - U'0');
        } else if ((c == U'-' || c == U'/' || c == U'.' || c == U'\u5E74' || c == U'\u6708') && parts.size() < 3 &&
                   digits.back() > 0) {  // 年, 月
            parts.push_back(0);
            digits.push_back(0);
        } else {
            return refuse();
        }
    }
    if (parts.size() != 3 || digits[0] != 4 || digits[1] == 0 || digits[1] > 2 || digits[2] == 0 || digits[2] > 2)
        return refuse();
    const std::chrono::year_month_day date{std::chrono::year(static_cast<int>(parts[0])), std::chrono::month(parts[1]),
                                           std::chrono::day(parts[2])};
    if (!date.ok() || parts[0] < 2000 || parts[0] > 2099)
        return refuse();
    char out[32];
    std::snprintf(out, sizeof out, "%04u-%02u-%02u", parts[0], parts[1], parts[2]);
    return out;
}

namespace {

// glibc's inet_pton4: four decimal numbers up to 255 separated by dots, no leading zeros.
bool resolver_ipv4(std::string_view s) noexcept
{
    int octets = 0;
    int value = 0;
    bool digit_seen = false;
    for (const char c : s) {
        if (c >= '0' && c <= '9') {
            if (digit_seen && value == 0)
                return false;  // a leading zero
            value = value * 10 + (c - '0');
            if (value > 255)
                return false;
            if (!digit_seen) {
                if (++octets > 4)
                    return false;
                digit_seen = true;
            }
        } else if (c == '.' && digit_seen) {
            if (octets == 4)
                return false;
            value = 0;
            digit_seen = false;
        } else {
            return false;
        }
    }
    return octets == 4 && digit_seen;
}


// glibc's inet_pton6: up to eight groups of one to four hex digits, one "::", an IPv4 address
// as the last 32 bits; no zone id.
bool resolver_ipv6(std::string_view s) noexcept
{
    std::size_t i = 0;
    if (s.empty())
        return false;
    if (s[0] == ':') {
        if (s.size() < 2 || s[1] != ':')
            return false;
        i = 1;
    }
    std::size_t bytes = 0;  // bytes of the address written so far
    bool gap = false;       // "::" seen
    std::size_t group_start = i;
    std::size_t digits = 0;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (is_ascii_hex(c)) {
            if (++digits > 4)
                return false;
            continue;
        }
        if (c == ':') {
            if (digits == 0) {
                if (gap)
                    return false;
                gap = true;
            } else {
                if (i + 1 == s.size() || bytes + 2 > 16)
                    return false;  // a trailing single ':'
                bytes += 2;
            }
            digits = 0;
            group_start = i + 1;
            continue;
        }
        if (c == '.' && bytes + 4 <= 16) {
            if (!resolver_ipv4(s.substr(group_start)))
                return false;
            bytes += 4;
            digits = 0;
            i = s.size();
            break;
        }
        return false;
    }
    if (digits > 0) {
        if (bytes + 2 > 16)
            return false;
        bytes += 2;
    }
    if (gap)
        return bytes < 16;  // "::" stands for at least one group of zeros
    return bytes == 16;
}

bool ends_with_label(std::string_view name, std::string_view suffix) noexcept
{
    return name == suffix || (name.size() > suffix.size() && name.ends_with(suffix) &&
                              name[name.size() - suffix.size() - 1] == '.');
}

std::string lower_ascii(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

bool is_resolver_address(std::string_view token) noexcept
{
    return resolver_ipv4(token) || resolver_ipv6(token);
}

void check_preview_target(std::string_view normalized_name, std::string_view host_name)
{
    // `localhost` and its subdomains never get here: normalize_domain refuses them.
    const std::string name = lower_ascii(normalized_name);
    if (ends_with_label(name, "localhost") || name == "localhost.localdomain")
        throw Error(ErrorKind::BadInput,
                    trf("\"{0}\" is a name of this computer (localhost) and cannot be redirected. "
                        "Enter the site's domain, for example www.example.jp.",
                        displayable(normalized_name)));
    if (ends_with_label(name, "local"))
        throw Error(ErrorKind::BadInput,
                    trf("{0} ends in .local, which computers look up on the local network (multicast DNS), "
                        "not in the hosts file on every system: it cannot be previewed.",
                        displayable(normalized_name)));
    if (is_defender_protected_name(name))
        throw Error(ErrorKind::BadInput,
                    trf("{0} is a Microsoft domain that Microsoft Defender protects: on Windows, a hosts file that "
                        "maps it is reset to the default, which removes every other line too. It cannot be previewed.",
                        displayable(normalized_name)));
    std::string host = lower_ascii(host_name);
    while (!host.empty() && host.back() == '.')
        host.pop_back();
    if (!host.empty() && name == host)
        throw Error(ErrorKind::BadInput,
                    trf("{0} is the name of this computer: the system answers it itself, so it cannot be previewed.",
                        displayable(normalized_name)));
}

}  // namespace fshosts
