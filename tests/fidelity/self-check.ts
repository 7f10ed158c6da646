/**
 * Determinism check of the harness itself: runs every scenario twice against the real engine and compares the
 * two runs with compare(). Anything reported here is nondeterminism that compare() does not normalise (or a
 * scenario that depends on timing) and would show up as a false mismatch against the simulator.
 *
 *   npx tsx tests/fidelity/self-check.ts [--engine DIR] [regex]
 */
import { compare } from "./compare";
import { startEngine } from "./engine";
import { compareOptionsFor, listScenarios } from "./harness";
import { runReal } from "./run";

const args = process.argv.slice(2);
let engineDir = "/tmp/dockside-engine";
let only: RegExp | null = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a === "--engine") engineDir = args[++i] as string;
  else only = new RegExp(a);
}
const engine = startEngine(engineDir);
const opts = compareOptionsFor(engine);
let bad = 0;
for (const sc of listScenarios().filter((s) => !only || only.test(s.name))) {
  const a = await runReal(sc.text, engine);
  const b = await runReal(sc.text, engine);
  const mm = compare(a, b, opts);
  if (mm.length === 0) console.log(`ok   ${sc.name}`);
  else {
    bad++;
    console.log(`FAIL ${sc.name}\n${mm.map((m) => `  - ${m}`).join("\n")}`);
  }
}
console.log(bad === 0 ? "all scenarios deterministic" : `${bad} scenario(s) not deterministic`);
process.exitCode = bad === 0 ? 0 : 1;
