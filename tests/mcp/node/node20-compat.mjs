// The conformance CLI imports `globSync` from "fs", which Node added in 22; it uses it only for
// its tier-check report, which the tests never run. On an older Node, this loader hook drops that
// name from the import and defines it as a function that throws, so the module links.
// Used as `node --import ./node20-compat.mjs .../conformance/dist/index.js ...`.
import fs from "node:fs";
import { register } from "node:module";

const hook = `
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!url.includes("@modelcontextprotocol/conformance/dist/")) return result;
  const source = String(result.source);
  const match = source.match(/globSync as (\\w+),/);
  if (!match) return result;
  const stub = "const " + match[1] + "=()=>{throw new Error('fs.globSync needs Node 22')};";
  const patched = source
    .replace(match[0], "")
    .replace(/(import\\{[^}]*\\}from"fs";)/, "$1" + stub);
  return { ...result, source: patched, shortCircuit: true };
}
`;

if (typeof fs.globSync !== "function") {
  register("data:text/javascript," + encodeURIComponent(hook));
}
