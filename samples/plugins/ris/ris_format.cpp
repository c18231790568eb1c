// SPDX-License-Identifier: MIT
#include "ris_format.hpp"

namespace bibport::plugins::ris {

FormatInfo ris_info() {
    FormatInfo info;
    info.id = "ris";
    info.display_name = "RIS";
    info.extensions = {"ris"};
    info.media_types = {"application/x-research-info-systems"};
    info.description = "RIS tagged format (EndNote, Zotero, Mendeley, Web of Science exports)";
    info.write_options = {
        {"line-ending", "crlf", "crlf (as the RIS specification and Zotero) or lf"},
        {"paper-list", "true",
         "true: keep alias (LB), star, sections, link roles and fields RIS has no tag for in U5 lines; "
         "false: standard tags only"},
    };
    return info;
}

FormatList make_formats() {
    FormatList list;
    list.push_back(std::make_unique<SimpleFormat<RisReader, RisWriter>>(ris_info()));
    return list;
}

}  // namespace bibport::plugins::ris
