/** Lints files with a copy of the project's lint configuration, outside the repository. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const root = join(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "dockside-cycles-"));
const config = JSON.parse(readFileSync(join(root, "biome.json"), "utf8")) as Record<string, unknown>;
// The copy lives outside the repository: no git to ask for ignore files, no schema path to resolve.
delete config.$schema;
delete config.vcs;
writeFileSync(join(dir, "biome.json"), JSON.stringify(config));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

export function lint(files: Record<string, string>): { ok: boolean; output: string } {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  try {
    const out = execFileSync(join(root, "node_modules/.bin/biome"), ["lint", ...Object.keys(files)], { cwd: dir, encoding: "utf8", stdio: "pipe" });
    return { ok: true, output: out };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}
