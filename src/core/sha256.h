// Content hashes: every change carries the SHA-256 of the bytes it was planned on.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace fshosts {

// Lower-case hex SHA-256 of `bytes` (Nettle on Linux and macOS, CNG on Windows; the
// implementation file is chosen in src/core/CMakeLists.txt).
std::string sha256_hex(std::string_view bytes);
// The same for bytes given as pieces, one after the other.
std::string sha256_hex(std::span<const std::string_view> pieces);

// The SHA-256 of some bytes, computed once, keeping the hash state every `stride` bytes, so the
// hash of other bytes that begin with the same prefix costs only what follows that prefix. A
// change to a hosts file keeps everything before its first changed byte (our block is at the
// end), so the hash of the new content costs a few KiB instead of the whole file.
class Sha256Prefixes {
public:
    static constexpr std::size_t stride = 256 * 1024;

    Sha256Prefixes() = default;
    explicit Sha256Prefixes(std::string_view bytes);

    const std::string& hex() const noexcept { return m_hex; }

    // The hash of `pieces` one after the other, where `bytes` are the bytes given to the
    // constructor: a first piece that is a prefix of them (the same memory) is not hashed again.
    std::string hex_of(std::string_view bytes, std::span<const std::string_view> pieces) const;

private:
    // The hash state after each full stride, in the implementation's own form (bytes of Nettle's
    // context, CNG hash objects); shared by copies, never changed after the constructor.
    struct States;
    std::shared_ptr<const States> m_states;
    std::string m_hex;
};

}  // namespace fshosts
