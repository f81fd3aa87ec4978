// Typeset a batch of TeX equations with KaTeX, for book/_ext/katex_math.py.
//
// Usage: node katex_render.js <path of node_modules/katex>  < batch.json
//
// Reads {"options": {...}, "items": [[tex, displayMode], ...]} from standard
// input and writes one JSON array to standard output, an entry per item in
// order: {"html": "..."} or {"error": "..."} (KaTeX's parse error message).
// One process renders every equation of a build; nothing is fetched.
"use strict";

const path = require("path");
const katex = require(path.resolve(process.argv[2]));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  input += chunk;
});
process.stdin.on("end", () => {
  const { options, items } = JSON.parse(input);
  const results = items.map(([tex, displayMode]) => {
    try {
      return { html: katex.renderToString(tex, { ...options, displayMode }) };
    } catch (error) {
      return { error: String(error.message || error) };
    }
  });
  process.stdout.write(JSON.stringify({ version: katex.version, results }));
});
