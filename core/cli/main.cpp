// SPDX-License-Identifier: MIT
// bibport: the command-line program.
#include "commands.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace po = boost::program_options;
using namespace bibport::cli;

namespace {

const char* const kUsage = R"(Usage:
  bibport convert [-f FROM] [-t TO] [-o OUT] [--option KEY=VALUE]... [INPUT...]
  bibport formats [ID]
  bibport check [-f FROM] INPUT...

Converts bibliographies between formats. Inputs are merged in order; '-' or no input reads
standard input; without -o the result goes to standard output. The input format comes from
-f, else the file extension, else the content; the output format from -t, else the -o
extension. Output files are replaced atomically: a failed run leaves them as they were
(standard output likewise gets all of the output or nothing).

Examples:
  bibport convert list.md -t csljson -o list.json
  bibport convert refs.bib -t biblatex --option ascii=false > refs-biblatex.bib
  bibport convert a.bib b.json c.md -t bibtex -o all.bib
  bibport convert list.md -t csv --report=losses.json   # what CSV could not hold
  bibport convert list.md --dedupe -t zotero-rdf -o list.rdf
  cat refs.json | bibport convert -f csljson -t cslyaml
  bibport formats            # every format, where it came from
  bibport formats bibtex     # one format's options
  bibport check refs.bib     # report problems, write nothing

Exit status: 0 success; 1 input problems (unreadable input, records that could not be read,
a warning under --strict); 2 usage errors (unknown option or format).

Options)";

struct Parsed {
    std::string command;
    Settings settings;
};

Parsed parse(int argc, char** argv) {
    po::options_description global("Options");
    std::vector<std::string> raw_options, plugin_dirs;
    std::size_t max_input_mb = 2048;
    bool no_stream = false;
    Parsed p;
    auto& s = p.settings;
    global.add_options()
        ("help,h", "show this help")
        ("version", "show the version")
        ("from,f", po::value(&s.request.from), "input format id")
        ("to,t", po::value(&s.request.to), "output format id")
        ("output,o", po::value(&s.request.output), "output file ('-' = standard output)")
        ("option", po::value(&raw_options)->composing(), "format option KEY=VALUE (repeatable; see 'bibport formats ID')")
        ("plugin-dir", po::value(&plugin_dirs)->composing(), "look for plugins here first (repeatable)")
        ("strict", po::bool_switch(&s.request.strict), "treat every warning, and any field the output cannot hold, as an error")
        ("report", po::value(&s.report)->implicit_value("-")->value_name("FILE"),
         "list what the output format could not represent (to stderr, or --report=FILE as JSON)")
        ("dedupe", po::bool_switch(&s.request.dedupe), "merge records that are the same paper (DOI, arXiv id, title+year)")
        ("no-stream", po::bool_switch(&no_stream), "convert the whole input at once even when both formats can stream (same output, more memory)")
        ("sync", po::bool_switch(&s.request.sync), "wait until the output file is on disk before it replaces the old one")
        ("max-input-mb", po::value(&max_input_mb)->default_value(2048), "refuse inputs larger than this (MiB)")
        ("quiet,q", po::bool_switch(&s.quiet), "print errors only")
        ("verbose,v", po::bool_switch(&s.verbose), "print where plugins were found");
    po::options_description hidden;
    std::vector<std::string> positional;
    hidden.add_options()("args", po::value(&positional)->composing());
    po::options_description all;
    all.add(global).add(hidden);
    po::positional_options_description pos;
    pos.add("args", -1);

    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);

    if (vm.count("help")) { p.command = "help"; std::cout << kUsage << "\n" << global << "\n"; return p; }
    if (vm.count("version")) { p.command = "version"; return p; }
    if (positional.empty()) throw bibport::core::UsageError("no command; try 'bibport --help'");
    p.command = positional.front();
    s.args.assign(positional.begin() + 1, positional.end());
    s.plugin_dirs = plugin_dirs;
    if (max_input_mb == 0 || max_input_mb > (std::size_t(1) << 24))
        throw bibport::core::UsageError("--max-input-mb takes 1 to 16777216");
    s.request.max_input_bytes = max_input_mb << 20;
    s.request.stream = !no_stream;
    s.request.keep_records = true;   // the program exits once the conversion is done
    for (const auto& kv : raw_options) {
        auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            throw bibport::core::UsageError("--option takes KEY=VALUE, got '" + kv + "'");
        s.request.options[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    return p;
}

}  // namespace

int main(int argc, char** argv) {
    Parsed parsed;
    try {
        parsed = parse(argc, argv);
    } catch (const po::error& e) {
        std::cerr << "bibport: error: " << e.what() << "\n(try 'bibport --help')\n";
        return bibport::core::kExitUsage;
    } catch (const bibport::core::UsageError& e) {
        std::cerr << "bibport: error: " << e.what() << "\n";
        return bibport::core::kExitUsage;
    }
    if (parsed.command == "help") return 0;
    if (parsed.command == "version") return run_version();
    return run_command(parsed.command, parsed.settings);
}
