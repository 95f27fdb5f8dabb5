// Copies the query page's editor (YASGUI, pinned by package-lock.json) into static/vendor/, with the
// licences of everything bundled in it. Run by `npm ci` (postinstall); the copied files are committed,
// so that the Python package ships them and the page works offline without npm.
const fs = require("fs");
const path = require("path");

const target = path.join("static", "vendor");
fs.mkdirSync(target, { recursive: true });
for (const name of ["yasgui.min.js", "yasgui.min.css"]) {
  fs.copyFileSync(path.join("node_modules", "@zazuko", "yasgui", "build", name), path.join(target, name));
}

const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
const parts = [
  "Third-party software in yasgui.min.js and yasgui.min.css (@zazuko/yasgui and what it bundles),",
  "as pinned by server/package-lock.json. Each package is listed with its version and declared licence,",
  "followed by the licence text it ships, where it ships one.",
  "",
];
for (const [where, entry] of Object.entries(lock.packages).sort()) {
  if (!where.startsWith("node_modules/") || entry.dev) continue;
  const name = where.slice("node_modules/".length);
  parts.push("=".repeat(78), `${name} ${entry.version}  (${entry.license || "licence not declared"})`, "");
  const files = fs.existsSync(where) ? fs.readdirSync(where).filter((f) => /^(licen[cs]e|copying)/i.test(f)) : [];
  for (const file of files.sort()) {
    parts.push(fs.readFileSync(path.join(where, file), "utf8").trim(), "");
  }
}
fs.writeFileSync(path.join(target, "LICENSES.txt"), parts.join("\n") + "\n");
