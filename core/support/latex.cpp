// SPDX-License-Identifier: MIT
// LaTeX <-> Unicode for bibliography text (see include/bibport/latex.hpp).
#include <bibport/latex.hpp>
#include <bibport/text.hpp>

#include <utf8proc.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace bibport::latex {
namespace {

constexpr std::string_view kNocaseOpen = "<span class=\"nocase\">";
constexpr std::string_view kSmallCapsOpen = "<span style=\"font-variant:small-caps;\">";

bool is_ascii_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// --- tables ---------------------------------------------------------------------------------

struct Accent { char command; char32_t combining; };
// Accent commands and the combining mark each adds (\t, the tie, spans two letters).
constexpr std::array<Accent, 16> kAccents{{
    {'\'', 0x0301}, {'`', 0x0300}, {'^', 0x0302}, {'"', 0x0308}, {'~', 0x0303}, {'=', 0x0304},
    {'.', 0x0307}, {'u', 0x0306}, {'v', 0x030C}, {'H', 0x030B}, {'c', 0x0327}, {'d', 0x0323},
    {'b', 0x0331}, {'k', 0x0328}, {'r', 0x030A}, {'t', 0x0361}}};

char32_t accent_mark(std::string_view command) noexcept {
    if (command.size() != 1) return 0;
    for (const auto& a : kAccents)
        if (a.command == command[0]) return a.combining;
    return 0;
}

char accent_command(char32_t mark) noexcept {
    for (const auto& a : kAccents)
        if (a.combining == mark) return a.command;
    return 0;
}

struct Symbol { std::string_view command; std::string_view text; };
// Commands without arguments that stand for text. Letters first: the encoder uses the
// first command listed for a text.
constexpr Symbol kSymbols[] = {
    {"ss", "ß"}, {"o", "ø"}, {"O", "Ø"}, {"aa", "å"}, {"AA", "Å"}, {"ae", "æ"}, {"AE", "Æ"},
    {"oe", "œ"}, {"OE", "Œ"}, {"l", "ł"}, {"L", "Ł"}, {"i", "ı"}, {"j", "ȷ"}, {"dh", "ð"},
    {"DH", "Ð"}, {"th", "þ"}, {"TH", "Þ"}, {"dj", "đ"}, {"DJ", "Đ"}, {"ng", "ŋ"}, {"NG", "Ŋ"},
    {"SS", "SS"},
    {"textendash", "–"}, {"textemdash", "—"}, {"ldots", "…"}, {"dots", "…"}, {"textellipsis", "…"},
    {"textquoteleft", "‘"}, {"textquoteright", "’"}, {"textquotedblleft", "“"},
    {"textquotedblright", "”"}, {"guillemotleft", "«"}, {"guillemetleft", "«"},
    {"guillemotright", "»"}, {"guillemetright", "»"}, {"guilsinglleft", "‹"},
    {"guilsinglright", "›"}, {"quotedblbase", "„"}, {"quotesinglbase", "‚"},
    {"textexclamdown", "¡"}, {"textquestiondown", "¿"}, {"textcopyright", "©"}, {"copyright", "©"},
    {"textregistered", "®"}, {"texttrademark", "™"}, {"pounds", "£"}, {"textsterling", "£"},
    {"texteuro", "€"}, {"euro", "€"}, {"textyen", "¥"}, {"textcent", "¢"}, {"S", "§"},
    {"textsection", "§"}, {"P", "¶"}, {"textparagraph", "¶"}, {"dag", "†"}, {"textdagger", "†"},
    {"ddag", "‡"}, {"textdaggerdbl", "‡"}, {"textbullet", "•"}, {"textperiodcentered", "·"},
    {"textdegree", "°"}, {"degree", "°"}, {"textpm", "±"}, {"texttimes", "×"}, {"textdiv", "÷"},
    {"textmu", "µ"}, {"textonehalf", "½"}, {"textonequarter", "¼"}, {"textthreequarters", "¾"},
    {"textbackslash", "\\"}, {"textasciitilde", "~"}, {"textasciicircum", "^"},
    {"textunderscore", "_"}, {"textbar", "|"}, {"textless", "<"}, {"textgreater", ">"},
    {"textbraceleft", "{"}, {"textbraceright", "}"}, {"textdollar", "$"}, {"textnumero", "№"},
    {"textperthousand", "‰"}, {"textbrokenbar", "¦"}, {"textasciiacute", "´"},
    {"textasciidieresis", "¨"}, {"textasciimacron", "¯"}, {"textordfeminine", "ª"},
    {"textordmasculine", "º"}, {"textasciigrave", "`"}, {"textvisiblespace", "␣"},
    {"textquotesingle", "'"}, {"textquotedbl", "\""}, {"textasciibreve", "˘"},
    {"textasciicaron", "ˇ"}, {"textacutedbl", "˝"},
    {"nobreakspace", "\u00A0"}, {"thinspace", "\u2009"}, {"enspace", "\u2002"}, {"quad", "\u2003"},
    {"qquad", "\u2003\u2003"}, {"space", " "}, {"newline", " "}, {"par", " "}, {"linebreak", " "},
    {"Dash", "—"}, {"slash", "/"},
    // Logos: what they print.
    {"TeX", "TeX"}, {"LaTeX", "LaTeX"}, {"LaTeXe", "LaTeX2ε"}, {"BibTeX", "BibTeX"},
    {"AmSTeX", "AMS-TeX"}, {"AMSTeX", "AMS-TeX"}, {"AmSLaTeX", "AMS-LaTeX"}, {"ConTeXt", "ConTeXt"},
    {"XeTeX", "XeTeX"}, {"XeLaTeX", "XeLaTeX"}, {"LuaTeX", "LuaTeX"}, {"LuaLaTeX", "LuaLaTeX"},
    {"pdfTeX", "pdfTeX"}, {"pdfLaTeX", "pdfLaTeX"}, {"SliTeX", "SliTeX"}, {"eTeX", "ε-TeX"},
    {"MF", "METAFONT"}, {"MP", "MetaPost"}, {"PS", "PostScript"}, {"TUB", "TUGboat"},
    {"AllTeX", "(La)TeX"}, {"BibLaTeX", "BibLaTeX"},
};

std::string_view symbol_text(std::string_view command) noexcept {
    for (const auto& s : kSymbols)
        if (s.command == command) return s.text;
    return {};
}

// Commands that produce nothing (and take no argument).
constexpr std::string_view kNoOps[] = {"relax", "protect", "/", "-", "@", "!", "nolinebreak",
                                       "hfill", "null", "unskip", "allowbreak", "ignorespaces"};

enum class Style { none, italic, bold, small_caps, superscript, subscript, quote, nocase };

struct Markup { std::string_view command; Style style; };
// Commands with one argument that style it.
constexpr Markup kMarkup[] = {
    {"emph", Style::italic}, {"textit", Style::italic}, {"textsl", Style::italic},
    {"mkbibemph", Style::italic}, {"mkbibitalic", Style::italic}, {"textbf", Style::bold},
    {"mkbibbold", Style::bold}, {"textsc", Style::small_caps},
    {"textsuperscript", Style::superscript}, {"mkbibsuperscript", Style::superscript},
    {"textsubscript", Style::subscript}, {"mkbibsubscript", Style::subscript},
    {"enquote", Style::quote}, {"mkbibquote", Style::quote}, {"NoCaseChange", Style::nocase},
    // Commands whose argument is just text.
    {"textrm", Style::none}, {"textsf", Style::none}, {"texttt", Style::none},
    {"textnormal", Style::none}, {"textup", Style::none}, {"textmd", Style::none},
    {"mbox", Style::none}, {"hbox", Style::none}, {"text", Style::none}, {"textlatin", Style::none},
    {"acro", Style::none}, {"url", Style::none}, {"nolinkurl", Style::none}, {"path", Style::none},
};

// Declarations ({\em x}) that style the rest of their group.
constexpr Markup kDeclarations[] = {
    {"em", Style::italic}, {"it", Style::italic}, {"itshape", Style::italic}, {"sl", Style::italic},
    {"slshape", Style::italic}, {"bf", Style::bold}, {"bfseries", Style::bold},
    {"sc", Style::small_caps}, {"scshape", Style::small_caps}, {"smc", Style::small_caps},
    {"rm", Style::none}, {"sf", Style::none}, {"tt", Style::none}, {"normalfont", Style::none},
    {"upshape", Style::none}, {"mdseries", Style::none}, {"rmfamily", Style::none},
    {"sffamily", Style::none}, {"ttfamily", Style::none}, {"small", Style::none},
    {"footnotesize", Style::none}, {"large", Style::none}, {"ssf", Style::none},
};

template <class Table>
const Markup* find_markup(const Table& table, std::string_view command) noexcept {
    for (const auto& m : table)
        if (m.command == command) return &m;
    return nullptr;
}

std::string_view open_tag(Style s) noexcept {
    switch (s) {
        case Style::italic: return "<i>";
        case Style::bold: return "<b>";
        case Style::small_caps: return kSmallCapsOpen;
        case Style::superscript: return "<sup>";
        case Style::subscript: return "<sub>";
        case Style::quote: return "“";
        case Style::nocase: return kNocaseOpen;
        case Style::none: return {};
    }
    return {};
}

std::string_view close_tag(Style s) noexcept {
    switch (s) {
        case Style::italic: return "</i>";
        case Style::bold: return "</b>";
        case Style::small_caps: case Style::nocase: return "</span>";
        case Style::superscript: return "</sup>";
        case Style::subscript: return "</sub>";
        case Style::quote: return "”";
        case Style::none: return {};
    }
    return {};
}

/// Index of the '}' matching the '{' at `open`, or s.size() when the group is not closed.
std::size_t matching_brace(std::string_view s, std::size_t open) noexcept {
    int depth = 0;
    for (std::size_t i = open; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\') { ++i; continue; }
        if (c == '{') ++depth;
        else if (c == '}' && --depth == 0) return i;
    }
    return s.size();
}

/// True when every '{' in `s` is closed by a later '}' (escaped braces do not count).
bool braces_balance(std::string_view s) noexcept {
    int depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\') { ++i; continue; }
        if (s[i] == '{') ++depth;
        else if (s[i] == '}' && --depth < 0) return false;
    }
    return depth == 0;
}

