//! A loaded pathway set: the files, the merged catalogue and the pathways, with id look-ups.

use crate::model::text::Text;
use foldhash::{HashMap, HashMapExt};

use crate::model::span::Spanned;
use crate::model::{
    CatalogueFile, CorePurpose, Event, ExpectedPathway, Interface, Intervention, Kpi,
    LevelDefinition, Pathway, Profession, Stage,
};

/// Index of a file in [`Library::files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// A file of the set, kept for excerpts in findings.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the set's root (`catalogue/core.yaml`).
    pub relative: String,
    /// Path as shown to the user.
    pub display: String,
    /// The text (empty when unreadable); borrowed from the binary for the bundled set.
    pub text: std::borrow::Cow<'static, str>,
}

/// A catalogue entry and the file it came from.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The file.
    pub file: FileId,
    /// Index of the entry within its section of that file (for data paths).
    pub index: usize,
    /// The entry.
    pub item: T,
}

/// All catalogue files merged.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Stages in the order written.
    pub stages: Vec<Located<Stage>>,
    /// Level definitions.
    pub levels: Vec<Located<LevelDefinition>>,
    /// Core purposes.
    pub core_purposes: Vec<Located<CorePurpose>>,
    /// Interfaces.
    pub interfaces: Vec<Located<Interface>>,
    /// Expected pathways.
    pub pathway_set: Vec<Located<ExpectedPathway>>,
    /// Mandated contact events.
    pub mandated_contacts: Vec<Located<Spanned<Text>>>,
    /// Professions.
    pub professions: Vec<Located<Profession>>,
    /// KPIs.
    pub kpis: Vec<Located<Kpi>>,
    /// Events.
    pub events: Vec<Located<Event>>,
}

/// A loaded pathway set.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Every file read, in load order.
    pub files: Vec<SourceFile>,
    /// The merged catalogue.
    pub catalogue: Catalogue,
    /// The pathways and their files.
    pub pathways: Vec<(FileId, Pathway)>,
    /// Pathway files that could not be parsed, by file stem: their ids are taken to exist, so
    /// one broken file is reported once, not again as every reference to it.
    pub unparsed_pathways: Vec<String>,
    /// The assessment framework files.
    pub assessments: Vec<(FileId, crate::model::framework::AssessmentFile)>,
    /// Read from the form build.rs made of the bundled set, which it makes only of files that
    /// hold no hidden character (so HCP028 need not read their text again).
    pub prebuilt: bool,
    index: Index,
}

#[derive(Debug, Clone, Default)]
struct Index {
    stages: HashMap<Text, usize>,
    professions: HashMap<Text, usize>,
    kpis: HashMap<Text, usize>,
    events: HashMap<Text, usize>,
    interfaces: HashMap<Text, usize>,
    /// Pathway id -> first position in `pathways` (built by [`Library::reindex`]).
    pathways: HashMap<Text, usize>,
    /// How many pathways there were when the index was built.
    indexed_pathways: usize,
    /// Pathway id -> its entry in the catalogue's `pathway_set`.
    expected: HashMap<Text, usize>,
}

fn push_all<T>(into: &mut Vec<Located<T>>, file: FileId, items: Vec<T>) {
    into.extend(
        items
            .into_iter()
            .enumerate()
            .map(|(index, item)| Located { file, index, item }),
    );
}

fn index_of<T>(items: &[Located<T>], id: impl Fn(&T) -> &Text) -> HashMap<Text, usize> {
    let mut map = HashMap::new();
    for (i, entry) in items.iter().enumerate() {
        map.entry(id(&entry.item).clone()).or_insert(i);
    }
    map
}

fn index_of_pathways(pathways: &[(FileId, Pathway)]) -> HashMap<Text, usize> {
    let mut map = HashMap::new();
    for (i, (_, p)) in pathways.iter().enumerate() {
        map.entry(p.id.value.clone()).or_insert(i);
    }
    map
}

