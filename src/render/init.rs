//! The words `hcp init` writes: the README of a new local copy of the pathways.

/// The README stub of a directory `hcp init` filled.
pub fn init_readme(version: &str) -> String {
    format!(
        "# Local Healthy Child Programme pathways

A copy of the pathways bundled with hcp {version}, written by `hcp init`, to edit and check.

- `*.yaml`: one file per pathway (the Universal pathway and the eight targeted ones).
- `catalogue/`: stages, levels, professions, KPIs, events, interfaces, core purposes.
- `assessment/`: the Assessment Triangle framework `hcp assess` scores against.
- `schemas/`: the JSON Schemas; each YAML file's first line
  (`# yaml-language-server: $schema=...`) points an editor at its own.

Check the copy, then use it instead of the bundled set:

```sh
hcp --pathways . validate --strict
hcp --pathways . query --age 12w
hcp --pathways . diff bundled
```

`HCP_PATHWAYS=$PWD` does the same as `--pathways .` for every command. `hcp rule --all` lists
the checks; `hcp list dimensions` and `hcp list indicators` the framework's ids.

Before using a change in practice, have it reviewed as your organisation requires: hcp checks
the data's structure and consistency, not its clinical content.
"
    )
}
