// Network sockets for the DNS queries (src/probe): Windows needs its socket library started
// once per process (WSAStartup) before any socket is made; POSIX needs nothing.
#pragma once

namespace fshosts::platform {

// Starts the system's socket library if it needs starting; safe to call more than once.
void start_sockets() noexcept;

}  // namespace fshosts::platform