impl Library {
    /// Merge one catalogue file.
    pub fn add_catalogue(&mut self, file: FileId, c: CatalogueFile) {
        let cat = &mut self.catalogue;
        push_all(&mut cat.stages, file, c.stages);
        push_all(&mut cat.levels, file, c.levels);
        push_all(&mut cat.core_purposes, file, c.core_purposes);
        push_all(&mut cat.interfaces, file, c.interfaces);
        push_all(&mut cat.pathway_set, file, c.pathway_set);
        push_all(&mut cat.mandated_contacts, file, c.mandated_contacts);
        push_all(&mut cat.professions, file, c.professions);
        push_all(&mut cat.kpis, file, c.kpis);
        push_all(&mut cat.events, file, c.events);
    }

    /// Build the id look-ups once everything is added (the loader does this at the end).
    pub fn reindex(&mut self) {
        let cat = &self.catalogue;
        self.index = Index {
            pathways: index_of_pathways(&self.pathways),
            indexed_pathways: self.pathways.len(),
            expected: index_of(&cat.pathway_set, |e| &e.id.value),
            stages: index_of(&cat.stages, |s| &s.id.value),
            professions: index_of(&cat.professions, |p| &p.id.value),
            kpis: index_of(&cat.kpis, |k| &k.id.value),
            events: index_of(&cat.events, |e| &e.id.value),
            interfaces: index_of(&cat.interfaces, |i| &i.id.value),
        };
    }

    /// The file's display path.
    pub fn display(&self, file: FileId) -> &str {
        self.files.get(file.0).map_or("", |f| f.display.as_str())
    }

    /// A stage by id, with its position in the catalogue order.
    pub fn stage(&self, id: &str) -> Option<(usize, &Stage)> {
        let i = *self.index.stages.get(id)?;
        Some((i, &self.catalogue.stages[i].item))
    }

    /// A profession by id.
    pub fn profession(&self, id: &str) -> Option<&Profession> {
        let i = *self.index.professions.get(id)?;
        Some(&self.catalogue.professions[i].item)
    }

    /// A KPI by id.
    pub fn kpi(&self, id: &str) -> Option<&Kpi> {
        let i = *self.index.kpis.get(id)?;
        Some(&self.catalogue.kpis[i].item)
    }

    /// An event by id.
    pub fn event(&self, id: &str) -> Option<&Event> {
        let i = *self.index.events.get(id)?;
        Some(&self.catalogue.events[i].item)
    }

    /// An interface by id.
    pub fn interface(&self, id: &str) -> Option<&Interface> {
        let i = *self.index.interfaces.get(id)?;
        Some(&self.catalogue.interfaces[i].item)
    }

    /// A pathway by id (the first if there are several).
    pub fn pathway(&self, id: &str) -> Option<&Pathway> {
        self.pathway_entry(id).map(|(_, p)| p)
    }

    /// An intervention by id, with its file and pathway: looked up in the pathway its id names
    /// (`universal.new-birth-visit` is in `universal`), else in every pathway.
    pub fn find_intervention(&self, id: &str) -> Option<(FileId, &Pathway, &Intervention)> {
        let named = id
            .split_once('.')
            .and_then(|(p, _)| self.pathway_entry(p))
            .and_then(|(file, p)| {
                p.interventions
                    .iter()
                    .find(|iv| iv.id.value == id)
                    .map(|iv| (*file, p, iv))
            });
        named.or_else(|| {
            self.interventions()
                .find(|(_, _, _, iv)| iv.id.value == id)
                .map(|(file, p, _, iv)| (file, p, iv))
        })
    }

    /// A pathway by id with its file (the first if there are several).
    fn pathway_entry(&self, id: &str) -> Option<&(FileId, Pathway)> {
        match self.index.pathways.get(id) {
            Some(&i) => self.pathways.get(i),
            // Pathways added since the index was built (a library built by hand): scan. A set
            // with duplicate ids has fewer index entries than pathways but is indexed, and a
            // miss there must not scan (rules look up every id: that would be quadratic).
            None if self.index.indexed_pathways != self.pathways.len() => {
                self.pathways.iter().find(|(_, p)| p.id.value == id)
            }
            None => None,
        }
    }

