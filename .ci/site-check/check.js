#!/usr/bin/env node
// Checks a static site the way a browser sees it, in Debian's headless Chromium (puppeteer-core
// drives it; no browser is downloaded):
//   - every page loads from file:// with no console error, no page error and no failed request,
//     and nothing is requested from the network (any http(s) request is refused and reported);
//   - every internal link (a, link, img, script src) resolves to a file, and a #fragment to an
//     element with that id on the page it names;
//   - every SVG figure renders with a non-zero size;
//   - axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) finds no violation;
//   - with --screenshots DIR: the index and one pathway page at desktop (1280) and phone (375)
//     widths.
// Usage:
//   node check.js SITE_DIR [--screenshots DIR] [--pathway pathway/universal.html]
//   node check.js SITE_DIR --expect KIND[,KIND…]
// The second form checks the checker: it succeeds only when the checks FAIL, and fail for each
// KIND named (`link`, `console`, `request`, `figure`, or an axe rule id such as `image-alt`).
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

async function main() {
  const pages = htmlFiles(site);
  const browser = await puppeteer.launch({
    executablePath: chromium(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const ids = new Map(); // page file -> Set of ids
  const links = []; // { from, file, fragment, raw }
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
        return { ids, refs, figures };
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
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, { preload: false, runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
      }, TAGS);
      for (const v of result) fail(v.id, file, `axe ${v.id}: ${v.help} (${v.nodes.join("; ")})`);
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
  const summary = `${pages.length} pages, ${links.length} internal links`;
  if (failures.length > 0) {
    console.error(`site-check: ${failures.length} failures (${summary})`);
    return 1;
  }
  console.log(`site-check: ${summary}: no console error, no failed request, every link resolves, every figure renders, no axe violation (${TAGS.join(", ")})`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`site-check: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
