// SPDX-License-Identifier: MIT
// LaTeX text <-> Unicode with CSL's HTML-like markup (implemented in bibport_support).
//
// What BibTeX values contain: accents in every spelling ({\"u}, \"{u}, \"u, {\'\i}, \c{c}),
// letters (\ss, \o, \aa), escaped specials (\&, \%), ligatures (--, ---, ``, ''), ~, markup
// (\emph, \textbf, {\em ...}), math ($\alpha$) and case-protecting braces ({BERT}).
// Decoding turns these into Unicode text with <i>, <b>, <sup>, <sub>, small-caps and
// nocase spans; encoding is the inverse. Math and commands nobody knows (\ch{H2O},
// \SI{5}{\kelvin}) are kept verbatim as TeX in the text, and the encoder writes them back
// verbatim, so they survive a trip through any other format.
#pragma once

#include <string>
#include <string_view>

namespace bibport::latex {

struct DecodeOptions {
    /// \emph{x} -> <i>x</i>, \textbf -> <b>, \textsc -> small caps, \textsuperscript -> <sup>.
    /// Off: the text of the argument only.
    bool markup = true;
    /// Case-protecting braces -> <span class="nocase">...</span> (title-like fields).
    /// A group that starts with a command ({\"u}, {\em x}) is a "special character" in
    /// BibTeX's sense and is not a nocase span; neither is a group of only math or only
    /// non-letters.
    bool nocase = false;
    /// Keep grouping braces (but not special-character braces) in the output: what name
    /// parsing needs ("{Barnes and Noble, Inc.}" stays one token). Also maps ~ to a space.
    bool keep_braces = false;
};

/// LaTeX text -> NFC Unicode (with CSL markup unless disabled). White space runs become
/// one space; the result is trimmed.
std::string to_unicode(std::string_view tex, const DecodeOptions& options = {});

/// True when `tex` contains anything to_unicode would change besides white space
/// (a backslash, brace, ~, -, $, ` or ''): the fast path of a reader.
bool needs_decoding(std::string_view tex) noexcept;

struct EncodeOptions {
    /// Non-ASCII characters as LaTeX commands ({\"u}, {\ss}, --), fullwidth forms ("：") as
    /// their ASCII characters; otherwise UTF-8 is kept except for characters LaTeX's utf8
    /// input does not typeset (no-break and thin spaces).
    bool ascii = false;
    /// Brace-protect nocase spans and words whose case a style must not change: acronyms
    /// and mixed-case words (BERT, MoCo, ViT, ImageNet, 3D). Used for title-like fields.
    bool protect_case = false;
};

/// Unicode text with CSL markup -> LaTeX: specials escaped (& % $ # _ { } ~ ^ \),
/// <i> -> \emph{}, <b> -> \textbf{}, <sup>/<sub> -> \textsuperscript{}/\textsubscript{},
/// small caps -> \textsc{}, nocase spans -> {...}. Math ($...$) and verbatim TeX commands
/// (a backslash followed by letters and their brace groups) are written as they are.
std::string from_unicode(std::string_view text, const EncodeOptions& options = {});

/// ASCII approximation for identifiers: accents dropped (ü -> u), letters spelled out
/// (ß -> ss, ø -> o, æ -> ae); anything else non-ASCII is removed.
std::string to_ascii(std::string_view text);

/// Text without CSL markup tags (<i>, </span>, ...); entities are not touched.
std::string strip_markup(std::string_view text);

}  // namespace bibport::latex
