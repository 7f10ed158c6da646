/**
 * The order of lib/'s folders (model <- sim <- ops <- intents <- compose <- shell <- exercise <- sync,
 * biome.json): a folder may import the ones before it and is refused the ones after it.
 */
import { describe, expect, it } from "vitest";
import { lint } from "./biome";

const ORDER = ["model", "sim", "ops", "intents", "compose", "shell", "exercise", "sync"];

function importing(from: string, to: string): { ok: boolean; output: string } {
  return lint({
    [`lib/${to}/target.ts`]: "export const target = 1;\n",
    [`lib/${from}/probe.ts`]: `import { target } from "../${to}/target";\nexport const probe = (): number => target;\n`,
  });
}

describe("lib/'s folders import in one direction", () => {
  for (const [i, from] of ORDER.entries()) {
    const earlier = ORDER[i - 1];
    const later = ORDER[i + 1];
    if (earlier) {
      it(`lib/${from} may import lib/${earlier}`, () => {
        expect(importing(from, earlier).output).not.toContain("noRestrictedImports");
      });
    }
    if (later) {
      it(`lib/${from} may not import lib/${later}`, () => {
        const r = importing(from, later);
        expect(r.ok).toBe(false);
        expect(r.output).toContain("noRestrictedImports");
      });
    }
  }
});
