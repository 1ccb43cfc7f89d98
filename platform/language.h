// Sets up the C library's locale so gettext picks the user's language for messages.
#pragma once

namespace fshosts::platform {

// Applies the user's locale. When the locale the environment asks for is not installed (a
// fresh machine often has only C.UTF-8), messages still follow its language.
void init_message_locale();

// Messages in `language` ("en", "ja") whatever the environment says: fshosts-helper takes the
// language from its request (its environment is the caller's, or already cleared).
void set_message_language(const char* language);

}  // namespace fshosts::platform
