/**
 * The import-cycle rule on lib/ (biome.json) stays in force: a cycle there, even one made of type-only
 * imports, fails `npm run lint`. Checked on a copy of the project's lint configuration and two files.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "dockside-cycles-"));
const config = JSON.parse(readFileSync(join(root, "biome.json"), "utf8")) as Record<string, unknown>;
// The copy lives outside the repository: no git to ask for ignore files, no schema path to resolve.
delete config.$schema;
delete config.vcs;
writeFileSync(join(dir, "biome.json"), JSON.stringify(config));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lint(files: Record<string, string>): { ok: boolean; output: string } {
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

describe("no import cycles under lib/", () => {
  it("refuses two modules that import each other", () => {
    const r = lint({
      "lib/a/one.ts": 'import { two } from "./two";\nexport const one = (): number => two() + 1;\n',
      "lib/a/two.ts": 'import { one } from "./one";\nexport const two = (): number => one() - 1;\n',
    });
    expect(r.ok).toBe(false);
    expect(r.output).toContain("noImportCycles");
  });

  it("refuses a cycle closed by a type-only import", () => {
    const r = lint({
      "lib/b/shape.ts": 'import type { Made } from "./make";\nexport interface Shape { made: Made }\nexport const zero = 0;\n',
      "lib/b/make.ts": 'import { zero } from "./shape";\nexport type Made = { n: number };\nexport const make = (): Made => ({ n: zero });\n',
    });
    expect(r.ok).toBe(false);
    expect(r.output).toContain("noImportCycles");
  });

  it("accepts modules that import one way", () => {
    const r = lint({
      "lib/c/base.ts": "export const base = 1;\n",
      "lib/c/top.ts": 'import { base } from "./base";\nexport const top = (): number => base + 1;\n',
    });
    expect(r.output).not.toContain("noImportCycles");
    expect(r.ok).toBe(true);
  });
});
