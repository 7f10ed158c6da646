/** The source files the lint tests read. */
import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Files under `dir`, at any depth, whose path matches `pattern`, as absolute paths. */
export function sources(dir: string, pattern = /\.ts$/): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => pattern.test(f) && !f.includes("node_modules"))
    .map((f) => join(dir, f));
}
