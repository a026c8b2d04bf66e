//! `hcp site`: every page well-formed (parsed strictly, as XML), every internal link and fragment
//! resolving, a page for every intervention, figures with their tables (right after them, not
//! behind a toggle), headings in order, data with markup or hidden characters shown as text, and
//! the output folder handled as documented.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use hcp::load::PathwaySource;

use crate::common;

/// Parse a page strictly: XML well-formedness (every element closed and nested, attributes
/// quoted and unique, `&` only in references XML knows). HTML parsers repair what this refuses.
fn parse(text: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
}

/// The site of the bundled set (or of `pathways`), written into a new folder.
fn site(pathways: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut cmd = common::hcp();
    if let Some(p) = pathways {
        cmd.arg("--pathways").arg(p);
    }
    let ran = cmd.arg("site").arg(&out).output().unwrap();
    assert!(
        ran.status.success(),
        "hcp site failed: {}",
        String::from_utf8_lossy(&ran.stderr)
    );
    dir
}

fn pages(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every page's text, by path.
fn read_all(root: &Path) -> BTreeMap<PathBuf, String> {
    pages(root)
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// The ids in a document.
fn ids(doc: &roxmltree::Document<'_>) -> BTreeSet<String> {
    doc.descendants()
        .filter_map(|n| n.attribute("id"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_page_is_well_formed_and_every_internal_link_resolves() {
    let dir = site(None);
    let root = dir.path().join("site");
    let all = read_all(&root);
    assert!(all.len() > 200, "{} pages", all.len());
    let parsed: BTreeMap<&PathBuf, roxmltree::Document<'_>> = all
        .iter()
        .map(|(path, text)| {
            let doc = parse(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, doc)
        })
        .collect();
    let mut checked = 0;
    for (path, doc) in &parsed {
        for node in doc.descendants().filter(|n| n.is_element()) {
            for attr in ["href", "src"] {
                let Some(target) = node.attribute(attr) else {
                    continue;
                };
                if target.starts_with("https://") || target.starts_with("http://") {
                    continue;
                }
                assert!(
                    !target.contains("://") && !target.starts_with("//"),
                    "{}: `{target}` loads from elsewhere",
                    path.display()
                );
                let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
                let resolved = if file.is_empty() {
                    (*path).clone()
                } else {
                    path.parent().unwrap().join(file)
                };
                let resolved = std::path::absolute(&resolved).unwrap();
                assert!(
                    resolved.is_file(),
                    "{}: `{target}` does not resolve",
                    path.display()
                );
                if !fragment.is_empty() {
                    let canonical = resolved.canonicalize().unwrap();
                    let target_doc = parsed
                        .iter()
                        .find(|(p, _)| p.canonicalize().unwrap() == canonical)
                        .map(|(_, d)| d)
                        .unwrap_or_else(|| panic!("{}: `{target}` is not a page", path.display()));
                    assert!(
                        ids(target_doc).contains(fragment),
                        "{}: `{target}`: no element with id `{fragment}`",
                        path.display()
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked} links checked");
    assert!(root.join("style.css").is_file());
}

#[test]
fn the_strict_parse_fails_on_broken_markup() {
    for broken in [
        "<!DOCTYPE html><html><body><p><b>crossed</p></b></body></html>",
        "<!DOCTYPE html><html><body><p>unclosed</body></html>",
        "<!DOCTYPE html><html><body><br></body></html>",
        "<!DOCTYPE html><html><body><p>fish & chips</p></body></html>",
        "<!DOCTYPE html><html><body><p class=x>unquoted</p></body></html>",
        "<!DOCTYPE html><html><body><p id=\"a\" id=\"b\">twice</p></body></html>",
    ] {
        assert!(parse(broken).is_err(), "accepted: {broken}");
    }
    assert!(
        parse("<!DOCTYPE html><html><body><br /><p>fish &amp; chips</p></body></html>").is_ok()
    );
}

#[test]
fn every_intervention_has_a_page_of_its_own() {
    let dir = site(None);
    let root = dir.path().join("site");
    let lib = common::validate(&PathwaySource::Bundled).unwrap().library;
    let mut n = 0;
    for (_, _, _, iv) in lib.interventions() {
        let page = root
            .join("intervention")
            .join(format!("{}.html", iv.id.value));
        let text = std::fs::read_to_string(&page)
            .unwrap_or_else(|_| panic!("no page for {}", iv.id.value));
        assert!(text.contains(&format!("<code>{}</code>", iv.id.value)));
        n += 1;
    }
    assert_eq!(n, pages(&root.join("intervention")).len());
    for (_, p) in &lib.pathways {
        assert!(
            root.join("pathway")
                .join(format!("{}.html", p.id.value))
                .is_file()
        );
    }
    for k in lib.kpi_ids() {
        assert!(root.join("kpi").join(format!("{k}.html")).is_file(), "{k}");
    }
    for p in lib.profession_ids() {
        assert!(
            root.join("profession").join(format!("{p}.html")).is_file(),
            "{p}"
        );
    }
}

#[test]
fn every_figure_has_a_name_and_the_same_data_as_a_table() {
    let dir = site(None);
    let root = dir.path().join("site");
    let mut figures = 0;
    for (path, text) in read_all(&root) {
        let doc = parse(&text).unwrap();
        let ids = ids(&doc);
        for svg in doc.descendants().filter(|n| n.has_tag_name("svg")) {
            figures += 1;
            assert_eq!(svg.attribute("role"), Some("img"), "{}", path.display());
            let name = svg.attribute("aria-labelledby").unwrap();
            let table = svg.attribute("aria-describedby").unwrap();
            assert!(
                ids.contains(name) && ids.contains(table),
                "{}",
                path.display()
            );
            let table = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(table))
                .unwrap();
            assert!(table.has_tag_name("table"));
            assert!(table.descendants().any(|n| n.has_tag_name("caption")));
            let rows = table.descendants().filter(|n| n.has_tag_name("tr")).count();
            assert!(rows > 1, "{}: the figure's table is empty", path.display());
            assert!(svg.descendants().any(|n| n.has_tag_name("rect")));
        }
    }
    // The index, the interfaces page and one per pathway.
    assert_eq!(figures, 2 + 9);
}

/// Each figure's table is displayed right after the figure, on screen and in print, and never
/// behind a toggle: a closed `<details>` prints closed (only some browsers can be told otherwise),
/// and a black and white printout of a figure alone loses what its colours tell apart. The
/// browser check (`.ci/site-check`) sees the same in print media, as computed.
#[test]
fn every_figures_table_follows_it_and_is_not_behind_a_toggle() {
    for set in [None, Some(Path::new("tests/fixtures/minimal"))] {
        let dir = site(set);
        let mut figures = 0;
        for (path, text) in read_all(&dir.path().join("site")) {
            let doc = parse(&text).unwrap();
            assert!(
                !doc.descendants().any(|n| n.has_tag_name("details")),
                "{}: a <details> on the page",
                path.display()
            );
            for figure in doc.descendants().filter(|n| n.has_tag_name("figure")) {
                figures += 1;
                let id = figure.attribute("id").unwrap();
                let table = doc
                    .descendants()
                    .find(|n| n.attribute("id") == Some(&format!("{id}-table")))
                    .unwrap_or_else(|| panic!("{}: no table for {id}", path.display()));
                assert!(table.has_tag_name("table"));
                if let Some(svg) = figure.descendants().find(|n| n.has_tag_name("svg")) {
                    assert_eq!(
                        svg.attribute("aria-describedby"),
                        table.attribute("id"),
                        "{}",
                        path.display()
                    );
                }
                let next = figure.next_sibling_element().unwrap();
                assert!(
                    next == table || next.descendants().any(|n| n == table),
                    "{}: the table of {id} does not follow it",
                    path.display()
                );
            }
        }
        // The index, the interfaces page and one per pathway.
        assert!(figures >= 2 + 2, "{set:?}: {figures} figures");
    }
}

#[test]
fn pages_have_one_h1_headings_in_order_and_tables_with_captions_and_scopes() {
    let dir = site(None);
    for (path, text) in read_all(&dir.path().join("site")) {
        let doc = parse(&text).unwrap();
        let levels: Vec<usize> = doc
            .descendants()
            .filter_map(|n| {
                let name = n.tag_name().name();
                let level = name.strip_prefix('h')?.parse::<usize>().ok()?;
                (name.len() == 2).then_some(level)
            })
            .collect();
        assert_eq!(levels.first(), Some(&1), "{}", path.display());
        assert_eq!(
            levels.iter().filter(|l| **l == 1).count(),
            1,
            "{}",
            path.display()
        );
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{}: h{} after h{}",
                path.display(),
                pair[1],
                pair[0]
            );
        }
        for table in doc.descendants().filter(|n| n.has_tag_name("table")) {
            assert!(
                table
                    .first_element_child()
                    .is_some_and(|c| c.has_tag_name("caption"))
            );
            for th in table.descendants().filter(|n| n.has_tag_name("th")) {
                assert!(
                    th.attribute("scope").is_some(),
                    "{}: a th without scope",
                    path.display()
                );
            }
        }
        let html = doc.root_element();
        assert_eq!(html.attribute("lang"), Some("en-GB"));
        assert!(
            text.contains("href=\"#main\""),
            "{}: no skip link",
            path.display()
        );
        // Nothing is loaded from elsewhere, and no script runs.
        assert!(
            !doc.descendants().any(|n| n.has_tag_name("script")),
            "{}",
            path.display()
        );
    }
}

#[test]
fn markup_in_data_is_shown_as_text() {
    let set = common::bundled_copy();
    common::edit(
        set.path(),
        "universal.yaml",
        "title: Universal\n",
        "title: \"Universal <script>alert('x')</script> & <b>co</b>\"\n",
    );
    let dir = site(Some(set.path()));
    let root = dir.path().join("site");
    let page = std::fs::read_to_string(root.join("pathway/universal.html")).unwrap();
    assert!(
        page.contains(
            "<h1>Universal &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;</h1>"
        ),
        "{page}"
    );
    for (path, text) in read_all(&root) {
        let doc = parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            !doc.descendants()
                .any(|n| n.has_tag_name("script") || n.has_tag_name("b")),
            "{}",
            path.display()
        );
    }
}

#[test]
fn hidden_characters_are_refused_in_data_and_shown_as_escapes_by_the_renderer() {
    // A set with a control character in a title does not answer at all (HCP028)...
    let set = common::bundled_copy();
    common::edit(
        set.path(),
        "universal.yaml",
        "title: Universal\n",
        "title: \"Universal \\a\\u202e bell\"\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let ran = common::ran(
        common::hcp()
            .arg("--pathways")
            .arg(set.path())
            .arg("site")
            .arg(&out)
            .output()
            .unwrap(),
        None,
    );
    assert_ne!(ran.code, 0);
    assert!(
        ran.stderr.contains("HCP028") || ran.stdout.contains("HCP028"),
        "{}{}",
        ran.stdout,
        ran.stderr
    );
    assert!(!out.exists(), "a refused set wrote a site");
    // ...and the renderer itself shows one as an escape, should one ever reach it.
    let mut lib = common::validate(&PathwaySource::Bundled).unwrap().library;
    let universal = lib
        .pathways
        .iter_mut()
        .find(|(_, p)| p.id.value == "universal")
        .unwrap();
    universal.1.title = "Universal \u{7}\u{202e} <i>bell</i>".into();
    let site = hcp::answer::site::site(&lib, Some(common::today()));
    let provenance = hcp::answer::provenance::Provenance::new(
        &PathwaySource::Bundled,
        &lib,
        Some(common::today()),
    );
    let pages = hcp::render::site::pages(&site, &lib, &provenance).unwrap();
    let page = pages
        .iter()
        .find(|p| p.path == "pathway/universal.html")
        .unwrap();
    let text = String::from_utf8(page.bytes.clone()).unwrap();
    assert!(
        text.contains("Universal \\x07\\u202e &lt;i&gt;bell&lt;/i&gt;"),
        "{text}"
    );
    for page in &pages {
        let text = String::from_utf8_lossy(&page.bytes);
        assert!(
            !text.chars().any(hcp::render::sanitize::is_hazardous),
            "{}",
            page.path
        );
        if page.path.ends_with(".html") {
            parse(&text).unwrap_or_else(|e| panic!("{}: {e}", page.path));
        }
    }
}

#[test]
fn the_output_folder_is_new_empty_or_an_earlier_site() {
    let dir = tempfile::tempdir().unwrap();
    // A file: refused, exit 2.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let ran = common::ran(
        common::hcp().arg("site").arg(&file).output().unwrap(),
        Some(dir.path()),
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(ran.stderr.contains("is not a folder"), "{}", ran.stderr);
    // A folder with something else in it: refused, exit 2, untouched; --force writes into it.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let ran = common::ran(
        common::hcp().arg("site").arg(&other).output().unwrap(),
        Some(dir.path()),
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(ran.stderr.contains("--force"), "{}", ran.stderr);
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
    let forced = common::hcp()
        .arg("site")
        .arg(&other)
        .arg("--force")
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert!(other.join("index.html").is_file() && other.join("notes.txt").is_file());
    // An earlier site: replaced, and a page whose intervention has gone is gone too.
    let out = dir.path().join("site");
    assert!(
        common::hcp()
            .arg("site")
            .arg(&out)
            .output()
            .unwrap()
            .status
            .success()
    );
    let stale = out.join("intervention/universal.removed-since.html");
    std::fs::write(&stale, "old").unwrap();
    let list = out.join(".hcp-site");
    let mut manifest = std::fs::read_to_string(&list).unwrap();
    manifest.push_str("intervention/universal.removed-since.html\n../outside.txt\n");
    std::fs::write(&list, manifest).unwrap();
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "keep").unwrap();
    let ran = common::ran(
        common::hcp().arg("site").arg(&out).output().unwrap(),
        Some(dir.path()),
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.stdout.starts_with("Wrote "), "{}", ran.stdout);
    assert!(!stale.exists(), "a stale page was left");
    assert!(outside.exists(), "a path outside the site was removed");
    assert!(out.join("index.html").is_file());
}

/// Making a site again removes only files hcp could have written, and never through a link: a
/// site folder that is a link to somewhere else is refused before anything is removed, and a
/// manifest line naming a user's file, a deeper path or a link's way out is left alone.
#[cfg(unix)]
#[test]
fn making_a_site_again_never_removes_through_a_link_or_beyond_what_hcp_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let made = |out: &std::path::Path| {
        common::ran(
            common::hcp().arg("site").arg(out).output().unwrap(),
            Some(dir.path()),
        )
    };
    assert_eq!(made(&out).code, 0);
    let victim = dir.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    std::fs::write(victim.join("x.html"), "precious").unwrap();
    std::fs::write(victim.join("notes.txt"), "precious").unwrap();
    // A site folder replaced by a link: refused (exit 2) before anything is removed.
    std::fs::remove_dir_all(out.join("pathway")).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("pathway")).unwrap();
    let list = out.join(".hcp-site");
    let mut manifest = std::fs::read_to_string(&list).unwrap();
    manifest.push_str("pathway/x.html\n");
    std::fs::write(&list, &manifest).unwrap();
    let ran = made(&out);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(ran.stderr.contains("is a link"), "{}", ran.stderr);
    assert!(
        victim.join("x.html").is_file(),
        "removed through a linked folder"
    );
    assert!(
        out.join("index.html").is_file(),
        "the site was emptied before refusing"
    );
    // A link that is not a site folder, and a user's own file, named on the list: left alone.
    std::fs::remove_file(out.join("pathway")).unwrap();
    std::fs::create_dir(out.join("pathway")).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("docs")).unwrap();
    std::fs::write(out.join("README.md"), "mine").unwrap();
    manifest.push_str("docs/notes.txt\ndocs/x.html\nREADME.md\n");
    std::fs::write(&list, &manifest).unwrap();
    let ran = made(&out);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(victim.join("notes.txt").is_file() && victim.join("x.html").is_file());
    assert!(
        out.join("README.md").is_file(),
        "a file hcp never writes was removed"
    );
    assert!(out.join("pathway/universal.html").is_file());
}

#[test]
fn the_kpi_page_reads_as_expected() {
    let dir = site(None);
    let page = std::fs::read_to_string(dir.path().join("site/kpi/C2.html")).unwrap();
    insta::assert_snapshot!("site_kpi_c2", page);
}

#[test]
fn every_page_says_where_it_came_from_and_flags_a_pathway_past_its_review_date() {
    // H39: a page read on its own, printed or copied, still names the hcp version, the pathway set
    // (a directory by its content hash), its review dates and the date it was made.
    let set = common::bundled_copy();
    let dir = site(Some(set.path()));
    for (path, text) in read_all(&dir.path().join("site")) {
        assert!(
            text.contains("Made by hcp ")
                && text.contains("SHA-256 ")
                && text.contains("as of 3 December 2026"),
            "{}: no provenance",
            path.display()
        );
        assert!(!text.contains("Review overdue"), "{}", path.display());
    }
    // A pathway past its review date: a warning on every page, and on its own page and the index.
    common::edit(
        set.path(),
        "safeguarding.yaml",
        "last_reviewed: 2026-12-03",
        "last_reviewed: 2025-12-01",
    );
    common::edit(
        set.path(),
        "safeguarding.yaml",
        "next_review: 2027-12-03",
        "next_review: 2026-12-01",
    );
    let dir = site(Some(set.path()));
    let root = dir.path().join("site");
    for (path, text) in read_all(&root) {
        assert!(
            text.contains("Review overdue") && text.contains("`safeguarding` (due 2026-12-01)"),
            "{}: no review warning",
            path.display()
        );
    }
    let page = std::fs::read_to_string(root.join("pathway/safeguarding.html")).unwrap();
    assert!(
        page.contains("1 December 2026 <strong class=\"overdue\">(overdue)</strong>"),
        "{page}"
    );
}

/// Two ids that differ only in capitals (`C1`, `c1`) would give pages one case-insensitive disk
/// cannot hold apart: refused (exit 2) before anything is written.
#[test]
fn pages_whose_names_differ_only_in_case_are_refused_before_anything_is_written() {
    let set = common::bundled_copy();
    common::edit(
        set.path(),
        "catalogue/kpis.yaml",
        "  - id: C1\n",
        "  - id: c1\n    title: A local KPI\n    definition: A count kept locally.\n    numerator: Families counted.\n    denominator: None.\n    status: recommended\n    source: \"Local guidance\"\n    certainty: confirmed\n  - id: C1\n",
    );
    let validated = common::hcp()
        .arg("--pathways")
        .arg(set.path())
        .arg("validate")
        .output()
        .unwrap();
    assert_ne!(validated.status.code(), Some(2));
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let ran = common::ran(
        common::hcp()
            .arg("--pathways")
            .arg(set.path())
            .arg("site")
            .arg(&site)
            .output()
            .unwrap(),
        Some(out.path()),
    );
    if ran.code == 0 {
        panic!("written: {}", ran.stdout);
    }
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("differ only in capitals"),
        "{}",
        ran.stderr
    );
    assert!(!site.join("index.html").exists());
}
