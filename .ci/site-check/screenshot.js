#!/usr/bin/env node
// One screenshot of a page of an hcp site, for the README: from the element SELECTOR (default
// the page's top) down HEIGHT pixels, at WIDTH pixels wide, in Debian's headless Chromium.
//   node screenshot.js PAGE.html OUT.png [--width 1100] [--height 1000] [--from SELECTOR]
"use strict";
const path = require("path");
const { execFileSync } = require("child_process");
const puppeteer = require("puppeteer-core");

const args = process.argv.slice(2);
const opts = { width: 1100, height: 1000, from: null };
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--width") opts.width = Number(args[++i]);
  else if (args[i] === "--height") opts.height = Number(args[++i]);
  else if (args[i] === "--from") opts.from = args[++i];
  else files.push(args[i]);
}
if (files.length !== 2) {
  console.error("usage: node screenshot.js PAGE.html OUT.png [--width W] [--height H] [--from SELECTOR]");
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
(async () => {
  const browser = await puppeteer.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: opts.width, height: opts.height });
    await page.goto("file://" + path.resolve(files[0]), { waitUntil: "load" });
    const top = opts.from ? await page.$eval(opts.from, (e) => e.getBoundingClientRect().top + window.scrollY - 16) : 0;
    await page.screenshot({ path: files[1], clip: { x: 0, y: Math.max(0, top), width: opts.width, height: opts.height }, captureBeyondViewport: true });
    console.log(files[1]);
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
