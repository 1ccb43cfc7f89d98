#include "base/i18n.h"

#include <atomic>

namespace fshosts {
namespace {
std::atomic<Translator> g_translator{nullptr};
}

void set_translator(Translator translator) noexcept { g_translator.store(translator); }

const char* tr(const char* msgid) noexcept
{
    Translator t = g_translator.load();
    return t ? t(msgid) : msgid;
}

}  // namespace fshosts
