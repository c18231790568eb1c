// SPDX-License-Identifier: MIT
// What every input goes through before a reader sees it: readers get valid UTF-8 text.
#pragma once

#include "atomic_file.hpp"

#include <bibport/diagnostics.hpp>

#include <string>
#include <vector>

namespace bibport::core {

/// Makes the input valid UTF-8 for the readers, reporting to `out` what it did (with `name` as
/// the file):
/// - a UTF-8 byte-order mark is removed (readers never see it);
/// - UTF-16 and UTF-32 with a byte-order mark are converted to UTF-8 (a note);
/// - input that looks binary (more than 1 byte in 10 of its first 8 KiB is NUL, another
///   control character or not UTF-8) is refused: returns false with an error;
/// - otherwise every NUL byte and every byte that is not part of valid UTF-8 becomes U+FFFD,
///   reported as one error at the first of them (the records are still read).
bool prepare_input_text(InputBuffer& input, const std::string& name, std::vector<Diagnostic>& out);
/// The same for a string (tests, fuzzing).
bool prepare_input_text(std::string& content, const std::string& name, std::vector<Diagnostic>& out);

}  // namespace bibport::core
