// SPDX-License-Identifier: MIT
#include "csl_formats.hpp"

namespace bibport::plugins::csl {

FormatList make_formats() {
    FormatList out;
    FormatInfo json{
        .id = "csljson",
        .display_name = "CSL-JSON",
        .aliases = {"csl-json", "csl"},
        .extensions = {"json", "csljson"},
        .media_types = {"application/vnd.citationstyles.csl+json"},
        .write_options = {{"indent", "2", "spaces per nesting level (0: one item per line)"}},
        .description = "CSL-JSON input data (citeproc, Zotero, pandoc); list fields kept in 'custom'",
    };
    out.push_back(std::make_unique<SimpleFormat<CslJsonReader, CslJsonWriter>>(std::move(json)));

    FormatInfo yaml{
        .id = "cslyaml",
        .display_name = "CSL-YAML",
        .aliases = {"csl-yaml"},
        .extensions = {"yaml", "yml"},
        .media_types = {"application/yaml"},
        .write_options = {{"references", "false",
                           "true: write a pandoc metadata block (---, references:, ...); false: a plain sequence"}},
        .description = "CSL data as YAML (pandoc); also reads 'references:' and Markdown front matter",
    };
    out.push_back(std::make_unique<SimpleFormat<CslYamlReader, CslYamlWriter>>(std::move(yaml)));
    return out;
}

}  // namespace bibport::plugins::csl
