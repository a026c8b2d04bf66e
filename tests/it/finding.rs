//! Issue 19, "finding your way" and terminals: ids and codes are never split in tables and
//! wrapped text, piped output is one line per row, ids complete in the shells, the assessment
//! framework can be listed, levels are read in their short forms, suggestions are offered only
//! for near ids, age errors show the accepted forms, and `HCP_TODAY` is `--today`.

use crate::common::{self, ran, run};

fn ok(args: &[&str]) -> String {
    let out = ran(run(args), None);
    assert_eq!(out.code, 0, "hcp {args:?}:\n{}{}", out.stdout, out.stderr);
    out.stdout
}

fn stderr_of(args: &[&str], code: i32) -> String {
    let out = ran(run(args), None);
    assert_eq!(
        out.code, code,
        "hcp {args:?}:\n{}{}",
        out.stdout, out.stderr
    );
    out.stderr
}

/// The `id` of every item of a JSON listing.
fn listed_ids(kind: &str) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["list", kind, "--format", "json"])).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

/// Every `text` is on one line of `out`, whole, as a word of its own.
fn each_whole_on_a_line(out: &str, texts: &[String], what: &str) {
    for text in texts {
        let whole = out.lines().any(|line| {
            line.split(|c: char| c.is_whitespace() || "│┆,;[]()".contains(c))
                .any(|word| word == text)
        });
        assert!(whole, "{what}: `{text}` is not whole on any line:\n{out}");
    }
}

// ---- item 4: tables and wrapping --------------------------------------------------------------

#[test]
fn piped_list_pathways_has_each_pathway_on_one_line() {
    let out = ok(&["list", "pathways"]);
    let ids = listed_ids("pathways");
    each_whole_on_a_line(&out, &ids, "list pathways");
    // One line per row: the header, the rule, nine rows and the borders.
    assert_eq!(out.lines().count(), ids.len() + 4, "{out}");
}

#[test]
fn piped_query_keeps_every_kpi_code_whole() {
    let args = ["query", "--pathway", "safeguarding", "--age", "2y"];
    let out = ok(&args);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&[&args[..], &["--format", "json"]].concat())).unwrap();
    let kpis: Vec<String> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["kpis"].as_array().unwrap().iter())
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    assert!(kpis.contains(&"R-SG-CORE-GROUP-HV-ATTENDANCE".to_string()));
    each_whole_on_a_line(&out, &kpis, "query --pathway safeguarding --age 2y");
    // Each item is one line when piped.
    let items = json["results"].as_array().unwrap().len();
    let item_lines = out.lines().filter(|l| l.starts_with("  ")).count();
    assert_eq!(item_lines, items, "{out}");
    // `hcp query --age 12w | grep -c R-UNIV-CC-REGISTRATION-UNDER-1` finds it.
    let out = ok(&["query", "--age", "12w"]);
    assert!(out.contains("R-UNIV-CC-REGISTRATION-UNDER-1"), "{out}");
}

#[test]
fn narrow_tables_split_no_id_or_code() {
    let kpis = listed_ids("kpis");
    for width in ["40", "60", "80"] {
        let out = ok(&["list", "kpis", "--width", width]);
        each_whole_on_a_line(&out, &kpis, &format!("list kpis --width {width}"));
        let out = ok(&["list", "pathways", "--width", width]);
        each_whole_on_a_line(&out, &listed_ids("pathways"), "list pathways");
        let out = ok(&["query", "--stage", "6-8-weeks", "--width", width]);
        let json: serde_json::Value =
            serde_json::from_str(&ok(&["query", "--stage", "6-8-weeks", "--format", "json"]))
                .unwrap();
        let in_stage: Vec<String> = json["results"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["kpis"].as_array().unwrap().iter())
            .map(|k| k.as_str().unwrap().to_string())
            .collect();
        assert!(!in_stage.is_empty());
        each_whole_on_a_line(&out, &in_stage, "query --stage 6-8-weeks");
    }
}

#[test]
fn show_and_assess_text_respect_the_width() {
    for args in [
        &["show", "safeguarding", "--width", "80"][..],
        &["show", "universal.new-birth-visit", "--width", "80"],
        &[
            "assess",
            "examples/universal-plus.yaml",
            "--today",
            common::TODAY,
            "--width",
            "80",
        ],
    ] {
        let out = ran(
            common::hcp()
                .args(args)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .unwrap(),
            None,
        );
        assert!(out.code == 0 || out.code == 1, "{args:?}: {}", out.stderr);
        for line in out.stdout.lines() {
            let table = line.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c));
            let one_word = !line.trim().contains(' ');
            assert!(
                table || one_word || line.chars().count() <= 80,
                "{args:?}: too wide: {line}"
            );
        }
    }
}

