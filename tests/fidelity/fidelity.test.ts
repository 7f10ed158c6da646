/**
 * Fidelity against a real Docker Engine: every scenario in tests/fidelity/scenarios runs against a private
 * dockerd (scripts/real-engine.sh) and against the simulator (node bin/dockside.mjs sh --json); the outputs
 * must agree (see compare.ts).
 *
 * Needs root, dockerd/containerd/runc and a static busybox. If the engine cannot start the suite FAILS, unless
 * DOCKSIDE_SKIP_REAL_ENGINE=1 is set (then it is skipped).
 * DOCKSIDE_ENGINE_DIR overrides the engine's state directory (default: <tmpdir>/dockside-fidelity-engine).
 * DOCKSIDE_KEEP_ENGINE=1 leaves the daemon running after the run (faster reruns).
 * DOCKSIDE_SCENARIOS=regex runs only the matching scenario files.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CommandResult,
  type CompareOptions,
  compare,
  compareOptionsFor,
  type Engine,
  formatMismatches,
  listScenarios,
  runReal,
  runSim,
  startEngine,
  stopEngine,
} from "./harness";

const skip = process.env.DOCKSIDE_SKIP_REAL_ENGINE === "1";
const engineDir = process.env.DOCKSIDE_ENGINE_DIR ?? join(tmpdir(), "dockside-fidelity-engine");
const only = process.env.DOCKSIDE_SCENARIOS ? new RegExp(process.env.DOCKSIDE_SCENARIOS) : null;

const scenarios = listScenarios().filter((s) => !only || only.test(s.name));

function transcript(results: CommandResult[]): string {
  return results.map((r) => `$ ${r.cmd}  [exit ${r.exitCode}]\n${r.stdout}${r.stderr ? `[stderr]\n${r.stderr}` : ""}`).join("\n");
}

describe.skipIf(skip)("fidelity against a real Docker Engine", () => {
  let engine: Engine | undefined;
  let opts: CompareOptions = {};

  beforeAll(() => {
    // throws with the dockerd log when the engine does not come up
    engine = startEngine(engineDir);
    opts = compareOptionsFor(engine);
  }, 300_000);

  afterAll(() => {
    if (engine && process.env.DOCKSIDE_KEEP_ENGINE !== "1") stopEngine(engine);
  }, 120_000);

  it("has at least one scenario", () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  for (const sc of scenarios) {
    it(sc.name, async () => {
      if (!engine) throw new Error("the real engine is not running");
      const real = await runReal(sc.text, engine);
      const sim = await runSim(sc.text);
      const mismatches = compare(real, sim, opts);
      if (mismatches.length > 0) {
        throw new Error(`${formatMismatches(sc.name, mismatches)}\n\n--- real transcript ---\n${transcript(real).slice(0, 20_000)}`);
      }
    }, 180_000);
  }
});
