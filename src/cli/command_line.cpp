#include "cli/command_line.h"

namespace fshosts::cli {

std::string shell_quote(const std::string& arg)
{
    if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,") ==
                            std::string::npos)
        return arg;
    std::string out = "'";
    for (char ch : arg)
        out += (ch == '\'') ? std::string("'\\''") : std::string(1, ch);
    return out + "'";
}

}  // namespace fshosts::cli