// ---- item 5: completion of values ---------------------------------------------------------------

/// Complete `words` (the last one being typed) with the bash script `hcp completions bash` prints.
fn bash_complete(words: &[&str]) -> Option<Vec<String>> {
    let script = ok(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hcp.bash");
    std::fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let current = words.last().unwrap();
    let previous = words[words.len() - 2];
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; \
         _hcp hcp '{current}' '{previous}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn bash_completes_ids() {
    let cases: [(&[&str], &[&str]); 7] = [
        (&["hcp", "query", "--pathway", "saf"], &["safeguarding"]),
        (&["hcp", "query", "--stage", "6-8"], &["6-8-weeks"]),
        (
            &["hcp", "query", "--profession", "health-v"],
            &["health-visitor"],
        ),
        (&["hcp", "query", "--kpi", "C8"], &["C8i", "C8ii"]),
        (
            &["hcp", "show", "universal.new-b"],
            &["universal.new-birth-visit"],
        ),
        (&["hcp", "rule", "HCP00"], &["HCP001"]),
        (
            &["hcp", "list", "indicators", "--dimension", "heal"],
            &["health"],
        ),
    ];
    for (words, expected) in cases {
        let Some(got) = bash_complete(words) else {
            eprintln!("skipped: bash is not installed");
            return;
        };
        for e in expected {
            assert!(got.iter().any(|g| g == e), "{words:?}: {got:?} lacks {e}");
        }
    }
    // Interfaces complete too.
    let interfaces = listed_ids("interfaces");
    let first = &interfaces[0];
    let got = bash_complete(&["hcp", "query", "--interface", &first[..3]]).unwrap();
    assert!(got.contains(first), "{got:?}");
}

#[test]
fn zsh_and_fish_scripts_hold_the_ids() {
    for shell in ["zsh", "fish"] {
        let script = ok(&["completions", shell]);
        for id in [
            "safeguarding",
            "6-8-weeks",
            "health-visitor",
            "C8ii",
            "HCP005",
        ] {
            assert!(script.contains(id), "{shell} script lacks {id}");
        }
    }
}

#[test]
fn completion_lists_do_not_restrict_what_is_parsed() {
    // A directory set may hold ids the bundled set lacks: parsing must not use the lists.
    let err = stderr_of(&["query", "--pathway", "no-such-pathway", "--age", "1y"], 2);
    assert!(!err.contains("possible values"), "{err}");
}

// ---- item 7: finding your way -------------------------------------------------------------------

#[test]
fn dimensions_and_indicators_are_listed_in_every_format() {
    let dimensions = listed_ids("dimensions");
    assert!(dimensions.contains(&"health".to_string()), "{dimensions:?}");
    let indicators = listed_ids("indicators");
    assert!(indicators.len() > dimensions.len());
    let health = ok(&[
        "list",
        "indicators",
        "--dimension",
        "health",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&health).unwrap();
    let items = json["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["dimension"] == "health"), "{health}");
    assert_eq!(json["kind"], "indicators");
    for format in ["table", "csv", "markdown"] {
        let out = ok(&["list", "dimensions", "--format", format]);
        each_whole_on_a_line(&out, &dimensions, format);
        let out = ok(&[
            "list",
            "indicators",
            "--dimension",
            "health",
            "--format",
            format,
        ]);
        assert!(out.contains("health.registered-with-gp"), "{format}: {out}");
        assert!(!out.contains("education."), "{format}: {out}");
    }
    let err = stderr_of(&["list", "indicators", "--dimension", "healht"], 2);
    assert!(err.contains("did you mean `health`"), "{err}");
    let err = stderr_of(&["list", "pathways", "--dimension", "health"], 2);
    assert!(err.contains("--dimension goes with"), "{err}");
}

#[test]
fn short_level_names_are_accepted_on_the_command_line() {
    let long = ok(&[
        "query",
        "--stage",
        "6-8-weeks",
        "--level",
        "universal-partnership-plus",
        "--format",
        "json",
    ]);
    for short in ["UPP", "upp"] {
        let out = ok(&[
            "query",
            "--stage",
            "6-8-weeks",
            "--level",
            short,
            "--format",
            "json",
        ]);
        assert_eq!(out, long, "--level {short}");
    }
    let plus = ok(&[
        "query",
        "--stage",
        "6-8-weeks",
        "--level",
        "universal-plus",
        "--format",
        "json",
    ]);
    assert_eq!(
        ok(&[
            "query",
            "--stage",
            "6-8-weeks",
            "--level",
            "U+",
            "--format",
            "json"
        ]),
        plus
    );
    let universal = ok(&[
        "query",
        "--stage",
        "6-8-weeks",
        "--level",
        "universal",
        "--format",
        "json",
    ]);
    assert_eq!(
        ok(&[
            "query",
            "--stage",
            "6-8-weeks",
            "--level",
            "U",
            "--format",
            "json"
        ]),
        universal
    );
}

#[test]
fn short_band_names_are_accepted_in_family_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let original = std::fs::read_to_string(root.join("examples/universal-plus.yaml")).unwrap();
    assert!(original.contains("band: universal-plus"));
    let dir = tempfile::tempdir().unwrap();
    let run_on = |text: &str, name: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = common::hcp()
            .args(["assess", "--today", common::TODAY, "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        ran(out, Some(dir.path()))
    };
    let long = run_on(&original, "long.yaml");
    for short in ["U+", "u+"] {
        let text = original.replace("band: universal-plus", &format!("band: \"{short}\""));
        let out = run_on(&text, "short.yaml");
        assert_eq!(out.code, long.code, "{}", out.stderr);
        assert_eq!(
            out.stdout.replace("short.yaml", "long.yaml"),
            long.stdout,
            "band: {short}"
        );
    }
}

#[test]
fn did_you_mean_is_offered_only_for_a_near_id() {
    let err = stderr_of(&["query", "--age", "1y", "--kpi", "C8iii"], 2);
    assert!(err.contains("did you mean `C8ii`"), "{err}");
    let err = stderr_of(&["query", "--age", "1y", "--kpi", "R-UNIV-FOO"], 2);
    assert!(!err.contains("did you mean"), "{err}");
    let err = stderr_of(&["show", "safegaurding"], 2);
    assert!(err.contains("did you mean `safeguarding`"), "{err}");
    let err = stderr_of(&["show", "breastfeeding"], 2);
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn age_errors_quote_what_was_typed_and_show_the_accepted_forms() {
    let err = stderr_of(&["query", "--age", "18 months"], 2);
    assert!(err.contains("'18 months'"), "{err}");
    assert!(err.contains("did you mean `18m`?"), "{err}");
    assert!(err.contains("Accepted forms: birth, 10d"), "{err}");
    assert!(!err.contains("` ` is not a unit"), "{err}");
    let err = stderr_of(&["query", "--gestation", "28"], 2);
    assert!(err.contains("did you mean `28w`?"), "{err}");
    assert!(err.contains("add w"), "{err}");
    assert!(!err.contains("year"), "{err}");
    let err = stderr_of(&["query", "--age", "2 years 6 months"], 2);
    assert!(err.contains("did you mean `2y6m`?"), "{err}");
}

#[test]
fn a_family_files_age_in_words_is_explained_without_being_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let original = std::fs::read_to_string(root.join("examples/antenatal.yaml")).unwrap();
    assert!(original.contains("  gestation: 30w\n"));
    let text = original.replace("  gestation: 30w\n", "  age: 18 monthsZQ\n");
    let path = dir.path().join("family.yaml");
    std::fs::write(&path, text).unwrap();
    let out = ran(
        common::hcp()
            .args(["assess", "--today", common::TODAY])
            .arg(&path)
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(!all.contains("monthsZQ"), "{all}");
    assert!(all.contains("without spaces"), "{all}");
}

// ---- item 10: HCP_TODAY is --today --------------------------------------------------------------

#[test]
fn hcp_today_and_today_give_the_same_results_everywhere() {
    // After every bundled pathway's next review (2027-12-03), so validate has warnings to show.
    let date = "2027-12-04";
    let root = env!("CARGO_MANIFEST_DIR");
    let commands: [&[&str]; 5] = [
        &["validate"],
        &["validate", "--format", "json"],
        &["assess", "examples/universal-plus.yaml", "--format", "json"],
        &[
            "schedule",
            "examples/records/record-overdue.yaml",
            "--format",
            "json",
        ],
        &[
            "kpi",
            "examples/kpi",
            "--quarter",
            "2026-Q3",
            "--format",
            "json",
        ],
    ];
    for args in commands {
        let flag = common::hcp()
            .args(args)
            .args(["--today", date])
            .current_dir(root)
            .output()
            .unwrap();
        let env = common::hcp()
            .args(args)
            .env("HCP_TODAY", date)
            .current_dir(root)
            .output()
            .unwrap();
        let unpinned = common::hcp().args(args).current_dir(root).output().unwrap();
        assert_eq!(flag.status.code(), env.status.code(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&flag.stdout),
            String::from_utf8_lossy(&env.stdout),
            "{args:?}"
        );
        assert_eq!(flag.stderr, env.stderr, "{args:?}");
        if args == ["validate"] {
            // A year on, review dates have passed: the pinned date is used, not the clock's.
            assert_ne!(flag.stdout, unpinned.stdout, "validate ignored the date");
        }
    }
}

// ---- item 6: man pages --------------------------------------------------------------------------

/// Render a page with groff (warnings on, UTF-8 through preconv) or, failing that, `man -l`; the
/// warnings, or `None` when neither tool is installed.
fn roff_warnings(page: &std::path::Path) -> Option<String> {
    let groff = std::process::Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .arg(page)
        .output();
    if let Ok(out) = groff {
        assert!(out.status.success(), "groff failed on {}", page.display());
        return Some(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let man = std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(page)
        .env("MANPAGER", "cat")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .ok()?;
    assert!(man.status.success(), "man -l failed on {}", page.display());
    Some(String::from_utf8_lossy(&man.stderr).into_owned())
}

#[test]
fn man_pages_one_per_subcommand_render_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(&["man", "--dir", dir.path().to_str().unwrap()]);
    let mut pages = vec!["hcp".to_string()];
    pages.extend(common::SUBCOMMANDS.iter().map(|s| format!("hcp-{s}")));
    let written = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(written, pages.len(), "{out}");
    for page in &pages {
        let path = dir.path().join(format!("{page}.1"));
        assert!(out.contains(&path.display().to_string()), "{out}");
        let roff = std::fs::read_to_string(&path).unwrap();
        for section in ["EXIT STATUS", "ENVIRONMENT", "SYNOPSIS"] {
            assert!(roff.contains(section), "{page} lacks {section}");
        }
        for variable in [
            "HCP_PATHWAYS",
            "HCP_TODAY",
            "HCP_CLOCK",
            "NO_COLOR",
            "COLUMNS",
        ] {
            assert!(roff.contains(variable), "{page} lacks {variable}");
        }
        assert!(roff.contains(".SH EXAMPLES"), "{page} has no EXAMPLES");
        match roff_warnings(&path) {
            Some(warnings) => assert!(warnings.trim().is_empty(), "{page}: {warnings}"),
            None => {
                eprintln!("skipped rendering: neither groff nor man is installed");
                return;
            }
        }
    }
    // hcp(1) names only pages that exist.
    let main = std::fs::read_to_string(dir.path().join("hcp.1")).unwrap();
    for named in main.match_indices("hcp\\-").map(|(i, _)| &main[i..]) {
        let name: String = named
            .replace("\\-", "-")
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        assert!(pages.contains(&name), "hcp(1) names {name}");
    }
    // `hcp man` prints hcp(1).
    assert_eq!(ok(&["man"]), main);
    let query = std::fs::read_to_string(dir.path().join("hcp-query.1")).unwrap();
    assert!(
        query.contains("hcp query \\-\\-pathway safeguarding \\-\\-age 2y"),
        "{query}"
    );
}

// ---- item 9: hcp init ---------------------------------------------------------------------------

#[test]
fn init_writes_a_local_copy_that_validates_with_working_modelines() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("local pathways");
    let out = ok(&["init", dir.to_str().unwrap()]);
    assert!(dir.join("README.md").is_file(), "{out}");
    for kind in ["pathway", "catalogue", "assessment", "family"] {
        let shipped = dir.join("schemas").join(format!("{kind}.schema.json"));
        assert_eq!(
            std::fs::read_to_string(&shipped).unwrap(),
            ok(&["schema", kind]),
            "{kind}"
        );
    }
    // Every YAML file names its schema on its first line, by a path that exists.
    let mut yaml = 0;
    for sub in ["", "catalogue", "assessment"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                continue;
            }
            yaml += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let first = text.lines().next().unwrap();
            let target = first
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| panic!("{}: {first}", path.display()));
            let resolved = path.parent().unwrap().join(target);
            assert!(resolved.is_file(), "{}: {target}", path.display());
            let kind = match sub {
                "" => "pathway",
                other => other,
            };
            assert!(target.ends_with(&format!("{kind}.schema.json")), "{target}");
        }
    }
    assert!(yaml >= 20, "{yaml} YAML files");
    // The copy validates cleanly and holds what the bundled set holds.
    let validated = ran(
        common::hcp()
            .arg("--pathways")
            .arg(&dir)
            .args(["validate", "--strict"])
            .output()
            .unwrap(),
        None,
    );
    assert_eq!(
        validated.code, 0,
        "{}{}",
        validated.stdout, validated.stderr
    );
    let diff = common::hcp()
        .arg("--pathways")
        .arg(&dir)
        .arg("diff")
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(0));
    // A directory that is not empty is refused, and left as it was.
    let err = stderr_of(&["init", dir.to_str().unwrap()], 2);
    assert!(err.contains("not empty"), "{err}");
    let other = parent.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let err = stderr_of(&["init", other.to_str().unwrap()], 2);
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
}
