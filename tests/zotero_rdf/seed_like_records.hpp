// SPDX-License-Identifier: MIT
// Records shaped like the entries of the seed paper list (conference papers with their
// venue, arXiv preprints, aliases, stars, code links, year sections), built by hand as the
// record conventions describe them.
#pragma once

#include <bibport/record.hpp>

namespace bibport::zotero_test {

inline Name person(std::string family, std::string given) {
    Name n;
    n.family = std::move(family);
    n.given = std::move(given);
    return n;
}

inline Date year(int y, int m = 0) {
    Date d;
    d.name = "issued";
    d.parts = {m ? std::vector<int>{y, m} : std::vector<int>{y}};
    return d;
}

inline Record conference(std::string alias, std::string title, std::string proceedings, std::string venue,
                         std::string event, int y, std::string arxiv, std::string code,
                         std::vector<std::string> sections, bool star) {
    Record r;
    r.type = "paper-conference";
    r.id = alias;
    r.alias = alias;
    r.highlight = star;
    r.set("title", std::move(title));
    r.set("container-title", std::move(proceedings));
    r.set("container-title-short", std::move(venue));
    r.set("event-title", std::move(event));
    r.dates.push_back(year(y));
    std::string url = "https://arxiv.org/abs/" + arxiv;
    r.set("URL", url);
    r.links.push_back(Link{"paper", url, {}});
    if (!code.empty()) r.links.push_back(Link{"code", std::move(code), {}});
    r.arxiv = std::move(arxiv);
    r.sections = std::move(sections);
    return r;
}

inline Record preprint(std::string alias, std::string title, int y, std::string arxiv, std::string code,
                       std::vector<std::string> sections) {
    Record r;
    r.type = "article";
    r.id = alias;
    r.alias = alias;
    r.set("title", std::move(title));
    r.set("publisher", "arXiv");
    r.set("number", "arXiv:" + arxiv);
    r.set("DOI", "10.48550/arXiv." + arxiv);
    r.dates.push_back(year(y));
    std::string url = "https://arxiv.org/abs/" + arxiv;
    r.set("URL", url);
    r.links.push_back(Link{"paper", url, {}});
    if (!code.empty()) r.links.push_back(Link{"code", std::move(code), {}});
    r.arxiv = std::move(arxiv);
    r.sections = std::move(sections);
    return r;
}

inline Bibliography seed_like_list() {
    Bibliography bib;
    const std::vector<std::string> y20{"All Papers", "2020"}, y21{"All Papers", "2021"}, y22{"All Papers", "2022"},
        y23{"All Papers", "2023"};
    bib.sections = {{"All Papers"}, y20, y21, y22, y23};

    Record moco = conference("MoCov1", "Momentum Contrast for Unsupervised Visual Representation Learning",
                             "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
                             "CVPR", "IEEE/CVF Conference on Computer Vision and Pattern Recognition", 2020,
                             "1911.05722", "https://github.com/facebookresearch/moco", y20, true);
    moco.citation_key = "MoCov1";
    moco.names.push_back(NameList{"author", {person("He", "Kaiming"), person("Fan", "Haoqi"), person("Wu", "Yuxin"),
                                             person("Xie", "Saining"), person("Girshick", "Ross")}});
    moco.set("page", "9729-9738");
    bib.records.push_back(std::move(moco));

    bib.records.push_back(preprint("MoCov2", "Improved Baselines with Momentum Contrastive Learning", 2020,
                                   "2003.04297", "https://github.com/facebookresearch/moco", y20));

    Record byol = conference("BYOL", "Bootstrap your own latent: A new approach to self-supervised Learning",
                             "Advances in Neural Information Processing Systems", "NeurIPS",
                             "Conference on Neural Information Processing Systems", 2020, "2006.07733",
                             "https://github.com/deepmind/deepmind-research", y20, false);
    byol.set("volume", "33");
    bib.records.push_back(std::move(byol));

    bib.records.push_back(conference("SimSiam", "Exploring Simple Siamese Representation Learning",
                                     "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
                                     "CVPR", "IEEE/CVF Conference on Computer Vision and Pattern Recognition", 2021,
                                     "2011.10566", "https://github.com/facebookresearch/simsiam", y20, true));

    Record clip = conference("CLIP", "Learning Transferable Visual Models From Natural Language Supervision",
                             "Proceedings of the 38th International Conference on Machine Learning", "ICML",
                             "International Conference on Machine Learning", 2021, "2103.00020",
                             "https://github.com/OpenAI/CLIP", y21, true);
    clip.set("collection-title", "Proceedings of Machine Learning Research");
    clip.set("volume", "139");
    clip.keywords = {"vision-language", "contrastive"};
    bib.records.push_back(std::move(clip));

    // A paper whose only link is the proceedings page: no arXiv id.
    Record oss;
    oss.type = "paper-conference";
    oss.id = oss.alias = "OSS";
    oss.set("title", "Unsupervised Representation Transfer for Small Networks: I Believe I Can Distill On-the-Fly");
    oss.set("container-title", "Advances in Neural Information Processing Systems");
    oss.set("container-title-short", "NeurIPS");
    oss.dates.push_back(year(2021));
    std::string oss_url = "https://proceedings.neurips.cc/paper_files/paper/2021/hash/"
                          "cecd845e3577efdaaf24eea03af4c033-Abstract.html";
    oss.set("URL", oss_url);
    oss.links.push_back(Link{"paper", oss_url, {}});
    oss.sections = y21;
    bib.records.push_back(std::move(oss));

    bib.records.push_back(preprint("RELICv2",
                                   "Pushing the limits of self-supervised ResNets: Can we outperform supervised "
                                   "learning without labels on ImageNet?",
                                   2022, "2201.05119", "", y22));

    Record dino = preprint("DINOv2", "DINOv2: Learning Robust Visual Features without Supervision", 2023,
                           "2304.07193", "https://github.com/facebookresearch/dinov2", y23);
    dino.highlight = true;
    dino.links.push_back(Link{"project", "https://dinov2.metademolab.com/", {}});
    dino.notes.push_back("Listed under 2023; the seed calls it arxiv'23.");
    dino.extra.emplace_back("bibtex.timestamp", "2023-04-14");
    dino.extra.emplace_back("csv.My Column", "kept");
    dino.set("note", "Free text for Extra.");
    bib.records.push_back(std::move(dino));
    return bib;
}

}  // namespace bibport::zotero_test
