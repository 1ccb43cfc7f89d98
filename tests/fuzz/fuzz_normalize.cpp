// Fuzz target "normalize": anything typed or pasted into the domain or the address field.
// normalize_domain / normalize_address either return text that is valid as written (checked
// here independently: an LDH host name; an address the C library reads, that is neither
// unspecified, multicast nor broadcast) and that normalises to itself, or throw Error(BadInput)
// with a message that is valid UTF-8 free of display hazards. Never anything else.
#include "fuzz/fuzz_check.h"

#include "base/error.h"
#include "base/utf8.h"
#include "text/validation.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

using namespace fshosts;
using fshosts::fuzz::show;

namespace {

// A lower-case LDH host name of at least two labels, as fshosts writes it into the hosts file.
bool is_ldh_host_name(std::string_view name)
{
    if (name.empty() || name.size() > 253)
        return false;
    std::size_t labels = 0;
    for (std::size_t start = 0; start <= name.size(); ++labels) {
        std::size_t end = name.find('.', start);
        if (end == std::string_view::npos)
            end = name.size();
        const std::string_view label = name.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            return false;
        if (!std::all_of(label.begin(), label.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }))
            return false;
        start = end + 1;
    }
    return labels >= 2;
}

// The resolver (inet_pton, as glibc's hosts parser calls it) reads it, and it reaches a host.
bool is_usable_address(const std::string& text)
{
    unsigned char a[16];
    if (inet_pton(AF_INET, text.c_str(), a) == 1)
        return !(a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0) && !(a[0] >= 224 && a[0] <= 239) &&
               !(a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255);
    if (inet_pton(AF_INET6, text.c_str(), a) != 1)
        return false;
    static const unsigned char zero[16] = {};
    if (std::memcmp(a, zero, 16) == 0 || a[0] == 0xFF)
        return false;
    static const unsigned char mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(a, mapped_prefix, 12) == 0)
        return !(a[12] == 0 && a[13] == 0 && a[14] == 0 && a[15] == 0) && !(a[12] >= 224 && a[12] <= 239) &&
               !(a[12] == 255 && a[13] == 255 && a[14] == 255 && a[15] == 255);
    return true;
}

// A clean refusal: Error(BadInput) whose message shows the input safely (line breaks of the
// message's own text aside).
void check_refusal(const Error& e, std::string_view input)
{
    FUZZ_CHECK(e.kind() == ErrorKind::BadInput, std::string("not a bad-input error: ") + e.what() + "\ninput = " + show(input));
    const std::string_view message = e.what();
    FUZZ_CHECK(!message.empty(), "an empty message for " + show(input));
    const auto decoded = utf8::decode(message);
    FUZZ_CHECK(decoded.has_value(), "the message is not UTF-8: " + show(message));
    for (char32_t c : *decoded)
        FUZZ_CHECK(c == U'\n' || !utf8::is_display_hazard(c), "the message holds a display hazard: " + show(message));
}

template <typename Normalize>
std::optional<std::string> normalized(Normalize normalize, std::string_view input)
{
    try {
        return normalize(input);
    } catch (const Error& e) {
        check_refusal(e, input);
    }
    return std::nullopt;
}

void check_domain(std::string_view input)
{
    const std::optional<std::string> name = normalized(normalize_domain, input);
    if (!name)
        return;
    FUZZ_CHECK(is_ldh_host_name(*name), "normalize_domain(" + show(input) + ") = " + show(*name) + " is no LDH host name");
    const std::optional<std::string> again = normalized(normalize_domain, *name);
    FUZZ_CHECK(again == name, "normalize_domain is not idempotent on " + show(*name));
    if (const std::optional<std::string> twin = twin_name(*name)) {
        FUZZ_CHECK(normalized(normalize_domain, *twin) == twin, "the twin " + show(*twin) + " of " + show(*name) + " is not normalised");
        FUZZ_CHECK(*twin != *name, "a name is its own twin: " + show(*name));
    }
}

void check_address(std::string_view input)
{
    (void)is_resolver_address(input);  // noexcept; must not crash on anything
    const std::optional<std::string> address = normalized(normalize_address, input);
    if (!address)
        return;
    FUZZ_CHECK(is_usable_address(*address), "normalize_address(" + show(input) + ") = " + show(*address) + " is not usable");
    FUZZ_CHECK(is_resolver_address(*address), show(*address) + " does not look like an address to the engine");
    FUZZ_CHECK(normalized(normalize_address, *address) == address, "normalize_address is not idempotent on " + show(*address));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check_domain(input);
    check_address(input);
    return 0;
}
