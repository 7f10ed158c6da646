/** lib/ stays readable: no function (or method, or arrow) in it runs over 120 lines. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const LIB = join(import.meta.dirname, "../../../lib");
const MAX_LINES = 120;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Every function-like node with a body, as `file:line (N lines)`, over `max` lines. */
function longFunctions(file: string, max: number): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && (n as ts.FunctionLikeDeclaration).body) {
      const from = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      const to = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
      if (to - from + 1 > max) out.push(`${file.slice(LIB.length + 1)}:${from + 1} (${to - from + 1} lines)`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("lib/ function sizes", () => {
  it(`has no function over ${MAX_LINES} lines`, () => {
    expect(sources(LIB).flatMap((f) => longFunctions(f, MAX_LINES))).toEqual([]);
  });

  it("finds a long function when there is one", () => {
    const probe = join(LIB, "model/world.ts");
    expect(longFunctions(probe, 3).length).toBeGreaterThan(0);
  });
});
