// Regenerates the typed API client from the gateway's OpenAPI document.
//   node scripts/gen-api.mjs          write openapi.json and src/api/schema.d.ts
//   node scripts/gen-api.mjs --check  exit 1 when either committed file is stale
// The document is produced offline by the gateway's own app factory (no server needed).
// PYTHON overrides the interpreter (default: the repository's .venv).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const repo = resolve(root, "..");
const specFile = resolve(root, "openapi.json");
const typesFile = resolve(root, "src/api/schema.d.ts");
const python = process.env.PYTHON || resolve(repo, ".venv/bin/python");
const DUMP = "import json; from rr_gateway.app import create_app; print(json.dumps(create_app().openapi(), indent=2, sort_keys=True))";
const HEADER = "// Generated from openapi.json by `npm run gen:api`; do not edit.\n\n";

function dumpSpec() {
  return execFileSync(python, ["-c", DUMP], { cwd: repo, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

async function typesFor(specText) {
  const ast = await openapiTS(JSON.parse(specText), { alphabetize: true, defaultNonNullable: false });
  return HEADER + astToString(ast);
}

const check = process.argv.includes("--check");
const spec = dumpSpec();
const types = await typesFor(spec);
if (check) {
  const stale = [];
  for (const [file, fresh] of [[specFile, spec], [typesFile, types]]) {
    if (!existsSync(file) || readFileSync(file, "utf8") !== fresh) stale.push(file.slice(root.length + 1));
  }
  if (stale.length) {
    console.error(`Stale API client: ${stale.join(", ")} differ from the gateway's OpenAPI. Run: npm run gen:api`);
    process.exit(1);
  }
  console.log("API client is fresh.");
} else {
  writeFileSync(specFile, spec);
  writeFileSync(typesFile, types);
  console.log(`Wrote openapi.json and src/api/schema.d.ts (${Object.keys(JSON.parse(spec).paths).length} paths).`);
}
