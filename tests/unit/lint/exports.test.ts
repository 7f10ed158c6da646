/**
 * Every name lib/, server/ and app/ export is imported by another file (of lib/, app/, server/, cli/,
 * bench/, tests/): no dead exports. Next reads a page's or layout's `metadata` and `viewport` itself.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { unusedExports } from "./exports";
import { sources } from "./sources";

const ROOT = join(import.meta.dirname, "../../..");
const FOLDERS = ["lib", "app", "server", "cli", "bench", "tests", "bin", "scripts"];
/** The exports Next takes from its special files (pages, layouts), by name. */
const NEXT_FILE = /^app\/(.*\/)?(page|layout|not-found|error|loading|template|route)\.tsx?$/;
const NEXT_EXPORTS = new Set(["metadata", "viewport", "generateMetadata", "generateViewport", "dynamic", "revalidate", "runtime"]);

describe("lib/'s, server/'s and app/'s exports", () => {
  it("are each imported by another file", () => {
    const files = Object.fromEntries(
      FOLDERS.flatMap((f) => sources(join(ROOT, f), /\.(ts|tsx|mjs)$/)).map((p) => [relative(ROOT, p), readFileSync(p, "utf8")]),
    );
    const exporters = Object.keys(files).filter((p) => /^(lib|server|app)\//.test(p) && !p.endsWith(".mjs"));
    const unused = unusedExports(files, exporters).filter((u) => {
      const [file = "", name = ""] = u.split(": ");
      return !(NEXT_FILE.test(file) && NEXT_EXPORTS.has(name));
    });
    expect(unused).toEqual([]);
  });

  it("finds an export nobody imports, and takes every way of importing as a use", () => {
    const files = {
      "lib/a.ts":
        "export const used = 1;\nexport function dead(): number { return used; }\nexport type Shape = { n: number };\nconst local = 2;\nexport { local };\n",
      "lib/b.ts": 'export interface Later { x: number }\nexport const lazy = 1;\nexport const viaThen = 2;\nexport { dead } from "./a";\n',
      "lib/c.ts": "export const inType = 3;\n",
      "app/x.ts":
        'import { used as u } from "@/lib/a";\nconst { lazy } = await import("@/lib/b");\nconst p = import("@/lib/b").then((m) => m.viaThen);\ntype T = import("@/lib/a").Shape;\nexport default u + lazy;\n',
    };
    expect(unusedExports(files, ["lib/a.ts", "lib/b.ts", "lib/c.ts"])).toEqual([
      "lib/a.ts: dead",
      "lib/a.ts: local",
      "lib/b.ts: Later",
      "lib/b.ts: dead",
      "lib/c.ts: inType",
    ]);
  });
});
