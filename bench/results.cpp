#include "results.h"

#include <algorithm>
#include <stdexcept>

namespace fshosts::bench {

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

FileSize parse_file_size(const std::string& text)
{
    if (text == "default")
        return {text, 0};
    std::size_t used = 0;
    unsigned long long number = 0;
    try {
        number = std::stoull(text, &used);
    } catch (const std::exception&) {
        throw std::invalid_argument("not a file size: " + text + " (default, 1k, 10k, 100k, 200k, 2M or a line count)");
    }
    const std::string suffix = text.substr(used);
    if (suffix == "k" || suffix == "K")
        number *= 1000;
    else if (suffix == "M" || suffix == "m")
        number *= 1000000;
    else if (!suffix.empty())
        throw std::invalid_argument("not a file size: " + text);
    if (number < 20)
        throw std::invalid_argument("a generated file needs at least 20 lines: " + text);
    return {text, static_cast<std::size_t>(number)};
}

namespace {

template <typename Item, typename F>
std::vector<double> collect(const std::vector<Item>& items, F value)
{
    std::vector<double> out;
    for (const Item& item : items)
        out.push_back(value(item));
    return out;
}

bool has_hostile(const std::vector<CliRound>& rounds)
{
    return !rounds.empty() && std::all_of(rounds.begin(), rounds.end(), [](const CliRound& r) { return r.hostile_ms.has_value(); });
}

}  // namespace

double CliResult::median_ratio() const
{
    return median(collect(rounds, [](const CliRound& r) { return r.ours_ms / r.floor_ms; }));
}

double CliResult::median_floor_ms() const
{
    return median(collect(rounds, [](const CliRound& r) { return r.floor_ms; }));
}

double CliResult::median_ours_ms() const
{
    return median(collect(rounds, [](const CliRound& r) { return r.ours_ms; }));
}

double CliResult::peak_rss_mib() const
{
    const auto all = collect(rounds, [](const CliRound& r) { return std::max(r.ours_max_rss_mib, r.first_use_max_rss_mib); });
    return all.empty() ? 0 : *std::max_element(all.begin(), all.end());
}

double CliResult::median_first_use_ms() const
{
    return median(collect(rounds, [](const CliRound& r) { return r.first_use_ms; }));
}

double CliResult::median_first_use_ratio() const
{
    return median(collect(rounds, [](const CliRound& r) { return r.first_use_ms / r.floor_ms; }));
}

std::optional<double> CliResult::median_hostile_ms() const
{
    if (!has_hostile(rounds))
        return std::nullopt;
    return median(collect(rounds, [](const CliRound& r) { return *r.hostile_ms; }));
}

std::optional<double> CliResult::median_hostile_ratio() const
{
    if (!has_hostile(rounds))
        return std::nullopt;
    return median(collect(rounds, [](const CliRound& r) { return *r.hostile_ms / r.floor_ms; }));
}

std::optional<double> CliResult::peak_hostile_rss_mib() const
{
    if (!has_hostile(rounds))
        return std::nullopt;
    const auto all = collect(rounds, [](const CliRound& r) { return *r.hostile_max_rss_mib; });
    return *std::max_element(all.begin(), all.end());
}

std::optional<bool> CliResult::hostile_byte_identical() const
{
    if (!has_hostile(rounds))
        return std::nullopt;
    return std::all_of(rounds.begin(), rounds.end(), [](const CliRound& r) { return *r.hostile_byte_identical; });
}

double GuiResult::median_window_ms() const
{
    return median(collect(runs, [](const GuiRun& r) { return r.window_ms; }));
}

double GuiResult::median_rss_mib() const
{
    return median(collect(runs, [](const GuiRun& r) { return r.rss_mib; }));
}

double GuiResult::median_hwm_mib() const
{
    return median(collect(runs, [](const GuiRun& r) { return r.hwm_mib; }));
}

}  // namespace fshosts::bench