/// Index of the '$' closing math opened at `open` ("$" or "$$"), or npos.
std::size_t math_end(std::string_view s, std::size_t open, std::size_t& delimiter) noexcept {
    delimiter = (open + 1 < s.size() && s[open + 1] == '$') ? 2 : 1;
    int depth = 0;
    for (std::size_t i = open + delimiter; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\') { ++i; continue; }
        if (c == '{') ++depth;
        else if (c == '}') --depth;
        else if (c == '$' && depth <= 0) {
            if (delimiter == 2 && !(i + 1 < s.size() && s[i + 1] == '$')) continue;
            return i;
        }
    }
    return std::string_view::npos;
}

bool is_upper(char32_t cp) noexcept {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    return utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_LU;
}

/// A word a lower-casing style would damage: some part (split at - and /) has an
/// upper-case letter after its first character ("BERT", "MoCo", "3D", "C-BYOL").
bool needs_protection(std::string_view word) {
    bool first = true;
    for (std::size_t p = 0; p < word.size();) {
        char32_t cp = text::next_code_point(word, p);
        if (cp == '-' || cp == '/') { first = true; continue; }
        auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
        bool alnum = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                     (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
        if (!alnum) continue;   // quotes and other punctuation do not count ("“Guide”")
        if (!first && is_upper(cp)) return true;
        first = false;
    }
    return false;
}

/// A byte that can continue a word on either side of a brace group: an ASCII letter or digit,
/// or part of a non-ASCII character.
bool word_byte(char c) noexcept {
    return is_ascii_letter(c) || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

/// True when the encoder brace-protects `token` on its own (it is a whole word it would put in
/// braces: no space, markup, math or command in it, no punctuation at its ends, and a
/// lower-casing style would damage it). The decoder reads such a group as plain text, so
/// that "{BERT}" and "BERT" are the same record text and writing it again gives "{BERT}".
bool implied_protection(std::string_view token) {
    if (token.empty() || !word_byte(token.front()) || !word_byte(token.back())) return false;
    for (char c : token)
        if (is_space(c) || c == '<' || c == '$' || c == '\\') return false;
    return needs_protection(token);
}

/// True when the text around a brace group [open, close] lets it stand as a word of its own.
bool group_stands_alone(std::string_view s, std::size_t open, std::size_t close) noexcept {
    bool before = open == 0 || !word_byte(s[open - 1]);
    bool after = close + 1 >= s.size() || !word_byte(s[close + 1]);
    return before && after;
}

// --- decoder --------------------------------------------------------------------------------

class Decoder {
    static constexpr int kMaxGroupDepth = 200;
    int depth_ = 0;

public:
    Decoder(std::string_view s, const DecodeOptions& o) : s_(s), opt_(o) { out_.reserve(s.size()); }

    std::string run() {
        std::vector<Style> frame;
        decode(s_.size(), frame);
        close_frame(frame);
        while (!out_.empty() && out_.back() == ' ') out_.pop_back();
        bool ascii = std::all_of(out_.begin(), out_.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        return ascii ? std::move(out_) : text::nfc(out_);
    }

private:
    void emit_char(char c) {
        flush_space();
        if (guard_letter_ && is_ascii_letter(c)) out_.append("{}");
        guard_letter_ = false;
        out_ += c;
    }
    void flush_space() {
        if (pending_space_ && !out_.empty() && out_.back() != ' ') {
            out_ += ' ';
            guard_letter_ = false;
        }
        pending_space_ = false;
    }
    void emit_text(std::string_view t) {
        if (t.empty()) return;
        flush_space();
        if (guard_letter_ && is_ascii_letter(t[0])) out_.append("{}");
        guard_letter_ = false;
        out_.append(t);
    }
    void open_style(Style st, std::vector<Style>& frame) {
        if (st == Style::none) return;
        if (!opt_.markup && st != Style::quote) return;
        if (st == Style::nocase && (!opt_.nocase || nocase_depth_ > 0)) return;
        flush_space();
        out_.append(open_tag(st));
        if (st == Style::nocase) ++nocase_depth_;
        frame.push_back(st);
    }
    void close_frame(std::vector<Style>& frame) {
        for (auto it = frame.rbegin(); it != frame.rend(); ++it) {
            out_.append(close_tag(*it));
            if (*it == Style::nocase) --nocase_depth_;
        }
        frame.clear();
    }

    // Decodes s_[pos_, end) into out_. `frame` collects styles opened by declarations.
    void decode(std::size_t end, std::vector<Style>& frame) {
        // Groups and command arguments nest through recursion; past this depth (far beyond
        // real data) the rest is kept as raw text, so the input cannot control the stack depth.
        if (depth_ >= kMaxGroupDepth) {
            emit_text(s_.substr(pos_, end - pos_));
            pos_ = end;
            return;
        }
        struct DepthGuard {
            int& d;
            explicit DepthGuard(int& x) : d(x) { ++d; }
            ~DepthGuard() { --d; }
        } guard(depth_);
        while (pos_ < end) {
            char c = s_[pos_];
            switch (c) {
                case '\\': command(end, frame); break;
                case '{': group(end); break;
                case '}': ++pos_; break;   // stray closing brace: dropped
                case '$': math(end); break;
                case '~':
                    ++pos_;
                    if (opt_.keep_braces) pending_space_ = true;
                    else emit_text("\u00A0");
                    break;
                case '-': dashes(end); break;
                case '`':
                    if (pos_ + 1 < end && s_[pos_ + 1] == '`') { pos_ += 2; emit_text("“"); }
                    else { ++pos_; emit_text("‘"); }
                    break;
                case '\'':
                    if (pos_ + 1 < end && s_[pos_ + 1] == '\'') { pos_ += 2; emit_text("”"); }
                    else { ++pos_; emit_char('\''); }
                    break;
                case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
                    ++pos_;
                    pending_space_ = true;
                    break;
                default: {
                    // Copy a run of ordinary characters at once.
                    std::size_t start = pos_;
                    while (pos_ < end && !special(s_[pos_])) ++pos_;
                    emit_text(s_.substr(start, pos_ - start));
                }
            }
        }
    }

    static bool special(char c) noexcept {
        switch (c) {
            case '\\': case '{': case '}': case '$': case '~': case '-': case '`': case '\'':
            case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
                return true;
            default:
                return false;
        }
    }

    void dashes(std::size_t end) {
        std::size_t n = 0;
        while (pos_ < end && s_[pos_] == '-') { ++pos_; ++n; }
        while (n >= 3) { emit_text("—"); n -= 3; }
        if (n == 2) emit_text("–");
        else if (n == 1) emit_char('-');
    }

    void math(std::size_t end) {
        std::size_t delimiter = 1;
        std::size_t close = math_end(s_.substr(0, end), pos_, delimiter);
        if (close == std::string_view::npos) {   // a lone dollar: keep it as text
            ++pos_;
            emit_char('$');
            return;
        }
        std::size_t stop = close + delimiter;
        // Math is kept verbatim, normalised to single dollars so the encoder recognises it.
        flush_space();
        out_ += '$';
        out_.append(s_.substr(pos_ + delimiter, close - pos_ - delimiter));
        out_ += '$';
        pos_ = stop;
    }

    void group(std::size_t end) {
        std::size_t close = std::min(matching_brace(s_, pos_), end);
        std::size_t inner = pos_ + 1;
        bool special_char = inner < close && s_[inner] == '\\';
        std::vector<Style> frame;
        pos_ = inner;
        // In names a group is one token, even "{\LaTeX{} Project Team}"; only a special
        // character such as {\"u} (no space in it) loses its braces.
        bool spaced = special_char && s_.substr(inner, close - inner).find_first_of(" \t\n~") != std::string_view::npos;
        if (opt_.keep_braces && (!special_char || spaced)) {
            emit_text("{");
            decode(close, frame);
            close_frame(frame);
            out_ += '}';
        } else if (opt_.nocase && nocase_depth_ == 0 && !special_char) {
            flush_space();
            std::size_t mark = out_.size();
            out_.append(kNocaseOpen);
            ++nocase_depth_;
            decode(close, frame);
            close_frame(frame);
            --nocase_depth_;
            finish_nocase(mark, inner - 1, close);
        } else {
            decode(close, frame);
            close_frame(frame);
        }
        pos_ = close < s_.size() ? close + 1 : close;
    }

    // Drops the nocase span just written when it protects nothing (no letters, or only math)
    // or only what the encoder would protect by itself: a group of one word such as {BERT},
    // {IEEE/CVF} or {R\&D}. Written with two pairs of braces ({{BERT}}) it stays a span.
    void finish_nocase(std::size_t mark, std::size_t open, std::size_t close) {
        std::string_view content = std::string_view(out_).substr(mark + kNocaseOpen.size());
        bool letters = false;
        for (char c : content)
            if (is_ascii_letter(c) || static_cast<unsigned char>(c) >= 0x80) { letters = true; break; }
        bool only_math = content.size() >= 2 && content.front() == '$' && content.back() == '$' &&
                         content.find('$', 1) == content.size() - 1;
        bool doubled = open + 1 < close && s_[open + 1] == '{' && matching_brace(s_, open + 1) + 1 == close;
        bool implied = close < s_.size() && !doubled && group_stands_alone(s_, open, close) &&
                       implied_protection(content);
        if (!letters || only_math || implied) {
            out_.erase(mark, kNocaseOpen.size());
        } else {
            // A trailing space belongs outside the span.
            bool trailing = !out_.empty() && out_.back() == ' ';
            if (trailing) out_.pop_back();
            out_.append("</span>");
            if (trailing) pending_space_ = true;
        }
    }

    // Reads a macro argument: a group, a control sequence or one character. Returns the
    // range [begin, end) of its content and advances pos_ past it.
    std::pair<std::size_t, std::size_t> argument(std::size_t end) {
        while (pos_ < end && is_space(s_[pos_])) ++pos_;
        if (pos_ >= end) return {pos_, pos_};
        if (s_[pos_] == '{') {
            std::size_t close = std::min(matching_brace(s_, pos_), end);
            std::pair<std::size_t, std::size_t> r{pos_ + 1, close};
            pos_ = close < end ? close + 1 : close;
            return r;
        }
        std::size_t begin = pos_;
        if (s_[pos_] == '\\') {
            ++pos_;
            std::pair<std::size_t, std::size_t> r;
            if (pos_ < end && is_ascii_letter(s_[pos_])) {
                while (pos_ < end && is_ascii_letter(s_[pos_])) ++pos_;
                r = {begin, pos_};
                while (pos_ < end && is_space(s_[pos_])) ++pos_;   // TeX eats the space after \i
                return r;
            }
            if (pos_ < end) ++pos_;
            return {begin, pos_};
        }
        text::next_code_point(s_, pos_);
        if (pos_ > end) pos_ = end;
        return {begin, pos_};
    }

    // Decodes s_[b, e) into a separate string with the current state.
    std::string decode_range(std::size_t b, std::size_t e) {
        std::string saved;
        saved.swap(out_);
        bool saved_space = pending_space_;
        pending_space_ = false;
        std::size_t saved_pos = pos_;
        pos_ = b;
        std::vector<Style> frame;
        decode(e, frame);
        close_frame(frame);
        pos_ = saved_pos;
        pending_space_ = saved_space;
        saved.swap(out_);
        return saved;
    }

    void accent(char32_t mark, std::size_t end) {
        auto [b, e] = argument(end);
        std::string arg = decode_range(b, e);
        flush_space();
        if (arg.empty()) {   // \'{} : the accent on its own
            text::append_utf8(out_, mark);
            return;
        }
        std::size_t p = 0;
        char32_t first = text::next_code_point(arg, p);
        if (first == U'ı') first = 'i';   // \'\i is an accented i
        if (first == U'ȷ') first = 'j';
        text::append_utf8(out_, first);
        text::append_utf8(out_, mark);
        out_.append(arg, p, std::string::npos);
    }

    void command(std::size_t end, std::vector<Style>& frame) {
        std::size_t start = pos_;
        ++pos_;
        if (pos_ >= end) { emit_text("\\"); return; }
        std::string_view name;
        bool word = is_ascii_letter(s_[pos_]);
        if (word) {
            std::size_t b = pos_;
            while (pos_ < end && is_ascii_letter(s_[pos_])) ++pos_;
            name = s_.substr(b, pos_ - b);
        } else {
            name = s_.substr(pos_, 1);
            ++pos_;
        }
        if (!word) {
            char c = name[0];
            switch (c) {
                case '&': case '%': case '$': case '#': case '_': case '{': case '}':
                    emit_char(c);
                    return;
                case ' ': case '\n': case '\t': case '\r': case '\\':
                    pending_space_ = true;
                    return;
                case ',': emit_text("\u2009"); return;
                case ';': case ':': case '>': pending_space_ = true; return;
                case '(': inline_math(end, ')'); return;
                case '[': inline_math(end, ']'); return;
                default: break;
            }
        }
        if (char32_t mark = accent_mark(name)) {
            accent(mark, end);
            return;
        }
        auto skip_space = [&] {
            if (word) while (pos_ < end && is_space(s_[pos_])) ++pos_;
        };
        if (std::find(std::begin(kNoOps), std::end(kNoOps), name) != std::end(kNoOps)) {
            skip_space();
            return;
        }
        if (std::string_view t = symbol_text(name); !t.empty()) {
            skip_space();
            // "\ss{}" and "{\ss}" are common; an empty group after a symbol is eaten.
            if (pos_ + 1 < end && s_[pos_] == '{' && s_[pos_ + 1] == '}') pos_ += 2;
            if (t == " ") pending_space_ = true;
            else emit_text(t);
            return;
        }
        if (const Markup* m = find_markup(kMarkup, name)) {
            styled(m->style, end);
            return;
        }
        if (const Markup* m = find_markup(kDeclarations, name)) {
            skip_space();
            open_style(m->style, frame);
            return;
        }
        if (name == "href") {   // \href{url}{text}: the text
            argument(end);
            styled(Style::none, end);
            return;
        }
        if (name == "foreignlanguage" || name == "hyphenation") {
            argument(end);
            if (name == "foreignlanguage") styled(Style::none, end);
            return;
        }
        if (name == "ifmmode") {   // \ifmmode math\else text\fi (APS exports): the text branch
            std::size_t fi = s_.find("\\fi", pos_);
            if (fi == std::string_view::npos || fi >= end) return;
            std::size_t els = s_.find("\\else", pos_);
            pos_ = (els != std::string_view::npos && els < fi) ? els + 5 : fi;
            while (pos_ < fi && is_space(s_[pos_])) ++pos_;   // the space after \else
            decode(fi, frame);
            pos_ = fi + 3;
            return;
        }
        if (name == "char") {   // \char65, \char'101, \char"41, \char`\x: kept as TeX
            std::size_t p = pos_;
            if (p < end && s_[p] == '`') {
                p += (p + 1 < end && s_[p + 1] == '\\') ? 3 : 2;
            } else {
                if (p < end && (s_[p] == '\'' || s_[p] == '"')) ++p;
                while (p < end && std::isxdigit(static_cast<unsigned char>(s_[p]))) ++p;
            }
            pos_ = std::min(p, end);
            emit_text(s_.substr(start, pos_ - start));
            return;
        }
        if (name == "noopsort") {   // sorting hint defined in preambles: prints nothing
            argument(end);
            return;
        }
        verbatim(start, end);
    }

    void styled(Style st, std::size_t end) {
        auto [b, e] = argument(end);
        std::vector<Style> frame;
        open_style(st, frame);
        std::size_t saved = pos_;
        pos_ = b;
        std::vector<Style> inner;
        decode(e, inner);
        close_frame(inner);
        pos_ = saved;
        close_frame(frame);
    }

    void inline_math(std::size_t end, char closer) {
        // \( ... \) and \[ ... \] become $...$.
        std::size_t b = pos_;
        std::size_t i = b;
        while (i + 1 < end && !(s_[i] == '\\' && s_[i + 1] == closer)) ++i;
        flush_space();
        out_ += '$';
        out_.append(s_.substr(b, std::min(i, end) - b));
        out_ += '$';
        pos_ = std::min(i + 2, end);
    }

    // An unknown command: kept as TeX together with its brace and bracket arguments.
    void verbatim(std::size_t start, std::size_t end) {
        while (pos_ < end && (s_[pos_] == '{' || s_[pos_] == '[')) {
            if (s_[pos_] == '{') {
                std::size_t close = std::min(matching_brace(s_, pos_), end);
                pos_ = close < end ? close + 1 : close;
            } else {
                std::size_t close = s_.find(']', pos_);
                if (close == std::string_view::npos || close >= end) break;
                pos_ = close + 1;
            }
        }
        emit_text(s_.substr(start, pos_ - start));
        // "\Bib\LaTeX" must not come out as "\BibLaTeX": a bare command name that text
        // follows directly is ended with "{}".
        guard_letter_ = is_ascii_letter(s_[pos_ - 1]);
    }

    std::string_view s_;
    const DecodeOptions& opt_;
    std::string out_;
    std::size_t pos_ = 0;
    int nocase_depth_ = 0;
    bool pending_space_ = false;
    // After a kept "\cmd": a letter right after it needs "{}" or it would lengthen the name.
    bool guard_letter_ = false;
};

// --- encoder --------------------------------------------------------------------------------

std::string decompose(char32_t cp) {
    std::string in;
    text::append_utf8(in, cp);
    utf8proc_uint8_t* out = nullptr;
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(in.data()),
                          static_cast<utf8proc_ssize_t>(in.size()), &out,
                          static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE));
    if (n < 0) return in;
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> hold(out, &std::free);
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

/// NFKC of one character ("：" -> ":", "ﬁ" -> "fi").
std::string compatibility_form(std::string_view utf8) {
    utf8proc_uint8_t* out = nullptr;
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                          static_cast<utf8proc_ssize_t>(utf8.size()), &out,
                          static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
    if (n < 0) return {};
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> hold(out, &std::free);
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

struct Greek { char32_t cp; std::string_view command; };
constexpr Greek kGreek[] = {
    {U'α', "alpha"}, {U'β', "beta"}, {U'γ', "gamma"}, {U'δ', "delta"}, {U'ε', "epsilon"},
    {U'ζ', "zeta"}, {U'η', "eta"}, {U'θ', "theta"}, {U'ι', "iota"}, {U'κ', "kappa"},
    {U'λ', "lambda"}, {U'μ', "mu"}, {U'ν', "nu"}, {U'ξ', "xi"}, {U'π', "pi"}, {U'ρ', "rho"},
    {U'σ', "sigma"}, {U'τ', "tau"}, {U'υ', "upsilon"}, {U'φ', "phi"}, {U'χ', "chi"},
    {U'ψ', "psi"}, {U'ω', "omega"}, {U'Γ', "Gamma"}, {U'Δ', "Delta"}, {U'Θ', "Theta"},
    {U'Λ', "Lambda"}, {U'Ξ', "Xi"}, {U'Π', "Pi"}, {U'Σ', "Sigma"}, {U'Υ', "Upsilon"},
    {U'Φ', "Phi"}, {U'Ψ', "Psi"}, {U'Ω', "Omega"}};

/// LaTeX for one non-ASCII code point, or "" when there is none.
std::string ascii_escape(char32_t cp) {
    std::string utf8;
    text::append_utf8(utf8, cp);
    for (const auto& s : kSymbols) {
        if (s.text == utf8 && s.command != "SS") {
            std::string out = "{\\";
            out.append(s.command);
            out += '}';
            return out;
        }
    }
    for (const auto& g : kGreek)
        if (g.cp == cp) return "$\\" + std::string(g.command) + "$";
    std::string d = decompose(cp);
    std::size_t p = 0;
    char32_t base = text::next_code_point(d, p);
    if (base >= 0x80 || p >= d.size()) return {};
    std::string out(1, static_cast<char>(base));
    while (p < d.size()) {
        char cmd = accent_command(text::next_code_point(d, p));
        if (!cmd) return {};
        std::string inner = std::move(out);
        out = "\\";
        out += cmd;
        if (is_ascii_letter(cmd) || inner.size() > 1) out += "{" + inner + "}";
        else out += inner;
    }
    return "{" + out + "}";
}

class Encoder {
public:
    Encoder(std::string_view s, const EncodeOptions& o) : s_(s), opt_(o) { out_.reserve(s.size() + 16); }

    std::string run() {
        while (pos_ < s_.size()) {
            if (s_[pos_] == '<' && tag()) continue;
            if (s_[pos_] == '$' && math()) continue;
            if (s_[pos_] == '\\' && verbatim()) continue;
            word();
        }
        while (!stack_.empty()) close_tag();
        double_explicit_spans();
        return std::move(out_);
    }

private:
    bool protecting() const noexcept { return opt_.protect_case && nocase_ == 0; }

    void close_tag() {
        long open = stack_.back();
        std::size_t source_open = source_stack_.back();
        stack_.pop_back();
        source_stack_.pop_back();
        if (open < 0) { out_ += '}'; return; }
        --nocase_;
        // "{\emph{x}}" or "{\$...}" would be a BibTeX special character, not case protection:
        // such a span gets a second pair of braces.
        std::size_t o = static_cast<std::size_t>(open);
        if (o + 1 < out_.size() && out_[o + 1] == '\\') {
            out_.insert(o, 1, '{');
            out_.append("}}");
            for (auto& e : explicit_)
                if (e.first >= o) { ++e.first; ++e.second; }
            return;
        }
        out_ += '}';
        // A span around one word the decoder would take for the encoder's own protection
        // ({BERT}) is marked by doubling its braces once the text after it is known.
        if (opt_.protect_case && nocase_ == 0 && implied_protection(s_.substr(source_open, pos_ - source_open)))
            explicit_.push_back({o, out_.size() - 1});
    }

    void double_explicit_spans() {
        for (auto it = explicit_.rbegin(); it != explicit_.rend(); ++it) {
            if (!group_stands_alone(out_, it->first, it->second)) continue;
            out_.insert(it->second, 1, '}');
            out_.insert(it->first, 1, '{');
        }
    }

    bool tag() {
        std::string_view rest = s_.substr(pos_);
        struct T { std::string_view tag; std::string_view latex; bool nocase; };
        static constexpr T opens[] = {
            {"<i>", "\\emph{", false}, {"<b>", "\\textbf{", false},
            {"<sup>", "\\textsuperscript{", false}, {"<sub>", "\\textsubscript{", false},
            {kNocaseOpen, "{", true}, {kSmallCapsOpen, "\\textsc{", false},
            {"<span style=\"font-variant: small-caps;\">", "\\textsc{", false}};
        for (const auto& t : opens) {
            if (rest.substr(0, t.tag.size()) == t.tag) {
                pos_ += t.tag.size();
                stack_.push_back(t.nocase ? static_cast<long>(out_.size()) : -1);
                source_stack_.push_back(pos_);
                out_.append(t.latex);
                nocase_ += t.nocase;
                return true;
            }
        }
        for (std::string_view close : {"</i>", "</b>", "</sup>", "</sub>", "</span>"}) {
            if (rest.substr(0, close.size()) == close && !stack_.empty()) {
                close_tag();
                pos_ += close.size();
                return true;
            }
        }
        return false;
    }

    // $...$ as written by the decoder: kept verbatim (braced in titles so that BibTeX's
    // case changes do not touch it). A "$" that does not open math is escaped by word().
    bool math() {
        std::size_t delimiter = 1;
        std::size_t close = math_end(s_, pos_, delimiter);
        if (close == std::string_view::npos || delimiter != 1 || close == pos_ + 1) return false;
        // "$5 and $10" is money, "$ \Omega $" and "$x$" are math.
        std::string_view inner = s_.substr(pos_ + 1, close - pos_ - 1);
        // Copied verbatim, so its braces must balance or the rest of the entry would change.
        if (!braces_balance(inner)) return false;
        bool tex = inner.find_first_of("\\^_{") != std::string_view::npos;
        if (!tex && (is_space(s_[pos_ + 1]) || is_space(s_[close - 1]))) return false;
        if (!tex && close + 1 < s_.size() && s_[close + 1] >= '0' && s_[close + 1] <= '9') return false;
        std::string_view m = s_.substr(pos_, close + 1 - pos_);
        if (protecting()) { out_ += '{'; out_.append(m); out_ += '}'; }
        else out_.append(m);
        pos_ = close + 1;
        return true;
    }

    // \command{...}[...] kept from the source: written back as it is.
    bool verbatim() {
        std::size_t p = pos_ + 1;
        if (p >= s_.size() || !is_ascii_letter(s_[p])) return false;
        while (p < s_.size() && is_ascii_letter(s_[p])) ++p;
        while (p < s_.size() && (s_[p] == '{' || s_[p] == '[')) {
            std::size_t close = s_[p] == '{' ? matching_brace(s_, p) : s_.find(']', p);
            if (close == std::string_view::npos || close >= s_.size()) break;
            // An optional argument is plain text: a ']' found past braces or another command
            // belongs to something else (found by fuzzing: "\cmd{x}[... \cmd{y]{}" swallowed
            // half a group and unbalanced the value).
            if (s_[p] == '[' && s_.substr(p, close - p).find_first_of("{}\\") != std::string_view::npos) break;
            p = close + 1;
        }
        std::string_view v = s_.substr(pos_, p - pos_);
        if (!braces_balance(v)) return false;   // copied verbatim, so it must balance
        bool braced = protecting() || (p < s_.size() && is_ascii_letter(s_[p]) && v.back() != '}');
        if (braced) { out_ += '{'; out_.append(v); out_ += '}'; }
        else out_.append(v);
        pos_ = p;
        return true;
    }

    // A run of text up to the next space, tag, math or command; protected as a whole when
    // it is an acronym or a mixed-case word.
    void word() {
        if (is_space(s_[pos_])) { out_ += ' '; ++pos_; return; }
        std::size_t b = pos_;
        while (pos_ < s_.size() && !is_space(s_[pos_]) && s_[pos_] != '<' &&
               !(s_[pos_] == '$' && pos_ > b) && !(s_[pos_] == '\\' && pos_ > b))
            ++pos_;
        if (pos_ == b) ++pos_;   // a '<', '$' or '\\' that is plain text
        std::string_view w = s_.substr(b, pos_ - b);
        if (!protecting()) { escape(w); return; }
        // Leading and trailing punctuation stays outside the braces: "{SimCLR}:".
        std::size_t lead = 0, trail = w.size();
        while (lead < trail && !is_ascii_letter(w[lead]) && !(w[lead] >= '0' && w[lead] <= '9') &&
               static_cast<unsigned char>(w[lead]) < 0x80)
            ++lead;
        while (trail > lead && !is_ascii_letter(w[trail - 1]) && !(w[trail - 1] >= '0' && w[trail - 1] <= '9') &&
               static_cast<unsigned char>(w[trail - 1]) < 0x80)
            --trail;
        std::string_view core = w.substr(lead, trail - lead);
        if (core.empty() || !needs_protection(core)) { escape(w); return; }
        escape(w.substr(0, lead));
        out_ += '{';
        escape(core);
        out_ += '}';
        escape(w.substr(trail));
    }

    void escape(std::string_view t) {
        for (std::size_t p = 0; p < t.size();) {
            char c = t[p];
            if (static_cast<unsigned char>(c) >= 0x80) {
                std::size_t b = p;
                char32_t cp = text::next_code_point(t, p);
                non_ascii(cp, t.substr(b, p - b));
                // "––" is two en dashes, not "----".
                if ((cp == 0x2013 || cp == 0x2014) && dash_follows(t, p)) out_.append("{}");
                continue;
            }
            ++p;
            switch (c) {
                case '&': case '%': case '$': case '#': case '_': case '{': case '}':
                    out_ += '\\';
                    out_ += c;
                    break;
                case '~': out_.append("\\textasciitilde{}"); break;
                case '^': out_.append("\\textasciicircum{}"); break;
                case '\\': out_.append("\\textbackslash{}"); break;
                case '<': out_.append("\\textless{}"); break;
                case '>': out_.append("\\textgreater{}"); break;
                case '`': out_.append("\\textasciigrave{}"); break;
                case '-':
                    // "--" in the text is two hyphens, not a dash.
                    out_ += '-';
                    if (dash_follows(t, p)) out_.append("{}");
                    break;
                case '\'':
                    out_ += '\'';
                    if (p < t.size() && t[p] == '\'') out_.append("{}");
                    break;
                default: out_ += c;
            }
        }
    }

    static bool dash_follows(std::string_view t, std::size_t p) noexcept {
        return p < t.size() && (t[p] == '-' || t.compare(p, 3, "–") == 0 || t.compare(p, 3, "—") == 0);
    }

    void non_ascii(char32_t cp, std::string_view utf8) {
        switch (cp) {
            case 0x00A0: out_ += '~'; return;
            case 0x2009: out_.append("\\,"); return;
            case 0x2013: out_.append("--"); return;
            case 0x2014: out_.append("---"); return;
            default: break;
        }
        if (opt_.ascii && cp >= 0xFF01 && cp <= 0xFF5E) {
            // A fullwidth form ("：", "（") has no LaTeX command: ASCII output gives its ASCII
            // character (the writer reports the change). UTF-8 output keeps it; a document
            // typeset with pdflatex declares it (\DeclareUnicodeCharacter{FF1A}{:}).
            escape(compatibility_form(utf8));
            return;
        }
        if (opt_.ascii) {
            // Curly quotes as commands, not ` and ': an apostrophe must stay an apostrophe.
            std::string e = ascii_escape(cp);
            if (!e.empty()) { out_.append(e); return; }
        }
        out_.append(utf8);
    }

    std::string_view s_;
    const EncodeOptions& opt_;
    std::string out_;
    std::size_t pos_ = 0;
    std::vector<long> stack_;   // open tags: -1 markup, else where the nocase span's '{' is
    std::vector<std::size_t> source_stack_;   // where each open tag's content starts in s_
    std::vector<std::pair<std::size_t, std::size_t>> explicit_;   // one-word nocase spans: '{', '}'
    int nocase_ = 0;
};

}  // namespace

bool needs_decoding(std::string_view tex) noexcept {
    for (std::size_t i = 0; i < tex.size(); ++i) {
        switch (tex[i]) {
            case '\\': case '{': case '}': case '~': case '$': case '`':
                return true;
            case '-': case '\'':
                if (i + 1 < tex.size() && tex[i + 1] == tex[i]) return true;
                break;
            default: break;
        }
    }
    return false;
}

namespace {

/// True when `tex` is already its own decoding: printable ASCII without LaTeX specials,
/// dashes or quote ligatures, single spaces and nothing to trim (most fields of real files).
bool plain_ascii(std::string_view tex) noexcept {
    if (tex.empty() || tex.front() == ' ' || tex.back() == ' ') return tex.empty();
    std::size_t i = 0;
#if defined(__SSE2__)
    // Sixteen bytes at a time (most values are long runs of plain text): bytes outside
    // printable ASCII compare below 0x20 as signed, '{', '}', '~' and DEL above 'z'; each byte
    // is compared with the next for the doubled ones.
    const char* p = tex.data();
    auto splat = [](char c) { return _mm_set1_epi8(c); };
    for (; i + 17 <= tex.size(); i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
        __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, splat(0x20)), _mm_cmpgt_epi8(v, splat('z')));
        bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(v, splat('\\')),
                                             _mm_or_si128(_mm_cmpeq_epi8(v, splat('$')), _mm_cmpeq_epi8(v, splat('`')))));
        const __m128i doubled_kind = _mm_or_si128(_mm_cmpeq_epi8(v, splat(' ')),
                                                  _mm_or_si128(_mm_cmpeq_epi8(v, splat('-')), _mm_cmpeq_epi8(v, splat('\''))));
        bad = _mm_or_si128(bad, _mm_and_si128(doubled_kind, _mm_cmpeq_epi8(v, next)));
        if (_mm_movemask_epi8(bad)) return false;
    }
