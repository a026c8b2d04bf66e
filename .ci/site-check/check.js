#!/usr/bin/env node
// Checks a static site the way a browser sees it, in Debian's headless Chromium (puppeteer-core
// drives it; no browser is downloaded):
//   - every page loads from file:// with no console error, no page error and no failed request,
//     and nothing is requested from the network (any http(s) request is refused and reported);
//   - every internal link (a, link, img, script src) resolves to a file, and a #fragment to an
//     element with that id on the page it names;
//   - every SVG figure renders with a non-zero size, and no two of its text labels overlap: the
//     boxes the browser draws any two <text> elements in (getBoundingClientRect, as laid out at
//     1280px) may not intersect by more than half a pixel either way (`figure-text-overlap`);
//   - axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) finds no violation;
//   - in print (print media emulated), what the print stylesheet promises: every stage section
//     after the first (`section.stage`) starts a new page (a forced `break-before` on the section
//     or its heading); the skip link and the navigation are not displayed; the footer (hcp
//     version, pathway set, date made) and any overdue warning are; every figure's data table
//     (the table its drawing's `aria-describedby` names) is displayed, with a box of non-zero
//     size and not inside a closed <details> (which prints closed; only some browsers can be
//     told to print its content), so a black and white printout has the data a figure's colours
//     carry; every web address linked in the main content is printed after its link; no table
//     row or figure may be split across pages and no h2/h3 left at the foot of a page
//     (`break-inside: avoid`, `break-after: avoid`, as computed);
//   - with --screenshots DIR: the index and one pathway page at desktop (1280) and phone (375)
//     widths, and that pathway page printed to an A4 PDF (DIR/pathway-a4.pdf) that must have more
//     than one page, at least one per stage, every page A4.
// Usage:
//   node check.js SITE_DIR [--screenshots DIR] [--pathway pathway/universal.html]
//   node check.js SITE_DIR --expect KIND[,KIND…]
// The second form checks the checker: it succeeds only when the checks FAIL, and fail for each
// KIND named (`link`, `console`, `request`, `figure`, `figure-text-overlap`, `layout`, an axe rule
// id such as `image-alt`,
// or a print kind: `print-break`, `print-screen-only`, `print-missing`, `print-figure-table`,
// `print-link`, `print-cut`, `print-pdf`).
// Exit status: 0 passed (or, with --expect, failed as expected), 1 otherwise, 2 bad usage.
"use strict";

const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const puppeteer = require("puppeteer-core");
const axeSource = require("axe-core").source;

