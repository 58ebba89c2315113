// Initial JavaScript of the production build, gzipped: the entry chunk and everything it
// imports statically (lazy chunks load later). Fails above the budget (KB, default 250).
//   node scripts/bundle-size.mjs [budgetKB]
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
const budget = Number(process.argv[2] ?? 250) * 1024;
const manifest = JSON.parse(readFileSync(resolve(dist, ".vite/manifest.json"), "utf8"));
const gz = (file) => gzipSync(readFileSync(resolve(dist, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const dep of chunk.imports ?? []) visit(dep);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

let total = 0;
const rows = [];
for (const chunk of Object.values(manifest)) {
  if (!chunk.file.endsWith(".js")) continue;
  const size = gz(chunk.file);
  const isInitial = initial.has(chunk.file);
  if (isInitial) total += size;
  rows.push(`${isInitial ? "initial" : "lazy   "}  ${kb(size).padStart(9)}  ${chunk.file}`);
}
console.log(rows.sort().join("\n"));
console.log(`Initial JS (gzip): ${kb(total)} of ${kb(budget)} budget`);
if (total > budget) {
  console.error("Initial JavaScript is over budget: split more code behind dynamic imports.");
  process.exit(1);
}
