/**
 * The import-cycle rule on lib/ (biome.json) stays in force: a cycle there, even one made of type-only
 * imports, fails `npm run lint`. Checked on a copy of the project's lint configuration and two files.
 */
import { describe, expect, it } from "vitest";
import { lint } from "./biome";

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
