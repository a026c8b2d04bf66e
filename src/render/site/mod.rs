//! `hcp site`: the pathway set as a static website, rendered with minijinja templates compiled
//! into the binary (`templates/`): an index (the programme, the levels, the pathways with their
//! spans and counts, the ages-and-stages figure, the Children's Centre core purposes, the review
//! dates), a page per pathway, KPI, profession and intervention, the partnership interfaces and
//! the assessment framework, and one stylesheet (screen and A4 print). No scripts, fonts or
//! addresses outside the site are loaded, so it works from `file://`.
//!
//! Escaping: every string a template prints goes through [`environment`]'s formatter, which first
//! shows hidden characters (controls, bidi overrides; `sanitize::is_hazardous`) as visible
//! escapes ([`visible`]) and then escapes `&`, `<`, `>` and both quotes ([`escape`]); other
//! values get minijinja's own HTML escaping. No template marks data safe. The markup is XHTML-compatible HTML5 (void elements closed), so an XML parser
//! can check every page strictly (tests/it/site.rs).

mod figures;
mod pages;
mod timeline;
mod views;

use std::borrow::Cow;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, context};
use serde::Serialize;

use crate::answer::provenance::Provenance;
use crate::answer::site::Site;
use crate::model::library::Library;
use crate::render::sanitize::is_hazardous;
use crate::render::words::{provenance_line, review_overdue_line};
use timeline::Figure;
use views::Ctx;

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Where it goes, relative to the site's folder, with `/` between folders.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The folders the site's pages are in (besides its root).
pub const FOLDERS: [&str; 4] = ["pathway", "kpi", "profession", "intervention"];

/// A template that failed (a bug in hcp: the tests render every template).
#[derive(Debug, thiserror::Error)]
#[error("the {page} page could not be rendered: {source}")]
pub struct SiteError {
    page: String,
    #[source]
    source: minijinja::Error,
}

const TEMPLATES: [(&str, &str); 12] = [
    ("base.html", include_str!("templates/base.html")),
    ("macros.html", include_str!("templates/macros.html")),
    ("figure.svg", include_str!("templates/figure.svg")),
    ("index.html", include_str!("templates/index.html")),
    ("pathway.html", include_str!("templates/pathway.html")),
    ("kpi.html", include_str!("templates/kpi.html")),
    ("kpis.html", include_str!("templates/kpis.html")),
    ("profession.html", include_str!("templates/profession.html")),
    (
        "professions.html",
        include_str!("templates/professions.html"),
    ),
    (
        "intervention.html",
        include_str!("templates/intervention.html"),
    ),
    ("framework.html", include_str!("templates/framework.html")),
    ("interfaces.html", include_str!("templates/interfaces.html")),
];

/// `text` with each hidden character (a control, a bidi override, a zero-width character) shown
/// as a visible escape (`\x07`, `\u202e`), as every other sink shows it; newline and tab kept.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hazardous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        let code = u32::from(c);
        match c {
            c if !is_hazardous(c) => out.push(c),
            _ if code < 0x80 => out.push_str(&format!("\\x{code:02x}")),
            _ => out.push_str(&format!("\\u{code:04x}")),
        }
    }
    Cow::Owned(out)
}

/// `text` for HTML text and quoted attribute values: `&`, `<`, `>`, `"` and `'` as references.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The template environment: HTML autoescape for `.html` and `.svg`, hidden characters shown
/// before escaping, undefined variables an error.
pub fn environment() -> Result<Environment<'static>, SiteError> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".svg") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(text) if *state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
            out.write_str(&escape(&visible(text))).map_err(Into::into)
        }
        _ => minijinja::escape_formatter(out, state, value),
    });
    for (name, source) in TEMPLATES {
        // The templates are compiled into hcp; every test run parses them.
        env.add_template(name, source).map_err(|source| SiteError {
            page: name.to_string(),
            source,
        })?;
    }
    Ok(env)
}

/// An entry of the main navigation.
#[derive(Debug, Clone, Serialize)]
struct Nav {
    key: &'static str,
    href: &'static str,
    text: &'static str,
    about: &'static str,
}

