/**
 * Fidelity harness: run a scenario against a real Docker Engine and against the simulator, and compare.
 *
 *   runReal(scenarioText, engine)  -> CommandResult[]   (see run.ts)
 *   runSim(scenarioText)           -> CommandResult[]   (node bin/dockside.mjs sh --json, scenario on stdin)
 *   compare(real, sim, options)    -> string[]          (see compare.ts)
 *
 * Scenario format (tests/fidelity/scenarios/NN-name.sh): one command per line; blank and `#` lines are ignored;
 * a first line `# fresh-engine` restarts the daemon first (fresh subnet and port allocators). `docker ...` lines
 * run against the engine (`-H unix://...` is injected), other lines (curl, wget, ping) run on the engine's host,
 * i.e. inside the network namespace scripts/real-engine.sh created for the daemon. Lines are split like a POSIX
 * shell splits words (quotes, backslashes) and spawned without a shell.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CompareOptions } from "./compare";
import { type Engine, hostIdentity, REPO_ROOT } from "./engine";

export { splitWords } from "../../lib/shell/words";
export { type CompareOptions, compare, extractAddresses, normalise, PHRASES } from "./compare";
export { cleanEngine, type Engine, engineFor, hostIdentity, restartDaemon, startEngine, stopEngine } from "./engine";
export { type CommandResult, parseScenario, runReal, runSim } from "./run";

/** The simulated host (lib/model/world.ts): 192.168.1.10 on the LAN 192.168.1.0/24, router/DNS 192.168.1.1. */
export const SIM_HOST_ADDRESSES = ["192.168.1.10", "192.168.1.1"];
export const SIM_HOST_CIDRS = ["192.168.1.0/24"];

/**
 * Comparison options for an engine: the real host's own addresses and nameservers that differ from the
 * simulated host's are ignored (scripts/real-engine.sh makes them identical, so normally nothing is ignored).
 */
export function compareOptionsFor(engine: Engine): CompareOptions {
  const id = hostIdentity(engine);
  return {
    ignoreAddresses: [...id.addrs, ...id.nameservers].filter((a) => !SIM_HOST_ADDRESSES.includes(a)),
    simIgnoreAddresses: SIM_HOST_ADDRESSES,
    ignoreCidrs: id.cidrs.filter((c) => !SIM_HOST_CIDRS.includes(c)),
    simIgnoreCidrs: SIM_HOST_CIDRS,
  };
}

export const SCENARIO_DIR = join(REPO_ROOT, "tests", "fidelity", "scenarios");

export function listScenarios(): { name: string; path: string; text: string }[] {
  return (
    readdirSync(SCENARIO_DIR)
      .filter((f) => /^\d+-.*\.sh$/.test(f))
      // By number, so 100-* runs after 99-* rather than after 10-*.
      .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b))
      .map((f) => ({ name: f, path: join(SCENARIO_DIR, f), text: readFileSync(join(SCENARIO_DIR, f), "utf8") }))
  );
}

/** A readable report of mismatches for one scenario. */
export function formatMismatches(name: string, mismatches: string[]): string {
  return `${name}: ${mismatches.length} mismatch(es)\n${mismatches.map((m) => `- ${m}`).join("\n")}`;
}
