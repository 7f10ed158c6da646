#!/usr/bin/env node
// `npm start`: build the Next.js app when there is no build or the sources are newer than it, then run
// the one server (pages + rooms) in production mode. Works on a fresh clone after `npm install`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const SOURCES = ["app", "lib", "components", "public", "package.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", "data", ".git"]);

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) if (!SKIP.has(entry)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const configs = readdirSync(root).filter((f) => f.startsWith("next.config."));
const sourcesAt = Math.max(...[...SOURCES, ...configs].map((p) => newest(join(root, p))));
const buildId = join(root, ".next", "BUILD_ID");
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;

if (builtAt < sourcesAt) {
  console.log(builtAt ? "sources changed since the last build: next build" : "no build yet: next build");
  const built = spawnSync(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const server = spawn(process.execPath, ["--import", "tsx", join(root, "server", "main.ts"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
