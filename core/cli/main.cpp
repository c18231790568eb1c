// SPDX-License-Identifier: MIT
#include "plugin_loader.hpp"
#include <iostream>
int main() {
    bibport::core::Registry reg;
    bibport::core::LoadReport rep;
    bibport::core::load_plugins(reg, bibport::core::plugin_search_path({}), rep);
    for (auto& w : rep.warnings) std::cerr << w << "\n";
    for (auto& f : reg.formats()) std::cout << f.info().id << " " << f.origin << "\n";
}