#endif
    char prev = i > 0 ? tex[i - 1] : 0;
    for (char c : tex.substr(i)) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7F) return false;
        switch (c) {
            case '\\': case '{': case '}': case '~': case '$': case '`': return false;
            case ' ': case '-': case '\'':
                if (prev == c) return false;
                break;
            default: break;
        }
        prev = c;
    }
    return true;
}

}  // namespace

std::string to_unicode(std::string_view tex, const DecodeOptions& options) {
    if (plain_ascii(tex)) return std::string(tex);
    if (!needs_decoding(tex)) return text::nfc(text::clean_whitespace(tex));
    return Decoder(tex, options).run();
}

namespace {

/// True when from_unicode(text) is `text` itself: printable ASCII without LaTeX specials,
/// markup, dash or quote pairs, and (when protecting case) no word a style could damage.
bool encodes_to_itself(std::string_view text, bool protect_case) noexcept {
    bool first = true;   // no letter or digit yet in this part of the word (see needs_protection)
    char prev = 0;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7F) return false;
        switch (c) {
            case '&': case '%': case '$': case '#': case '_': case '{': case '}': case '~': case '^':
            case '\\': case '<': case '>': case '`':
                return false;
            case '-': case '\'':
                if (prev == c) return false;
                break;
            default: break;
        }
        prev = c;
        if (!protect_case) continue;
        if (c == ' ' || c == '-' || c == '/') { first = true; continue; }
        bool upper = c >= 'A' && c <= 'Z';
        if (!upper && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) continue;
        if (upper && !first) return false;
        first = false;
    }
    return true;
}

}  // namespace