    /// The Universal pathway (the one the catalogue's `pathway_set` registers as `universal`)
    /// with its file, when the set has it.
    pub fn universal_pathway(&self) -> Option<(FileId, &Pathway)> {
        let expected = self
            .catalogue
            .pathway_set
            .iter()
            .find(|e| e.item.kind == crate::model::PathwayKind::Universal)?;
        self.pathway_entry(&expected.item.id.value)
            .map(|(file, p)| (*file, p))
    }

    /// The catalogue's expected-pathway entry for an id.
    pub fn expected_pathway(&self, id: &str) -> Option<&crate::model::ExpectedPathway> {
        let i = *self.index.expected.get(id)?;
        Some(&self.catalogue.pathway_set[i].item)
    }

    /// Whether a pathway id exists, or may exist in a file that could not be parsed.
    pub fn pathway_known(&self, id: &str) -> bool {
        self.pathway(id).is_some() || self.unparsed_pathways.iter().any(|p| p == id)
    }

    /// Stage ids in catalogue order.
    pub fn stage_ids(&self) -> impl Iterator<Item = &str> {
        self.catalogue
            .stages
            .iter()
            .map(|s| s.item.id.value.as_str())
    }

    /// Profession ids.
    pub fn profession_ids(&self) -> impl Iterator<Item = &str> {
        self.catalogue
            .professions
            .iter()
            .map(|p| p.item.id.value.as_str())
    }

    /// KPI ids.
    pub fn kpi_ids(&self) -> impl Iterator<Item = &str> {
        self.catalogue.kpis.iter().map(|k| k.item.id.value.as_str())
    }

    /// Event ids.
    pub fn event_ids(&self) -> impl Iterator<Item = &str> {
        self.catalogue
            .events
            .iter()
            .map(|e| e.item.id.value.as_str())
    }

    /// Interface ids.
    pub fn interface_ids(&self) -> impl Iterator<Item = &str> {
        self.catalogue
            .interfaces
            .iter()
            .map(|i| i.item.id.value.as_str())
    }

    /// Pathway ids in load order.
    pub fn pathway_ids(&self) -> impl Iterator<Item = &str> {
        self.pathways.iter().map(|(_, p)| p.id.value.as_str())
    }

    /// The assessment framework of the set, resolved for scoring; `None` if the set has none.
    pub fn framework(&self) -> Option<crate::model::framework::Framework> {
        crate::model::framework::Framework::from_files(self.assessments.iter().map(|(_, f)| f))
    }

    /// Every intervention with its pathway and file.
    pub fn interventions(&self) -> impl Iterator<Item = (FileId, &Pathway, usize, &Intervention)> {
        self.pathways.iter().flat_map(|(file, p)| {
            p.interventions
                .iter()
                .enumerate()
                .map(move |(i, iv)| (*file, p, i, iv))
        })
    }

    /// The span of stages `from`..=`until` (by catalogue order), if both exist.
    pub fn stage_range_span(
        &self,
        from: &str,
        until: Option<&str>,
    ) -> Option<crate::model::age::Span> {
        let (_, first) = self.stage(from)?;
        let last = match until {
            Some(id) => self.stage(id)?.1,
            None => first,
        };
        Some(crate::model::age::Span {
            from: first.from.value,
            to: last.to.value,
        })
    }

    /// The span of the stage(s) an intervention claims.
    pub fn intervention_stages(&self, iv: &Intervention) -> Option<crate::model::age::Span> {
        self.stage_range_span(
            &iv.stage.value,
            iv.until_stage.as_ref().map(|s| s.value.as_str()),
        )
    }

    /// The span an intervention can occur in: its window, or else its stage(s). A `due` age does
    /// not narrow it: a scheduled item stays listed for its whole stage, shown with its due age.
    pub fn intervention_span(&self, iv: &Intervention) -> Option<crate::model::age::Span> {
        match &iv.window {
            Some(w) => Some(w.span()),
            None => self.intervention_stages(iv),
        }
    }
}
