// fshosts-bench: the benchmark of issue 8. It measures the CLI and the GUI as black boxes given
// by path, so the same harness runs on today's core and on core v2. `make bench` runs it; see
// bench/README.md for what each figure means.
//
// Exit status: 0 when the run completed (targets missed are reported, not an error), 1 on a
// harness error or when a file is not byte-identical after apply + revert.
#include "bench_process.h"
#include "cli_bench.h"
#include "gui_bench.h"
#include "hosts_generator.h"
#include "report.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <set>

namespace fs = std::filesystem;
using namespace fshosts::bench;

namespace {

struct Options {
    fs::path fshosts;
    fs::path gui;
    fs::path bare_frame = FSHOSTS_BENCH_BARE_FRAME;
    fs::path launcher = FSHOSTS_BENCH_RUN;
    fs::path hostile_script = fs::path(FSHOSTS_BENCH_SOURCE_DIR) / "hostile_run.js";
    std::string node = "node";
    bool no_hostile = false;
    bool no_gui = false;
    std::vector<std::string> sizes = {"default", "1k", "10k", "100k", "200k", "2M"};
    std::vector<std::string> gui_sizes = {"default", "200k"};
    int rounds = 5;
    int small_rounds = 0;  // 0: 3 × rounds
    int gui_rounds = 5;
    bool crlf = false;
    fs::path out_dir = FSHOSTS_BENCH_BINARY_DIR;
    fs::path work_dir;  // default: <out>/work
    bool keep = false;
    fs::path generate_dir;  // only write the hosts files there
};

void write_text(const fs::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out)
        throw std::runtime_error("cannot write " + path.string());
}

// The hosts files of this run, generated once into the run's directory.
class Files {
public:
    Files(fs::path dir, bool crlf) : m_dir(std::move(dir)), m_crlf(crlf) {}

    const fs::path& path_of(const FileSize& size)
    {
        auto it = m_paths.find(size.label);
        if (it != m_paths.end())
            return it->second;
        const std::string content = size.lines == 0 ? default_hosts_file() : blocklist_hosts_file(size.lines, m_crlf);
        if (content.size() >= max_generated_bytes)
            throw std::runtime_error(size.label + " lines make " + std::to_string(content.size()) +
                                     " bytes; keep generated files under 64 MiB (the core caps reads around there)");
        const fs::path path = m_dir / ("hosts-" + size.label);
        write_text(path, content);
        return m_paths.emplace(size.label, path).first->second;
    }

private:
    fs::path m_dir;
    bool m_crlf;
    std::map<std::string, fs::path> m_paths;
};

std::string command_line(int argc, char** argv)
{
    std::vector<std::string> parts(argv, argv + argc);
    return join(parts, " ");
}

std::string hostile_version(const fs::path& script)
{
    const fs::path manifest = script.parent_path() / "node_modules" / "hostile" / "package.json";
    if (!fs::exists(manifest))
        return {};
    return nlohmann::json::parse(read_file(manifest)).value("version", "");
}

// --generate: the same files a run measures, for a look by hand (the GUI's whole-file view on
// the 2M-line file, for instance).
int generate(const Options& o)
{
    fs::create_directories(o.generate_dir);
    Files files(o.generate_dir, o.crlf);
    std::set<std::string> done;
    for (const std::vector<std::string>* list : {&o.sizes, &o.gui_sizes})
        for (const std::string& label : *list)
            if (done.insert(label).second)
                std::cout << files.path_of(parse_file_size(label)).string() << "\n";
    return 0;
}

