/**
 * Runs scenario files against a real engine and prints (or records) what every command printed.
 *
 *   npx tsx tests/fidelity/try-real.ts [--engine DIR] [--out DIR] [--sim] FILE...
 *
 * --engine DIR  engine state dir (default /tmp/dockside-engine; started if needed)
 * --out DIR     write DIR/<basename>.json (the recordings format) instead of printing
 * --sim         also run the simulator and print the mismatches
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { compare } from "./compare";
import { startEngine } from "./engine";
import { compareOptionsFor } from "./harness";
import { runReal, runSim } from "./run";

const args = process.argv.slice(2);
let engineDir = "/tmp/dockside-engine";
let outDir: string | undefined;
let withSim = false;
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a === "--engine") engineDir = args[++i] as string;
  else if (a === "--out") outDir = args[++i];
  else if (a === "--sim") withSim = true;
  else files.push(a);
}

const engine = startEngine(engineDir);
const opts = compareOptionsFor(engine);

for (const f of files) {
  const text = readFileSync(f, "utf8");
  const t0 = Date.now();
  const real = await runReal(text, engine);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (outDir) {
    const name = basename(f).replace(/\.sh$/, "");
    writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(real, null, 2)}\n`);
    console.log(`${f}: ${real.length} commands, ${secs}s`);
    continue;
  }
  console.log(`===== ${f} (${secs}s)`);
  for (const r of real) {
    console.log(`$ ${r.cmd}   [exit ${r.exitCode}]`);
    for (const [text, mark] of [
      [r.stdout, "|"],
      [r.stderr, "!"],
    ] as const) {
      if (!text) continue;
      const body = text.endsWith("\n") ? text.slice(0, -1) : text;
      process.stdout.write(`${body.replace(/^/gm, `  ${mark} `)}${text.endsWith("\n") ? "" : "⏎"}\n`);
    }
  }
  if (withSim) {
    try {
      const sim = await runSim(text);
      const mm = compare(real, sim, opts);
      console.log(mm.length === 0 ? "  -> simulator matches" : mm.map((m) => `  MISMATCH ${m}`).join("\n"));
    } catch (e) {
      console.log(`  -> simulator failed: ${(e as Error).message}`);
    }
  }
}
