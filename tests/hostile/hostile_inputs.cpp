// SPDX-License-Identifier: MIT
#include "hostile_inputs.hpp"

namespace bibport::hostile {
namespace {

std::string join(const std::vector<std::string>& parts, std::string_view sep = "") {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

FormatCase markdown() {
    FormatCase f;
    f.id = "markdown";
    f.extension = "md";
    f.good = [](int n) {
        return "- **[Good" + std::to_string(n) + "]** Good Record " + std::to_string(n) +
               " | **[CVPR'20]** | [`[paper]`](https://arxiv.org/abs/2001.0000" + std::to_string(n) + ")\n\n";
    };
    // A paper-like entry without a title. Markdown is prose: a bullet that is not a paper is
    // normal, so the reader skips it with a warning (code "skip"), not an error.
    f.bad = "- **[Bad]** | **[CVPR'21]** | [`[paper]`](https://arxiv.org/abs/2011.10566)\n\n";
    f.bad_is_error = false;
    f.titled = [](const std::string& title) {
        return "- **[Big]** " + title + " | **[CVPR'20]** | [`[paper]`](https://arxiv.org/abs/2001.09999)\n\n";
    };
    const std::string link_tail = " | **[CVPR'20]** | [`[paper]`](https://arxiv.org/abs/2001.09998)\n\n";
    f.deep = {
        // links in links in links
        "- **[Deep]** " + repeat("[", kDepth) + "Deep" + repeat("](https://example.org/)", kDepth) + link_tail,
        // unclosed brackets (each one searches for its partner)
        "- **[Deep]** Deep " + repeat("[", kDepth) + link_tail,
        // emphasis and HTML tags inside each other
        "- **[Deep]** " + repeat("*_", kDepth / 2) + "Deep" + repeat("_*", kDepth / 2) + link_tail,
        "- **[Deep]** " + repeat("<b>", kDepth) + "Deep" + repeat("</b>", kDepth) + link_tail,
        "- **[Deep]** " + repeat("<b>", kDepth) + "Deep" + link_tail,
        // list items in list items, block quotes in block quotes
        repeat("- ", kDepth) + "Deep" + link_tail,
        repeat("> ", kDepth) + "- Deep" + link_tail,
        // headings: a trail of 100 000 sections
        [] {
            std::string s;
            for (std::size_t i = 0; i < kDepth; ++i) s += "## Section " + std::to_string(i) + "\n";
            return s;
        }(),
    };
    f.truncated = "- **[Trunc]** A Truncated Ti";
    f.truncation_is_error = false;   // a list item has no closing syntax
    f.document = [](const std::vector<std::string>& records) { return "# Papers\n\n## 2020\n\n" + join(records); };
    return f;
}

FormatCase bibtex(const std::string& id) {
    FormatCase f;
    f.id = id;
    f.extension = "bib";
    f.good = [](int n) {
        return "@article{good" + std::to_string(n) + ",\n  title = {Good Record " + std::to_string(n) +
               "},\n  author = {Doe, Jane},\n  journal = {Journal},\n  year = {2020}\n}\n\n";
    };
    // A field with no value: a syntax error inside one entry.
    f.bad = "@article{bad,\n  title = {Bad Record},\n  year = ,\n  journal = {Journal}\n}\n\n";
    f.bad_line_offset = 2;
    f.titled = [](const std::string& title) {
        return "@article{big,\n  title = {" + title + "},\n  year = {2020}\n}\n\n";
    };
    f.title_line = 1;
    f.deep = {
        "@article{deep,\n  title = {" + repeat("{", kDepth) + "Deep" + repeat("}", kDepth) + "}\n}\n\n",
        "@article{deep,\n  title = {Deep " + repeat("\\textbf{", kDepth) + "x" + repeat("}", kDepth) + "}\n}\n\n",
        "@article{deep,\n  title = \"" + repeat("{", kDepth) + "Deep" + repeat("}", kDepth) + "\"\n}\n\n",
    };
    f.truncated = "@article{trunc,\n  title = {A Truncated Ti";
    f.document = [](const std::vector<std::string>& records) { return join(records); };
    return f;
}

FormatCase csljson() {
    FormatCase f;
    f.id = "csljson";
    f.extension = "json";
    f.good = [](int n) {
        return R"(  {"id": "good)" + std::to_string(n) + R"(", "type": "article-journal", "title": "Good Record )" +
               std::to_string(n) + R"(", "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2020]]}})";
    };
    f.bad = R"(  {"id": "bad", "type": "article-journal", "title": "Bad", "author": "Jane Doe"})";
    f.titled = [](const std::string& title) {
        return R"(  {"id": "big", "type": "article-journal", "title": ")" + title + R"("})";
    };
    f.deep = {
        R"(  {"id": "deep", "type": "article", "title": "Deep", "custom": {"x": )" + repeat("[", kDepth) +
            repeat("]", kDepth) + "}}",
        R"(  {"id": "deep", "type": "article", "title": "Deep", "note": )" + repeat(R"({"a": )", kDepth) + "1" +
            repeat("}", kDepth) + "}",
    };
    f.truncated = R"(  {"id": "trunc", "type": "article-journal", "title": "A Truncated Ti)";
    f.document = [](const std::vector<std::string>& records) {
        // A truncated record is the end of the text: no closing bracket after it.
        std::string body = "[\n" + join(records, ",\n");
        if (records.empty() || records.back().find("trunc") == std::string::npos) body += "\n]\n";
        return body;
    };
    return f;
}

FormatCase cslyaml() {
    FormatCase f;
    f.id = "cslyaml";
    f.extension = "yaml";
    f.good = [](int n) {
        return "- id: good" + std::to_string(n) + "\n  type: article-journal\n  title: Good Record " + std::to_string(n) +
               "\n  author:\n    - family: Doe\n      given: Jane\n  issued:\n    date-parts:\n      - [2020]\n";
    };
    f.bad = "- id: bad\n  type: article-journal\n  title: Bad\n  author: Jane Doe\n";
    f.titled = [](const std::string& title) { return "- id: big\n  type: article-journal\n  title: " + title + "\n"; };
    f.title_line = 2;
    f.deep = {
        "- id: deep\n  type: article\n  title: Deep\n  note: " + repeat("[", kDepth) + repeat("]", kDepth) + "\n",
        "- id: deep\n  type: article\n  title: Deep\n  note: " + repeat("{a: ", kDepth) + "1" + repeat("}", kDepth) + "\n",
        "- id: deep\n  type: article\n  title: Deep\n  note: " + repeat("- ", kDepth) + "x\n",
    };
    f.reads_after_deep = false;   // yaml-cpp stops the document at its depth limit
    f.truncated = "- id: trunc\n  type: article-journal\n  title: \"A Truncated Ti";
    f.document = [](const std::vector<std::string>& records) { return join(records); };
    return f;
}

const char* const kRdfHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
    " xmlns:z=\"http://www.zotero.org/namespaces/export#\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    " xmlns:bib=\"http://purl.org/net/biblio#\" xmlns:foaf=\"http://xmlns.com/foaf/0.1/\">\n";

FormatCase zotero_rdf() {
    FormatCase f;
    f.id = "zotero-rdf";
    f.extension = "rdf";
    f.good = [](int n) {
        return "    <bib:Article rdf:about=\"#item_" + std::to_string(n) +
               "\">\n        <z:itemType>journalArticle</z:itemType>\n        <dc:title>Good Record " +
               std::to_string(n) + "</dc:title>\n    </bib:Article>\n";
    };
    // Not well-formed: an element closed by the wrong tag. The reader keeps the items before
    // it and resumes after the broken item.
    f.bad = "    <bib:Article rdf:about=\"#item_bad\">\n        <z:itemType>journalArticle</z:itemType>\n"
            "        <dc:title>Bad</dc:titel>\n    </bib:Article>\n";
    f.bad_line_offset = 2;
    f.titled = [](const std::string& title) {
        return "    <bib:Article rdf:about=\"#item_big\">\n        <z:itemType>journalArticle</z:itemType>\n"
               "        <dc:title>" + title + "</dc:title>\n    </bib:Article>\n";
    };
    f.title_line = 2;
    f.deep = {
        "    <bib:Article rdf:about=\"#item_deep\">\n        <z:itemType>journalArticle</z:itemType>\n"
        "        <dc:title>Deep</dc:title>\n        <dc:subject>" + repeat("<x>", kDepth) + "s" + repeat("</x>", kDepth) +
            "</dc:subject>\n    </bib:Article>\n",
        "    <bib:Article rdf:about=\"#item_deep\">\n        <z:itemType>journalArticle</z:itemType>\n"
        "        <dc:title>Deep</dc:title>\n" + repeat("<dc:isPartOf><bib:Journal>", kDepth / 2) +
            repeat("</bib:Journal></dc:isPartOf>", kDepth / 2) + "\n    </bib:Article>\n",
    };
    f.truncated = "    <bib:Article rdf:about=\"#item_trunc\">\n        <z:itemType>journalArticle</z:itemType>\n"
                  "        <dc:title>A Truncated Ti";
    f.document = [](const std::vector<std::string>& records) {
        std::string body = kRdfHead + join(records);
        if (records.empty() || records.back().find("item_trunc") == std::string::npos) body += "</rdf:RDF>\n";
        return body;
    };
    return f;
}

FormatCase csv() {
    FormatCase f;
    f.id = "csv";
    f.extension = "csv";
    f.good = [](int n) {
        return "good" + std::to_string(n) + ",article-journal,Good Record " + std::to_string(n) +
               ",Jane Doe,2020,All Papers > 2020\n";
    };
    // A quoted field that is never closed (the good records have no quotes to pair it with).
    f.bad = "bad,article-journal,\"Bad Record,Jane Doe,2020,All Papers\n";
    f.titled = [](const std::string& title) { return "big,article-journal," + title + ",Jane Doe,2020,\n"; };
    f.deep = {
        // a section trail 100 000 headings deep
        "deep,article-journal,Deep,Jane Doe,2020," + repeat("S > ", kDepth) + "S\n",
        // a quoted field of doubled quotes and brackets
        "deep,article-journal,\"Deep " + repeat("\"\"[{", kDepth) + "\",Jane Doe,2020,\n",
    };
    f.truncated = "trunc,article-journal,\"A Truncated Ti";
    f.document = [](const std::vector<std::string>& records) {
        return "Key,Type,Title,Authors,Year,Sections\n" + join(records);
    };
    return f;
}

}  // namespace

std::vector<FormatCase> all_formats() {
    return {markdown(), bibtex("bibtex"), bibtex("biblatex"), csljson(), cslyaml(), zotero_rdf(), csv()};
}

}  // namespace bibport::hostile