function usage(message) {
  console.error(`check.js: ${message}\nusage: node check.js SITE_DIR [--screenshots DIR] [--pathway PAGE] | node check.js SITE_DIR --expect KIND[,KIND…]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let site = null;
let screenshots = null;
let pathwayPage = "pathway/universal.html";
let expect = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--screenshots") screenshots = args[++i];
  else if (a === "--pathway") pathwayPage = args[++i];
  else if (a === "--expect") expect = (args[++i] || "").split(",").filter(Boolean);
  else if (a.startsWith("--")) usage(`unknown option ${a}`);
  else if (site === null) site = a;
  else usage(`one site at a time (got ${a})`);
}
if (!site) usage("give the site's folder");
site = path.resolve(site);
if (!fs.existsSync(path.join(site, "index.html"))) usage(`${site} has no index.html`);
if (expect !== null && expect.length === 0) usage("--expect needs at least one kind");

function chromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch (_) {
      // not this one
    }
  }
  usage("no Chromium found: apt-get install -y chromium, or set CHROMIUM");
}

function htmlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(full));
    else if (entry.name.endsWith(".html")) out.push(full);
  }
  return out.sort();
}

const failures = [];
function fail(kind, page, message) {
  failures.push({ kind, page: path.relative(site, page), message });
}

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

// The page as it prints: the stylesheet's print rules, read from the computed style with print
// media emulated (the same style Chromium paginates with). Returns the number of forced breaks
// between stages and of figures' data tables it checked.
const FORCED = new Set(["page", "always", "left", "right", "recto", "verso"]);
async function checkPrint(page, file) {
  await page.emulateMediaType("print");
  let found;
  try {
    found = await page.evaluate((forced) => {
      forced = new Set(forced);
      const style = (e, pseudo) => getComputedStyle(e, pseudo);
      const shown = (e) => e.getClientRects().length > 0;
      const name = (e) => {
        const text = (e.innerText || e.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60);
        return `<${e.tagName.toLowerCase()}${e.id ? ` id="${e.id}"` : ""}${e.className && typeof e.className === "string" ? ` class="${e.className}"` : ""}>${text ? ` “${text}”` : ""}`;
      };
      // Every stage after the first begins a page: a forced break before the section, or before
      // its first element (the stage's heading).
      const stages = Array.from(document.querySelectorAll("section.stage"));
      const breaks = stages.slice(1).map((s) => {
        const first = s.firstElementChild;
        const on = style(s).breakBefore;
        const head = first ? style(first).breakBefore : "none";
        return { name: name(first || s), ok: forced.has(on) || forced.has(head), on, head };
      });
      const screenOnly = Array.from(document.querySelectorAll(".skip-link, nav"))
        .filter(shown)
        .map(name);
      const missing = Array.from(document.querySelectorAll(".site-footer, .warning"))
        .filter((e) => !shown(e) || style(e).visibility === "hidden")
        .map(name);
      // Every figure drawn (a <figure> with an SVG or image in it) and its data table: the table
      // its drawing (or the figure) names with aria-describedby. In print the table must have a
      // box of non-zero size, be visible (no display: none, visibility: hidden or opacity: 0 on
      // it or above it), and not be inside a closed <details>: Chromium lays out a closed
      // details' content (so it has a box) but does not paint or print it, and only browsers
      // with ::details-content can be told to.
      const figureTables = Array.from(document.querySelectorAll("figure"))
        .filter((f) => f.querySelector("svg, img"))
        .map((f) => {
          const drawing = f.querySelector("svg, img");
          const described = (drawing.getAttribute("aria-describedby") || f.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
          const table = described
            .map((id) => document.getElementById(id))
            .filter(Boolean)
            .map((e) => (e.tagName === "TABLE" ? e : e.querySelector("table")))
            .find(Boolean);
          if (!table) return { figure: name(f), problem: "names no data table (no aria-describedby on its drawing naming a table)" };
          const r = table.getBoundingClientRect();
          const closed = table.closest("details:not([open])");
          let problem = null;
          if (closed) problem = `is inside a closed <details${closed.className ? ` class="${closed.className}"` : ""}>, which prints closed`;
          else if (!(r.width > 0 && r.height > 0)) problem = `renders ${r.width}×${r.height}`;
          else if (!table.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) problem = "is not visible (hidden, transparent or its content skipped)";
          return { figure: name(f), table: table.id ? `#${table.id}` : "(no id)", problem };
        });
      const links = Array.from(document.querySelectorAll('main a[href^="http:"], main a[href^="https:"]'))
        .filter((a) => shown(a))
        .filter((a) => !style(a, "::after").content.includes(a.getAttribute("href")))
        .map((a) => a.getAttribute("href"));
      const avoid = (v) => v === "avoid" || v === "avoid-page";
      const cut = Array.from(document.querySelectorAll("tr, figure")).filter((e) => shown(e) && !avoid(style(e).breakInside));
      const headings = Array.from(document.querySelectorAll("main h2, main h3")).filter((e) => shown(e) && !avoid(style(e).breakAfter));
      return {
        breaks,
        screenOnly,
        missing,
        figureTables: figureTables.filter((t) => t.problem),
        figures: figureTables.length,
        links,
        cut: { count: cut.length, first: cut.slice(0, 3).map(name), values: [...new Set(cut.map((e) => style(e).breakInside))] },
        headings: { count: headings.length, first: headings.slice(0, 3).map(name) },
      };
    }, [...FORCED]);
  } finally {
    await page.emulateMediaType(null);
  }
  for (const b of found.breaks) {
    if (!b.ok) {
      fail("print-break", file, `in print, the stage ${b.name} does not start a new page: break-before is \`${b.on}\` on its section and \`${b.head}\` on its heading (every stage after the first must have break-before: page)`);
    }
  }
  for (const n of found.screenOnly) fail("print-screen-only", file, `in print, ${n} is displayed (the skip link and navigation are for the screen only)`);
  for (const n of found.missing) fail("print-missing", file, `in print, ${n} is not displayed (a printout must say what it is and carry the page's warnings)`);
  for (const t of found.figureTables) {
    fail("print-figure-table", file, `in print, the data table${t.table ? ` ${t.table}` : ""} of the figure ${t.figure} ${t.problem}: a printout must carry the data behind each figure (a black and white copy loses what its colours tell apart)`);
  }
  for (const href of found.links) fail("print-link", file, `in print, the address of the link to ${href} is not printed after it (::after must show attr(href))`);
  if (found.cut.count > 0) {
    fail("print-cut", file, `in print, ${found.cut.count} table rows or figures may be split across pages (break-inside: ${found.cut.values.join(", ")}, not avoid), e.g. ${found.cut.first.join("; ")}`);
  }
  if (found.headings.count > 0) {
    fail("print-cut", file, `in print, ${found.headings.count} headings may be left at the foot of a page (break-after not avoid), e.g. ${found.headings.first.join("; ")}`);
  }
  return { breaks: found.breaks.length, figures: found.figures };
}

