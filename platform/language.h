// Sets up the C library's locale so gettext picks the user's language for messages.
#pragma once

namespace fshosts::platform {

// Applies the user's locale. When the locale the environment asks for is not installed (a
// fresh machine often has only C.UTF-8), messages still follow its language.
void init_message_locale();

}  // namespace fshosts::platform
