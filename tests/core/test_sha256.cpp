// SHA-256 as the writer uses it: the known vectors, bytes given as pieces, and the hash of new
// content computed from the state kept for the bytes it starts with.
#include "catch.h"

#include "core/sha256.h"

#include <random>
#include <string>
#include <string_view>
#include <vector>

using fshosts::sha256_hex;
using fshosts::Sha256Prefixes;

TEST_CASE("SHA-256 of known inputs, whole and in pieces", "[sha256]")
{
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const std::string_view pieces[] = {"a", "", "bc"};
    CHECK(sha256_hex(pieces) == sha256_hex("abc"));
}

TEST_CASE("the hash of new content from the kept prefix states equals hashing it whole", "[sha256]")
{
    std::mt19937 rng(20261203);
    const std::size_t stride = Sha256Prefixes::stride;
    for (std::size_t size : {std::size_t{0}, std::size_t{100}, stride - 1, stride, stride + 1, 3 * stride + 17, 5 * stride}) {
        std::string bytes(size, '\0');
        for (char& c : bytes)
            c = static_cast<char>(rng());
        const Sha256Prefixes prefixes(bytes);
        INFO("size " << size);
        REQUIRE(prefixes.hex() == sha256_hex(bytes));
        for (std::size_t keep : {std::size_t{0}, std::size_t{1}, stride - 1, stride, stride + 1, 2 * stride, size / 2, size}) {
            if (keep > size)
                continue;
            INFO("kept prefix " << keep);
            const std::string tail = "# >>> fshosts\n203.0.113.10 www.example.jp\n";
            // The old bytes' prefix (the same memory), new text, then more of the old bytes.
            const std::vector<std::string_view> pieces = {std::string_view(bytes).substr(0, keep), tail,
                                                          std::string_view(bytes).substr(keep)};
            const std::string joined = bytes.substr(0, keep) + tail + bytes.substr(keep);
            CHECK(prefixes.hex_of(bytes, pieces) == sha256_hex(joined));
            // A first piece that is a copy, not the same memory, is hashed in full.
            const std::string copy = bytes.substr(0, keep);
            const std::vector<std::string_view> copied = {copy, tail};
            CHECK(prefixes.hex_of(bytes, copied) == sha256_hex(copy + tail));
        }
    }
}