// One page printed to an A4 PDF as a commissioner would (Chromium's own print path): more than
// one page, at least one per stage (each stage after the first starts a page), every page A4.
const A4 = [595.28, 841.89]; // points
async function checkPdf(page, file, out) {
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto("file://" + file, { waitUntil: "load" });
  const stages = await page.evaluate(() => document.querySelectorAll("section.stage").length);
  const pdf = Buffer.from(await page.pdf({ path: out, format: "A4", printBackground: true }));
  const text = pdf.toString("latin1");
  // Page objects only: `/Type /Page`, not the `/Type /Pages` tree above them.
  const pages = (text.match(/\/Type\s*\/Page(?![A-Za-z])/g) || []).length;
  const boxes = Array.from(text.matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g), (m) => [m[3] - m[1], m[4] - m[2]]);
  const where = `the A4 PDF ${out}`;
  if (pages <= 1) fail("print-pdf", file, `${where} has ${pages} page${pages === 1 ? "" : "s"}; a pathway page must print on more than one`);
  if (stages < 2) fail("print-pdf", file, `${where}: the page has ${stages} stage sections, too few to show a break between stages (choose another with --pathway)`);
  else if (pages < stages) fail("print-pdf", file, `${where} has ${pages} pages for ${stages} stages: the stages do not each start a page`);
  if (boxes.length === 0) fail("print-pdf", file, `${where} names no page size (no /MediaBox)`);
  for (const [w, h] of boxes) {
    if (Math.abs(w - A4[0]) > 1 || Math.abs(h - A4[1]) > 1) {
      fail("print-pdf", file, `${where} has a ${w.toFixed(1)}×${h.toFixed(1)} pt page, not A4 (${A4[0]}×${A4[1]} pt)`);
      break;
    }
  }
  console.log(`pdf: ${out}: ${pages} A4 pages, ${stages} stages`);
}

