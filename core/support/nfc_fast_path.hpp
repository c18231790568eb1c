// SPDX-License-Identifier: MIT
// Internal to bibport_support: the code points text::nfc may leave alone (tested against
// utf8proc in tests/support/text_fast_path_test.cpp).
#pragma once

namespace bibport::text::detail {

/// True for a code point that is its own NFC, has canonical combining class 0 and is never the
/// second character of a canonical composition: text made only of these is already NFC.
/// The ranges are those decoded bibliographies are made of: Latin (below U+0300), Greek,
/// general punctuation (dashes, quotes, thin spaces), arrows and mathematical operators.
constexpr bool nfc_inert(char32_t cp) noexcept {
    if (cp < 0x300) return true;
    // Greek and Coptic, less three singletons (U+0374 -> U+02B9, U+037E -> ';', U+0387 -> U+00B7).
    if (cp >= 0x370 && cp < 0x400) return cp != 0x374 && cp != 0x37E && cp != 0x387;
    // General punctuation, less U+2000 and U+2001 (singletons to U+2002 and U+2003).
    if (cp >= 0x2002 && cp < 0x2070) return true;
    return cp >= 0x2190 && cp < 0x2300;   // arrows, mathematical operators
}

}  // namespace bibport::text::detail