int run(const Options& o, const std::string& command)
{
    if (o.fshosts.empty())
        throw std::runtime_error("--fshosts is required (the fshosts CLI to measure)");
    fs::create_directories(o.out_dir);
    const fs::path work_root = o.work_dir.empty() ? o.out_dir / "work" : o.work_dir;
    fs::create_directories(work_root);
    std::string pattern = (fs::absolute(work_root) / "run-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("cannot create a directory in " + work_root.string());
    const fs::path run_dir = pattern;

    Machine machine = describe_machine(run_dir);
    machine.command = command;
    machine.load_before = load_average();
    machine.line_ends = o.crlf ? "CRLF" : "LF";
    machine.fshosts_version = first_line_of_output({o.fshosts.string(), "--version"});
    machine.wx_version = FSHOSTS_BENCH_WX_VERSION;
    if (machine.fshosts_version.empty())
        throw std::runtime_error(o.fshosts.string() + " --version printed nothing: is it the fshosts CLI?");

    CliBenchSetup setup;
    setup.fshosts = fs::absolute(o.fshosts);
    setup.work_dir = run_dir;
    if (!o.no_hostile) {
        machine.hostile_version = hostile_version(o.hostile_script);
        machine.node_version = first_line_of_output({o.node, "--version"});
        if (machine.hostile_version.empty() || machine.node_version.empty()) {
            std::cerr << "fshosts-bench: hostile is not compared: " << (machine.node_version.empty() ? o.node + " does not run" : "bench/node_modules/hostile is missing (run `npm ci` in bench/, or `make bench`)") << "\n";
            machine.hostile_version.clear();
            machine.node_version.clear();
        } else {
            setup.node = o.node;
            setup.hostile_script = fs::absolute(o.hostile_script);
        }
    }

    std::cerr << "fshosts-bench: " << machine.fshosts_version << "; work files in " << run_dir << " ("
              << machine.file_system << "); load " << machine.load_before << "\n";
    Files files(run_dir, o.crlf);
    const int small_rounds = o.small_rounds > 0 ? o.small_rounds : 3 * o.rounds;

    std::vector<CliResult> cli;
    for (const std::string& label : o.sizes) {
        const FileSize size = parse_file_size(label);
        const fs::path& file = files.path_of(size);
        const int rounds = size.lines >= 100000 ? o.rounds : small_rounds;
        cli.push_back(run_cli_bench(setup, size, file, read_file(file), rounds));
    }

    std::vector<GuiResult> gui;
    if (!o.no_gui && !o.gui.empty()) {
        std::vector<GuiTarget> targets;
        targets.push_back({"bare frame", {fs::absolute(o.bare_frame).string()}, "bench bare frame", 0});
        for (const std::string& label : o.gui_sizes) {
            const FileSize size = parse_file_size(label);
            const fs::path& file = files.path_of(size);
            targets.push_back({size.label,
                               {fs::absolute(o.gui).string(), "--hosts-file", file.string(), "--lang", "en"},
                               "fshosts",
                               static_cast<std::size_t>(fs::file_size(file))});
        }
        gui = run_gui_bench(targets, run_dir, o.gui_rounds);
    }

    machine.load_after = load_average();
    const std::vector<Target> targets = check_targets(cli, gui);
    const std::string markdown = markdown_report(machine, cli, gui, targets);
    std::cout << "\n" << markdown << std::flush;
    write_text(o.out_dir / "results.md", markdown);
    write_text(o.out_dir / "results.json", json_report(machine, cli, gui, targets).dump(2) + "\n");
    std::cerr << "\nfshosts-bench: wrote " << (o.out_dir / "results.md").string() << " and "
              << (o.out_dir / "results.json").string() << "\n";
    if (o.keep)
        std::cerr << "fshosts-bench: work files kept in " << run_dir << "\n";
    else
        fs::remove_all(run_dir);
    return 0;
}

}  // namespace

int main(int argc, char** argv)
{
    Options o;
    CLI::App app{"fshosts-bench: apply + revert against the floor (cp + sync), hostile, and the GUI's start-up "
                 "and memory (issue 8). Exit 1 only on a harness error or a byte mismatch."};
    app.add_option("--fshosts", o.fshosts, "the fshosts CLI to measure (required unless --generate)")
        ->check(CLI::ExistingFile);
    app.add_option("--gui", o.gui, "fshosts-gui to measure (omit to skip the GUI)")->check(CLI::ExistingFile);
    app.add_option("--bare-frame", o.bare_frame, "the bare wxWidgets frame (built in bench/)")->capture_default_str();
    app.add_option("--node", o.node, "node, for hostile")->capture_default_str();
    app.add_option("--hostile-script", o.hostile_script, "bench/hostile_run.js")->capture_default_str();
    app.add_flag("--no-hostile", o.no_hostile, "do not compare with hostile");
    app.add_flag("--no-gui", o.no_gui, "skip the GUI measurements");
    app.add_option("--sizes", o.sizes, "hosts files for the CLI: default,1k,10k,100k,200k,2M or line counts")
        ->delimiter(',')
        ->capture_default_str();
    app.add_option("--gui-sizes", o.gui_sizes, "hosts files for the GUI (the small one is 'default')")
        ->delimiter(',')
        ->capture_default_str();
    app.add_option("--rounds", o.rounds, "rounds for files of 100k lines or more")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--small-rounds", o.small_rounds, "rounds for smaller files (default: 3 × --rounds)")->check(CLI::PositiveNumber);
    app.add_option("--gui-rounds", o.gui_rounds, "GUI starts per program")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_flag("--crlf", o.crlf, "generate the blocklist files with CRLF line ends");
    app.add_option("--out", o.out_dir, "where results.md and results.json go")->capture_default_str();
    app.add_option("--work-dir", o.work_dir,
                   "where the hosts files are generated: on the file system to measure (default: OUT/work)");
    app.add_flag("--keep", o.keep, "keep the generated files");
    app.add_option("--generate", o.generate_dir, "only write the hosts files of --sizes and --gui-sizes into this "
                                                 "directory, print their paths and exit");
    app.add_option("--launcher", o.launcher, "bench-run, which starts every measured CLI program (bench_run.cpp)")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    kill_children_on_signal();
    measure_through(o.launcher);
    try {
        return o.generate_dir.empty() ? run(o, command_line(argc, argv)) : generate(o);
    } catch (const ByteMismatch& e) {
        std::cerr << "\nfshosts-bench: BYTE MISMATCH: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "\nfshosts-bench: error: " << e.what() << "\n";
        return 1;
    }
}