const NAV: [Nav; 5] = [
    Nav {
        key: "home",
        href: "index.html",
        text: "Pathways",
        about: "the programme, the levels, the pathways and the ages and stages",
    },
    Nav {
        key: "kpis",
        href: "kpi/index.html",
        text: "KPIs",
        about: "each KPI's definition and the interventions it measures",
    },
    Nav {
        key: "professions",
        href: "profession/index.html",
        text: "Professions",
        about: "what each profession leads, by age",
    },
    Nav {
        key: "interfaces",
        href: "interfaces.html",
        text: "Partnership interfaces",
        about: "midwife and health visitor, health visitor to school nurse, and Children's Centres",
    },
    Nav {
        key: "framework",
        href: "framework.html",
        text: "Assessment framework",
        about: "the Assessment Triangle's indicators by band",
    },
];

/// The standing statement at the foot of every page.
const JUDGEMENT: &str = "hcp lists what the pathways say. It never replaces professional judgement: the practitioner decides.";

/// What every page's layout needs.
#[derive(Debug, Clone, Serialize)]
struct Base<'a> {
    version: &'static str,
    title: String,
    root: &'static str,
    nav: &'a [Nav],
    current: &'static str,
    overdue: Option<String>,
    statement: &'static str,
    provenance: String,
}

struct Renderer<'a> {
    env: Environment<'static>,
    lib: &'a Library,
    site: &'a Site,
    overdue: Option<String>,
    provenance: String,
    pages: Vec<Page>,
}

