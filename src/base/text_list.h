// Lists in settings text ("localhost, *.example.jp"; "a;b;<local>"): trimmed, split, empty items
// dropped. Shared by the platform's settings parsers and the probes that read browser files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fshosts {

// `s` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim_blanks(std::string_view s) noexcept;

// The items of `list` separated by any of `separators`, each trimmed; empty items are dropped.
std::vector<std::string> split_list(std::string_view list, std::string_view separators);

}  // namespace fshosts
