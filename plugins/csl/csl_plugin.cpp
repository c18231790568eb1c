// SPDX-License-Identifier: MIT
#include "csl_plugin.hpp"
namespace bibport::plugins::csl {
FormatList make_formats() {
    FormatList out;
    FormatInfo json{.id = "csljson", .display_name = "CSL-JSON", .aliases = {"csl-json", "json"},
                    .extensions = {"json"}, .media_types = {"application/vnd.citationstyles.csl+json"}};
    out.push_back(std::make_unique<SimpleFormat<void, void>>(json));
    return out;
}
}  // namespace bibport::plugins::csl