impl<'a> Renderer<'a> {
    fn ctx(&self, root: &'static str) -> Ctx<'a> {
        Ctx {
            lib: self.lib,
            root,
        }
    }

    fn base(&self, title: impl Into<String>, root: &'static str, current: &'static str) -> Value {
        Value::from(Serde(Base {
            version: env!("CARGO_PKG_VERSION"),
            title: title.into(),
            root,
            nav: &NAV,
            current,
            overdue: self.overdue.clone(),
            statement: JUDGEMENT,
            provenance: self.provenance.clone(),
        }))
    }

    fn page(&self, template: &str, path: String, ctx: Value) -> Result<Page, SiteError> {
        let html = self
            .env
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(|source| SiteError {
                page: path.clone(),
                source,
            })?;
        Ok(Page {
            path,
            bytes: html.into_bytes(),
        })
    }

    fn render(&mut self, template: &str, path: String, ctx: Value) -> Result<(), SiteError> {
        let page = self.page(template, path, ctx)?;
        self.pages.push(page);
        Ok(())
    }

    fn index(&mut self) -> Result<(), SiteError> {
        let ctx = self.ctx("");
        let site = self.site;
        let pathways: Vec<_> = site
            .pathways
            .iter()
            .map(|p| pages::pathway_line(ctx, site, p))
            .collect();
        let figure = index_figure(self.lib, site);
        let targeted = site
            .pathways
            .iter()
            .filter(|p| p.kind == crate::answer::browse::ListedKind::Targeted)
            .count();
        let intro = format!(
            "The Healthy Child Programme, from pregnancy to 5 years (England), as {} {}: \
             one Universal pathway for every family and {targeted} targeted {} at Universal Plus \
             and Universal Partnership Plus, each in addition to Universal. Every page here is \
             made from the validated pathway data.",
            site.pathways.len(),
            crate::render::words::plural(site.pathways.len(), "pathway", "pathways"),
            crate::render::words::plural(targeted, "pathway", "pathways"),
        );
        let levels: Vec<_> = site
            .levels
            .iter()
            .map(|l| {
                context! {
                    short => crate::render::words::level_short(l.id),
                    class => match l.id {
                        crate::model::Level::Universal => "lvl-u",
                        crate::model::Level::UniversalPlus => "lvl-up",
                        crate::model::Level::UniversalPartnershipPlus => "lvl-upp",
                    },
                    title => l.title.to_string(),
                    definition => l.definition.to_string(),
                }
            })
            .collect();
        let core_purposes: Vec<_> = site
            .core_purposes
            .iter()
            .map(|c| {
                context! {
                    number => c.number,
                    title => c.title.to_string(),
                    wording => c.wording.to_string(),
                    count => format!("{} {}", c.interventions, crate::render::words::plural(c.interventions, "intervention", "interventions")),
                }
            })
            .collect();
        let page = context! {
            intro,
            judgement => JUDGEMENT,
            levels,
            pathways => Value::from(Serde(&pathways)),
            figure => Value::from(Serde(&figure)),
            core_purposes,
            ..self.base("The pathways", "", "home")
        };
        self.render("index.html", "index.html".into(), page)
    }

    fn pathways(&mut self) -> Result<(), SiteError> {
        let site = self.site;
        for shown in &site.pathway_pages {
            let crate::answer::browse::Shown::Pathway { id, .. } = shown else {
                continue;
            };
            let Some((view, figure)) = pages::pathway(self.ctx("../"), site, shown) else {
                continue;
            };
            let title = match shown {
                crate::answer::browse::Shown::Pathway { title, .. } => title.clone(),
                _ => String::new(),
            };
            let page = context! {
                p => Value::from(Serde(&view)),
                figure => Value::from(Serde(&figure)),
                ..self.base(format!("{title} pathway"), "../", "home")
            };
            self.render("pathway.html", views::pathway_href(id), page)?;
        }
        Ok(())
    }

    fn kpis(&mut self) -> Result<(), SiteError> {
        let site = self.site;
        let ctx = self.ctx("../");
        let lines: Vec<_> = site.kpis.iter().map(|k| pages::kpi_line(ctx, k)).collect();
        let page = context! {
            kpis => Value::from(Serde(&lines)),
            ..self.base("KPIs", "../", "kpis")
        };
        self.render("kpis.html", "kpi/index.html".into(), page)?;
        for shown in &site.kpi_pages {
            let Some(view) = pages::kpi(ctx, shown) else {
                continue;
            };
            let crate::answer::browse::Shown::Kpi { id, title, .. } = shown else {
                continue;
            };
            let page = context! {
                k => Value::from(Serde(&view)),
                ..self.base(format!("{id}: {title}"), "../", "kpis")
            };
            self.render("kpi.html", views::kpi_href(id), page)?;
        }
        Ok(())
    }

    fn professions(&mut self) -> Result<(), SiteError> {
        let site = self.site;
        let ctx = self.ctx("../");
        let lines: Vec<_> = site
            .professions
            .iter()
            .map(|p| {
                context! {
                    href => views::file_name(&p.id),
                    title => p.title.to_string(),
                    leads => p.leads,
                    involved => p.involved,
                }
            })
            .collect();
        let page = context! {
            professions => lines,
            ..self.base("Professions", "../", "professions")
        };
        self.render("professions.html", "profession/index.html".into(), page)?;
        for shown in &site.profession_pages {
            let Some(view) = pages::profession(ctx, shown) else {
                continue;
            };
            let crate::answer::browse::Shown::Profession { id, title, .. } = shown else {
                continue;
            };
            let page = context! {
                p => Value::from(Serde(&view)),
                ..self.base(title.clone(), "../", "professions")
            };
            self.render("profession.html", views::profession_href(id), page)?;
        }
        Ok(())
    }

    /// The intervention pages, most of a large site: rendered on every core, in order.
    fn interventions(&mut self) -> Result<(), SiteError> {
        let ctx = self.ctx("../");
        let chunks: Vec<&[crate::answer::browse::InterventionShown]> =
            self.site.interventions.chunks(64).collect();
        let this = &*self;
        let rendered = crate::load::parallel::map_ordered(&chunks, chunks.len() > 1, |chunk| {
            chunk
                .iter()
                .map(|shown| {
                    let view = pages::intervention(ctx, shown);
                    let page = context! {
                        i => Value::from(Serde(&view)),
                        ..this.base(shown.row.title.to_string(), "../", "home")
                    };
                    this.page(
                        "intervention.html",
                        views::intervention_href(&shown.row.id),
                        page,
                    )
                })
                .collect::<Result<Vec<Page>, SiteError>>()
        });
        for pages in rendered {
            self.pages.extend(pages?);
        }
        Ok(())
    }

    fn interfaces(&mut self) -> Result<(), SiteError> {
        let site = self.site;
        let ctx = self.ctx("");
        let figure = figures::interfaces(self.lib, &site.stages, &site.interfaces);
        let interfaces: Vec<_> = site
            .interfaces
            .iter()
            .map(|i| {
                context! {
                    id => i.item.id.to_string(),
                    title => i.item.title.to_string(),
                    description => i.description.split_whitespace().collect::<Vec<_>>().join(" "),
                    caption => format!("The interventions on the interface: {}", i.item.title),
                    rows => Value::from(Serde(i.interventions.iter().map(|r| ctx.row(r)).collect::<Vec<_>>())),
                }
            })
            .collect();
        let page = context! {
            figure => Value::from(Serde(&figure)),
            interfaces,
            ..self.base("Partnership interfaces", "", "interfaces")
        };
        self.render("interfaces.html", "interfaces.html".into(), page)
    }

    fn framework(&mut self) -> Result<(), SiteError> {
        use crate::model::Level;
        let fw = self.site.framework.as_ref();
        let domains: Vec<_> = fw
            .map(|fw| {
                fw.domains
                    .iter()
                    .map(|(id, title)| {
                        let dimensions: Vec<_> = fw
                            .dimensions
                            .iter()
                            .filter(|d| d.domain == *id)
                            .map(|d| {
                                let bands: Vec<Vec<String>> = Level::ALL
                                    .iter()
                                    .map(|band| {
                                        d.indicators
                                            .iter()
                                            .filter(|i| i.band == *band)
                                            .map(|i| {
                                                let mut text = i.text.split_whitespace().collect::<Vec<_>>().join(" ");
                                                if i.decisive {
                                                    text.push_str(" (decisive: on its own, Universal Partnership Plus)");
                                                }
                                                if i.entitlement {
                                                    text.push_str(" (an entitlement, not a need)");
                                                }
                                                text
                                            })
                                            .collect()
                                    })
                                    .collect();
                                context! { id => d.id.to_string(), title => d.title.to_string(), bands }
                            })
                            .collect();
                        context! { id => id.to_string(), title => title.to_string(), dimensions }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let escalation: Vec<String> = fw
            .map(|fw| {
                fw.escalation
                    .iter()
                    .map(|e| {
                        e.description
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
            .unwrap_or_default();
        let page = context! {
            judgement => "The indicators support professional judgement; they do not decide. The practitioner's professional judgement decides the level of service.",
            intro => "The DH 2000 Assessment Triangle: three domains, each with its dimensions, and for each dimension the indicators that point to each band. `hcp assess` suggests a band from the indicators recorded for a family.",
            bands => Level::ALL.iter().map(|l| l.title()).collect::<Vec<_>>(),
            domains,
            escalation,
            ..self.base("The assessment framework", "", "framework")
        };
        self.render("framework.html", "framework.html".into(), page)
    }
}

/// The index's figure: the ages and stages, each pathway's span and its scheduled contacts.
fn index_figure(lib: &Library, site: &Site) -> Figure {
    let scheduled: Vec<_> = site
        .pathway_pages
        .iter()
        .filter_map(|shown| match shown {
            crate::answer::browse::Shown::Pathway {
                title,
                span,
                interventions,
                ..
            } => Some((
                title.clone(),
                *span,
                interventions
                    .iter()
                    .filter(|r| pages::scheduled(r))
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    let mandated: Vec<String> = lib
        .catalogue
        .mandated_contacts
        .iter()
        .map(|m| m.item.value.to_string())
        .collect();
    figures::ages_and_stages(&site.stages, &scheduled, &mandated)
}

/// Every figure of the site: the index's, the partnership interfaces' and each pathway's.
#[cfg(test)]
fn all_figures(site: &Site, lib: &Library) -> Vec<Figure> {
    let ctx = Ctx { lib, root: "" };
    let mut all = vec![
        index_figure(lib, site),
        figures::interfaces(lib, &site.stages, &site.interfaces),
    ];
    all.extend(
        site.pathway_pages
            .iter()
            .filter_map(|shown| pages::pathway(ctx, site, shown))
            .map(|(_, figure)| figure),
    );
    all
}

/// The line `hcp site` prints when it is done.
pub fn written(files: usize, index: &std::path::Path) -> String {
    format!(
        "Wrote {files} files; open {} in a browser.",
        index.display()
    )
}

/// Every file of the site of `site` (read from `lib`), with `provenance` at the foot of each page.
pub fn pages(site: &Site, lib: &Library, provenance: &Provenance) -> Result<Vec<Page>, SiteError> {
    let mut r = Renderer {
        env: environment()?,
        lib,
        site,
        overdue: review_overdue_line(&site.review_overdue),
        provenance: provenance_line(provenance),
        pages: Vec::with_capacity(site.interventions.len() + 64),
    };
    r.index()?;
    r.pathways()?;
    r.kpis()?;
    r.professions()?;
    r.interfaces()?;
    r.framework()?;
    r.interventions()?;
    r.pages.push(Page {
        path: "style.css".into(),
        bytes: include_str!("templates/style.css").as_bytes().to_vec(),
    });
    Ok(r.pages)
}
