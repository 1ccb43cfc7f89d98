// One buffer for a whole file's bytes. Large buffers are asked from the OS with huge pages where
// it offers them: every first touch of a 4 KiB page is a page fault, which costs ~10 µs on the
// virtual machines we measured on, so a multi-megabyte hosts file read into fresh small pages
// cost more than reading it (bench/README.md).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <utility>

namespace fshosts::platform {

namespace detail {
// Memory for a ByteBuffer, from the OS's allocator of this system (throws std::bad_alloc).
struct ByteBlock {
    char* data = nullptr;
    std::size_t capacity = 0;
    bool mapped = false;  // from the OS's page allocator, not the heap
};
ByteBlock allocate_bytes(std::size_t size);
void release_bytes(const ByteBlock& block) noexcept;
}  // namespace detail

class ByteBuffer {
public:
    ByteBuffer() noexcept = default;
    explicit ByteBuffer(std::size_t size) : m_block(detail::allocate_bytes(size)), m_size(size) {}  // uninitialised
    ~ByteBuffer() { detail::release_bytes(m_block); }
    ByteBuffer(ByteBuffer&& other) noexcept
        : m_block(std::exchange(other.m_block, {})), m_size(std::exchange(other.m_size, 0))
    {
    }
    ByteBuffer& operator=(ByteBuffer&& other) noexcept
    {
        if (this != &other) {
            detail::release_bytes(m_block);
            m_block = std::exchange(other.m_block, {});
            m_size = std::exchange(other.m_size, 0);
        }
        return *this;
    }
    ByteBuffer(const ByteBuffer&) = delete;
    ByteBuffer& operator=(const ByteBuffer&) = delete;

    char* data() noexcept { return m_block.data; }
    const char* data() const noexcept { return m_block.data; }
    std::size_t size() const noexcept { return m_size; }
    // Shrinks, or grows keeping the bytes there are (the new ones uninitialised).
    void resize(std::size_t size)
    {
        if (m_block.data != nullptr && size <= m_block.capacity) {
            m_size = size;
            return;
        }
        ByteBuffer bigger(std::max(size, m_block.capacity + m_block.capacity / 2));
        if (m_size > 0)
            std::memcpy(bigger.data(), data(), m_size);
        bigger.m_size = size;
        *this = std::move(bigger);
    }

    std::string_view view() const noexcept { return {m_block.data, m_size}; }
    operator std::string_view() const noexcept { return view(); }

private:
    detail::ByteBlock m_block;
    std::size_t m_size = 0;
};

}  // namespace fshosts::platform
