//! `hcp completions`: the shell scripts clap_complete writes, with the ids of the bundled set as
//! the values of the options and arguments that take them (`--pathway saf<TAB>` →
//! `safeguarding`). The lists are added only to the command the script is generated from, never
//! to the one that parses: a directory given with `--pathways` may hold other ids.

use clap::builder::PossibleValuesParser;
use clap::{Arg, Command};

use hcp::model::library::Library;

/// Which list of ids an argument completes to.
#[derive(Clone, Copy)]
enum Ids {
    Pathways,
    Stages,
    Professions,
    Kpis,
    Interfaces,
    Dimensions,
    Rules,
    /// Anything `hcp show` takes: pathways, KPIs, professions and interventions.
    Shown,
}

/// (subcommand, argument id, its values).
const COMPLETED: &[(&str, &str, Ids)] = &[
    ("query", "pathway", Ids::Pathways),
    ("query", "stage", Ids::Stages),
    ("query", "profession", Ids::Professions),
    ("query", "kpi", Ids::Kpis),
    ("query", "interface", Ids::Interfaces),
    ("schedule", "pathway", Ids::Pathways),
    ("kpi", "kpis", Ids::Kpis),
    ("kpi", "explain", Ids::Kpis),
    ("list", "dimension", Ids::Dimensions),
    ("show", "id", Ids::Shown),
    ("rule", "code", Ids::Rules),
];

fn ids(library: &Library, which: Ids) -> Vec<String> {
    let owned = |it: &mut dyn Iterator<Item = &str>| it.map(str::to_string).collect::<Vec<_>>();
    match which {
        Ids::Pathways => owned(&mut library.pathway_ids()),
        Ids::Stages => owned(&mut library.stage_ids()),
        Ids::Professions => owned(&mut library.profession_ids()),
        Ids::Kpis => owned(&mut library.kpi_ids()),
        Ids::Interfaces => owned(&mut library.interface_ids()),
        Ids::Dimensions => hcp::answer::browse::dimension_ids(library),
        Ids::Rules => hcp::check::RULES
            .iter()
            .map(|r| r.code.to_string())
            .collect(),
        Ids::Shown => {
            let mut all = owned(&mut library.pathway_ids());
            all.extend(owned(&mut library.kpi_ids()));
            all.extend(owned(&mut library.profession_ids()));
            all.extend(
                library
                    .interventions()
                    .map(|(_, _, _, iv)| iv.id.value.to_string()),
            );
            all
        }
    }
}

/// `command` with the bundled set's ids as the possible values of the arguments that take them.
pub fn with_values(mut command: Command) -> Command {
    let Some(library) = hcp::load::load_prebuilt(true) else {
        return command;
    };
    for &(sub, arg, which) in COMPLETED {
        // The process prints the script and exits: the ids may live as long as it does.
        let values: Vec<&'static str> = ids(&library, which)
            .into_iter()
            .map(String::leak)
            .map(|s| &*s)
            .collect();
        command = command.mut_subcommand(sub, |c| {
            c.mut_arg(arg, |a: Arg| {
                a.value_parser(PossibleValuesParser::new(values))
            })
        });
    }
    command
}

/// clap_complete's fish script completes options only: the lines that complete the positional
/// ids (`hcp show <TAB>`, `hcp rule <TAB>`) in fish.
pub fn fish_positionals(command: &Command) -> String {
    let mut out = String::new();
    for sub in command.get_subcommands() {
        for arg in sub.get_positionals() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if values.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "complete -c hcp -n \"__fish_hcp_using_subcommand {}\" -f -a \"{}\"\n",
                sub.get_name(),
                values.join(" ")
            ));
        }
    }
    out
}
