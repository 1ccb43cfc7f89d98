#include "base/text_list.h"

namespace fshosts {

std::string_view trim_blanks(std::string_view s) noexcept
{
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && blank(s.back()))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string> split_list(std::string_view list, std::string_view separators)
{
    std::vector<std::string> out;
    while (!list.empty()) {
        const std::size_t end = list.find_first_of(separators);
        const std::string_view item = trim_blanks(list.substr(0, end));
        if (!item.empty())
            out.emplace_back(item);
        if (end == std::string_view::npos)
            break;
        list.remove_prefix(end + 1);
    }
    return out;
}

}  // namespace fshosts
