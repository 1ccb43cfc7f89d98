// Lists in messages: "a, b, c" (or another separator, such as " -> " for a CNAME chain).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fshosts::probe {

inline std::string join(const std::vector<std::string>& items, std::string_view separator = ", ")
{
    std::string out;
    for (const std::string& s : items) {
        if (!out.empty())
            out += separator;
        out += s;
    }
    return out;
}

}  // namespace fshosts::probe
