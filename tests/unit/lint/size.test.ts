/**
 * lib/ stays readable (issue 13's checks): no function (or method, or arrow) in it runs over 120 lines,
 * and at least 90 % of its files are at most 300 lines long.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { sources } from "./sources";

const LIB = join(import.meta.dirname, "../../../lib");
const MAX_FUNCTION_LINES = 120;
const MAX_FILE_LINES = 300;
const MIN_SHARE = 0.9;

/** Lines as `wc -l` counts them (newlines), so the figure matches what a reader measures. */
const lineCount = (file: string): number => readFileSync(file, "utf8").split("\n").length - 1;

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

/** The share of `files` at `max` lines or fewer, and the longer ones with their lengths. */
function fileShare(files: string[], max: number): { share: number; long: string[] } {
  const long = files.filter((f) => lineCount(f) > max);
  const names = long.map((f) => `${f.slice(LIB.length + 1)} (${lineCount(f)})`).sort();
  return { share: (files.length - long.length) / files.length, long: names };
}

describe("lib/ sizes", () => {
  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(sources(LIB).flatMap((f) => longFunctions(f, MAX_FUNCTION_LINES))).toEqual([]);
  });

  it(`keeps at least ${MIN_SHARE * 100} % of files at ${MAX_FILE_LINES} lines or fewer`, () => {
    const files = sources(LIB);
    const { share, long } = fileShare(files, MAX_FILE_LINES);
    expect(share, `${long.length} of ${files.length} files over ${MAX_FILE_LINES} lines:\n${long.join("\n")}`).toBeGreaterThanOrEqual(MIN_SHARE);
  });

  it("finds a long function and a long file when there is one", () => {
    const probe = join(LIB, "model/world.ts");
    expect(longFunctions(probe, 3).length).toBeGreaterThan(0);
    expect(fileShare([probe, join(LIB, "model/index.ts")], 20)).toEqual({ share: 0.5, long: [`model/world.ts (${lineCount(probe)})`] });
  });
});