std::string from_unicode(std::string_view text, const EncodeOptions& options) {
    if (encodes_to_itself(text, options.protect_case)) return std::string(text);
    return Encoder(text, options).run();
}

std::string to_ascii(std::string_view s) {
    std::string out;
    for (std::size_t p = 0; p < s.size();) {
        char32_t cp = text::next_code_point(s, p);
        if (cp < 0x80) { out += static_cast<char>(cp); continue; }
        std::string utf8;
        text::append_utf8(utf8, cp);
        bool done = false;
        for (const auto& sym : kSymbols) {
            if (sym.text == utf8 && sym.command.size() <= 2 && sym.command != "S" &&
                sym.command != "P" && is_ascii_letter(sym.command[0])) {
                std::string spelled(sym.command);
                if (spelled == "aa" || spelled == "AA" || spelled == "dh" || spelled == "DH" ||
                    spelled == "dj" || spelled == "DJ")
                    spelled.resize(1);
                out += spelled;
                done = true;
                break;
            }
        }
        if (done) continue;
        std::string d = decompose(cp);
        for (char c : d)
            if (static_cast<unsigned char>(c) < 0x80) out += c;
    }
    return out;
}

std::string strip_markup(std::string_view s) {
    static constexpr std::string_view tags[] = {"<i>", "</i>", "<b>", "</b>", "<sup>", "</sup>",
                                                "<sub>", "</sub>", "</span>", kNocaseOpen,
                                                kSmallCapsOpen};
    std::string out;
    out.reserve(s.size());
    for (std::size_t p = 0; p < s.size();) {
        if (s[p] == '<') {
            bool matched = false;
            for (auto t : tags) {
                if (s.substr(p, t.size()) == t) { p += t.size(); matched = true; break; }
            }
            if (matched) continue;
        }
        out += s[p++];
    }
    return out;
}

}  // namespace bibport::latex
