// Builds static/dist from static_src and node_modules: `npm run build`.
//
// - static_src/scss/app.scss -> static/dist/app.css (Sass, compressed, no source map)
// - GOV.UK Frontend's ES module bundle (+ its source map) and images -> static/dist/
// - static_src/js/*.js, static_src/images/* -> static/dist/, static/dist/images/
// - axe-core and plotly.js (minified) -> static/dist/
//
// Idempotent: everything is written to a fresh temporary folder which then replaces
// static/dist, so a failed build leaves the previous output untouched. Run from anywhere.

import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const nodeModules = join(root, "node_modules");
const src = join(root, "static_src");
const dist = join(root, "static", "dist");
const tmp = join(root, "static", `.dist-build-${process.pid}`);

function copy(from, to) {
  if (!existsSync(from)) {
    throw new Error(`build: missing ${from} (did you run "npm ci"?)`);
  }
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
}

// Plotly injects its stylesheet as an inline <style> element, which a strict
// Content-Security-Policy (style-src 'self') refuses. Plotly skips that when the page already
// has an element with id "plotly.js-style-global" and class "no-inline-styles", so the page
// links this file with that id. The rules are read from the bundle itself (its plotcss
// module: selectors with X for the plot and Y for the notifier), so they match the version.
function plotlyCss(bundle) {
  const start = bundle.indexOf('{"X,X div":');
  if (start < 0) {
    throw new Error("build: Plotly's stylesheet rules were not found in the bundle");
  }
  let depth = 0;
  let end = start;
  let quote = null;
  for (; end < bundle.length; end += 1) {
    const ch = bundle[end];
    if (quote) {
      if (ch === "\\") end += 1;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "{") depth += 1;
    else if (ch === "}" && (depth -= 1) === 0) break;
  }
  const rules = Function(`"use strict"; return (${bundle.slice(start, end + 1)});`)();
  const selector = (s) =>
    s.replace(/X/g, ".js-plotly-plot .plotly").replace(/Y/g, ".plotly-notifier");
  return Object.entries(rules)
    .map(([sel, style]) => `${selector(sel)}{${style}}`)
    .join("\n")
    .concat("\n");
}

rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });

try {
  // 1. Stylesheet.
  const result = sass.compile(join(src, "scss", "app.scss"), {
    loadPaths: [nodeModules],
    style: "compressed",
    sourceMap: false,
    quietDeps: true,
  });
  writeFileSync(join(tmp, "app.css"), result.css + "\n");

  // 2. GOV.UK Frontend JavaScript. No fonts (system fonts) and none of its GOV.UK-branded
  //    images except the one its footer CSS references (hashed storage needs it to exist).
  const govuk = join(nodeModules, "govuk-frontend", "dist", "govuk");
  copy(join(govuk, "govuk-frontend.min.js"), join(tmp, "govuk-frontend.min.js"));
  copy(join(govuk, "govuk-frontend.min.js.map"), join(tmp, "govuk-frontend.min.js.map"));
  copy(join(govuk, "assets", "images", "govuk-crest.svg"), join(tmp, "images", "govuk-crest.svg"));

  // 3. Our own scripts and images (ours win over GOV.UK's on a name clash).
  for (const name of readdirSync(join(src, "js"))) {
    copy(join(src, "js", name), join(tmp, name));
  }
  if (existsSync(join(src, "images"))) {
    copy(join(src, "images"), join(tmp, "images"));
  }

  // 4. Tools the pages and tests load from our own origin (no CDN).
  copy(join(nodeModules, "axe-core", "axe.min.js"), join(tmp, "axe.min.js"));
  // Plotly's partial "basic" bundle (scatter, bar, pie: the charts draw only scatter lines),
  // about a quarter of the full bundle, and its stylesheet as a file (see plotlyCss).
  const plotly = join(nodeModules, "plotly.js-basic-dist-min", "plotly-basic.min.js");
  copy(plotly, join(tmp, "plotly-basic.min.js"));
  writeFileSync(join(tmp, "plotly.css"), plotlyCss(readFileSync(plotly, "utf8")));

  // 5. Swap in the new output.
  rmSync(dist, { recursive: true, force: true });
  renameSync(tmp, dist);
} catch (error) {
  rmSync(tmp, { recursive: true, force: true });
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

console.log(`build: wrote ${readdirSync(dist).sort().join(", ")} to static/dist/`);