async function main() {
  const pages = htmlFiles(site);
  const browser = await puppeteer.launch({
    executablePath: chromium(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const ids = new Map(); // page file -> Set of ids
  const links = []; // { from, file, fragment, raw }
  let stageBreaks = 0; // breaks between stages checked in print
  let printedWithStages = 0; // pages with two or more stages
  let figureTables = 0; // figures whose data table was checked in print
  let figureLabels = 0; // text labels of drawings checked for overlaps
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.setRequestInterception(true);
    let current = null;
    page.on("request", (req) => {
      const url = req.url();
      if (url.startsWith("file://") || url.startsWith("data:") || url === "about:blank") {
        req.continue();
      } else {
        fail("request", current, `requested ${url} (a page must load nothing from the network)`);
        req.abort();
      }
    });
    page.on("requestfailed", (req) => {
      if (req.url().startsWith("file://") || req.url().startsWith("data:")) {
        fail("request", current, `failed to load ${req.url()}: ${req.failure() && req.failure().errorText}`);
      }
    });
    page.on("console", (msg) => {
      if (msg.type() === "error") fail("console", current, msg.text());
    });
    page.on("pageerror", (err) => fail("console", current, String(err)));

    for (const file of pages) {
      current = file;
      const url = "file://" + file;
      const response = await page.goto(url, { waitUntil: "load" });
      if (!response) fail("request", file, "no response");
      const found = await page.evaluate(() => {
        const ids = Array.from(document.querySelectorAll("[id]"), (e) => e.id);
        const refs = [];
        for (const [selector, attr] of [["a[href]", "href"], ["link[href]", "href"], ["img[src]", "src"], ["script[src]", "src"], ["iframe[src]", "src"]]) {
          for (const e of document.querySelectorAll(selector)) refs.push({ raw: e.getAttribute(attr), abs: e[attr] });
        }
        const figures = Array.from(document.querySelectorAll("svg"), (s) => {
          const r = s.getBoundingClientRect();
          return { width: r.width, height: r.height, id: s.closest("figure") ? s.closest("figure").id : "" };
        });
        // Every two text labels of a drawing whose drawn boxes intersect (by more than half a
        // pixel both ways: touching, or a rounding, is not an overlap).
        const SLACK = 0.5;
        const overlaps = Array.from(document.querySelectorAll("svg")).flatMap((s) => {
          const labels = Array.from(s.querySelectorAll("text"))
            .map((t) => ({
              text: Array.from(t.childNodes)
                .filter((n) => n.nodeName !== "title")
                .map((n) => n.textContent.trim())
                .filter(Boolean)
                .join(" "),
              box: t.getBoundingClientRect(),
            }))
            .filter((l) => l.box.width > 0 && l.box.height > 0);
          const found = [];
          for (let i = 0; i < labels.length; i++) {
            for (let j = i + 1; j < labels.length; j++) {
              const a = labels[i].box;
              const b = labels[j].box;
              const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
              const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
              if (w > SLACK && h > SLACK) found.push({ a: labels[i].text, b: labels[j].text, w: w.toFixed(1), h: h.toFixed(1) });
            }
          }
          const figure = s.closest("figure");
          return found.length ? [{ id: figure && figure.id ? figure.id : "(no id)", found }] : [];
        });
        return { ids, refs, figures, overlaps, labels: document.querySelectorAll("svg text").length };
      });
      ids.set(file, new Set(found.ids));
      for (const ref of found.refs) {
        if (!ref.raw || /^(https?:|mailto:|data:)/.test(ref.raw)) continue;
        if (!ref.abs.startsWith("file://")) {
          fail("link", file, `\`${ref.raw}\` does not point into the site`);
          continue;
        }
        const u = new URL(ref.abs);
        links.push({ from: file, file: decodeURIComponent(u.pathname), fragment: decodeURIComponent(u.hash.slice(1)), raw: ref.raw });
      }
      for (const f of found.figures) {
        if (!(f.width > 0 && f.height > 0)) fail("figure", file, `figure ${f.id || "(no id)"} renders ${f.width}×${f.height}`);
      }
      figureLabels += found.labels;
      for (const o of found.overlaps) {
        const shown = o.found.slice(0, 5).map((p) => `“${p.a}” and “${p.b}” (${p.w}×${p.h}px)`).join("; ");
        fail("figure-text-overlap", file, `in figure ${o.id}, ${o.found.length} pair${o.found.length === 1 ? "" : "s"} of text labels overlap, so neither can be read: ${shown}${o.found.length > 5 ? "; …" : ""}`);
      }
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, { preload: false, runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
      }, TAGS);
      for (const v of result) fail(v.id, file, `axe ${v.id}: ${v.help} (${v.nodes.join("; ")})`);
      const printed = await checkPrint(page, file);
      const breaks = printed.breaks;
      stageBreaks += breaks;
      figureTables += printed.figures;
      if (breaks > 0) printedWithStages += 1;
    }

    for (const link of links) {
      if (!fs.existsSync(link.file) || !fs.statSync(link.file).isFile()) {
        fail("link", link.from, `\`${link.raw}\` does not resolve`);
        continue;
      }
      if (link.fragment) {
        let known = ids.get(link.file);
        if (!known) {
          const text = fs.readFileSync(link.file, "utf8");
          known = new Set(Array.from(text.matchAll(/\sid="([^"]*)"/g), (m) => m[1]));
        }
        if (!known.has(link.fragment)) fail("link", link.from, `\`${link.raw}\`: no element with id \`${link.fragment}\``);
      }
    }

    if (screenshots) {
      fs.mkdirSync(screenshots, { recursive: true });
      const targets = [["index", "index.html"], ["pathway", pathwayPage]];
      for (const [name, rel] of targets) {
        const file = path.join(site, rel);
        if (!fs.existsSync(file)) {
          fail("link", file, `no page ${rel} to take a screenshot of`);
          continue;
        }
        for (const [label, width] of [["desktop", 1280], ["phone", 375]]) {
          current = file;
          await page.setViewport({ width, height: 900 });
          await page.goto("file://" + file, { waitUntil: "load" });
          const shot = path.join(screenshots, `${name}-${label}.png`);
          await page.screenshot({ path: shot, fullPage: true });
          if (label === "phone") {
            // Nothing wider than the phone's screen but the tables and figures that scale.
            const wide = await page.evaluate(() => document.documentElement.scrollWidth);
            if (wide > width + 1) fail("layout", file, `at ${width}px the page is ${wide}px wide`);
            await page.addScriptTag({ content: axeSource });
            const result = await page.evaluate(async (tags) => {
              const r = await window.axe.run(document, { preload: false, runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
              return r.violations.map((v) => ({ id: v.id, help: v.help }));
            }, TAGS);
            for (const v of result) fail(v.id, file, `axe at ${width}px ${v.id}: ${v.help}`);
          }
          console.log(`screenshot: ${shot}`);
        }
        if (name === "pathway") {
          current = file;
          await checkPdf(page, file, path.join(screenshots, "pathway-a4.pdf"));
        }
      }
    }
  } finally {
    await browser.close();
  }

  const kinds = new Set(failures.map((f) => f.kind));
  if (expect !== null) {
    const missing = expect.filter((k) => !kinds.has(k));
    if (failures.length > 0 && missing.length === 0) {
      console.log(`site-check: ${site}: failed as expected (${[...kinds].sort().join(", ")}); ${failures.length} findings`);
      return 0;
    }
    for (const f of failures) console.error(`  ${f.page}: [${f.kind}] ${f.message}`);
    console.error(`site-check: ${site}: expected failures of kind ${missing.join(", ")}, which the checks did not report`);
    return 1;
  }
  for (const f of failures) console.error(`${f.page}: [${f.kind}] ${f.message}`);
  const summary = `${pages.length} pages, ${links.length} internal links, ${stageBreaks} stages after a first checked in print on ${printedWithStages} pages, ${figureTables} figures' data tables checked in print, ${figureLabels} figure labels checked for overlaps`;
  if (failures.length > 0) {
    console.error(`site-check: ${failures.length} failures (${summary})`);
    return 1;
  }
  console.log(`site-check: ${summary}: no console error, no failed request, every link resolves, every figure renders with no two labels overlapping, no axe violation (${TAGS.join(", ")}), and in print every stage after the first starts a page, screen-only parts are hidden, every figure's data table is displayed, web addresses are printed and rows and figures are kept whole`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`site-check: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
