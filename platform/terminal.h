// Whether the program talks to a person: a command asks its questions interactively only when
// standard input is a terminal (or a Windows console), and otherwise says which option is missing.
#pragma once

namespace fshosts::platform {

bool stdin_is_terminal() noexcept;

}  // namespace fshosts::platform
