/** lib/ stays readable file by file: at least 90 % of its files are at most 300 lines long. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const LIB = join(import.meta.dirname, "../../../lib");
const MAX_LINES = 300;
const MIN_SHARE = 0.9;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Lines as `wc -l` counts them (newlines), so the figure matches what a reader measures. */
const lineCount = (file: string): number => readFileSync(file, "utf8").split("\n").length - 1;

describe("lib/ file sizes", () => {
  it(`keeps at least ${MIN_SHARE * 100} % of files at ${MAX_LINES} lines or fewer`, () => {
    const files = sources(LIB);
    const long = files.filter((f) => lineCount(f) > MAX_LINES);
    const share = (files.length - long.length) / files.length;
    const names = long.map((f) => `${f.slice(LIB.length + 1)} (${lineCount(f)})`).sort();
    expect(share, `${long.length} of ${files.length} files over ${MAX_LINES} lines:\n${names.join("\n")}`).toBeGreaterThanOrEqual(MIN_SHARE);
  });
});
