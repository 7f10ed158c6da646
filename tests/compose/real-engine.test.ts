/**
 * The compose corpus against a real Docker Engine and Compose: every file is brought up in Dockside and
 * with Debian's docker-compose (Compose v1) on the private engine of scripts/real-engine.sh, and the
 * two must agree on which names resolve from where (to which containers), what reaches what, what is
 * published and what the host reaches (see real-engine.ts). Each file's agreement is printed.
 *
 * Same rule as tests/fidelity: needs root, dockerd and docker-compose; if the engine cannot start the
 * suite FAILS, unless DOCKSIDE_SKIP_REAL_ENGINE=1 is set (then it is skipped).
 * DOCKSIDE_COMPOSE_ENGINE_DIR overrides the engine's state directory (its own, so that this suite and
 * the fidelity suite can run side by side). DOCKSIDE_KEEP_ENGINE=1 leaves the daemon running.
 * DOCKSIDE_COMPOSE_FILES=regex runs only the matching corpus files.
 *
 * Compose v1 and v2 differences, handled rather than excused (see fileForV1 and v1Name):
 * - container names: v1 says `<project>_<service>_<n>`, v2 `<project>-<service>-<n>`; names are mapped
 *   both ways, and both engines' DNS answers container names, so the same names are asked;
 * - top-level `name:` is unknown to v1: the project name is given with `-p`;
 * - `depends_on` conditions: v1 would wait for health checks the stand-ins lack, so it gets the list
 *   form (same creation order);
 * - long-syntax `ports` with `host_ip` are unknown to v1: written in the equivalent short syntax.
 * Found by this suite and fixed in Dockside: docker-proxy accepts a connection to a loopback-published
 * port even when nothing listens in the container (lib/sim/reach.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, describe as group, it } from "vitest";
import { parse } from "yaml";
import { cleanEngine, docker, type Engine, startEngine, stopEngine } from "../fidelity/engine";
import { corpusFiles, importCompose, readCorpus } from "./helpers";
import { type Comparison, compareFile } from "./real-engine";

const skip = process.env.DOCKSIDE_SKIP_REAL_ENGINE === "1";
const engineDir = process.env.DOCKSIDE_COMPOSE_ENGINE_DIR ?? join(tmpdir(), "dockside-compose-engine");
const only = process.env.DOCKSIDE_COMPOSE_FILES ? new RegExp(process.env.DOCKSIDE_COMPOSE_FILES) : null;

const files = corpusFiles().filter((f) => !only || only.test(f));
const report: Comparison[] = [];

group.skipIf(skip)("compose corpus against a real engine and docker-compose", () => {
  let engine: Engine | undefined;
  let work = "";

  beforeAll(() => {
    engine = startEngine(engineDir);
    work = mkdtempSync(join(tmpdir(), "dockside-compose-real-"));
  }, 300_000);

  afterAll(() => {
    for (const c of report) {
      const agreed = c.probes.filter((p) => p.dockside === p.real).length;
      const kinds = [...new Set(c.probes.map((p) => p.kind))]
        .map((k) => {
          const mine = c.probes.filter((p) => p.kind === k);
          return `${k} ${mine.filter((p) => p.dockside === p.real).length}/${mine.length}`;
        })
        .join(", ");
      const head = c.skipped ? `skipped: ${c.skipped}` : c.upError ? `up failed as expected: ${c.upError}` : `${agreed}/${c.probes.length} agree (${kinds})`;
      console.log(`[real-engine] ${c.file}: ${head}${c.standIns.length > 0 ? `; stand-ins: ${c.standIns.join("; ")}` : ""}`);
    }
    if (work) rmSync(work, { recursive: true, force: true });
    if (engine && process.env.DOCKSIDE_KEEP_ENGINE !== "1") stopEngine(engine);
  }, 120_000);

  it("has docker-compose", () => {
    if (!engine) throw new Error("the real engine is not running");
    const r = docker(engine, ["version", "--format", "{{.Server.Version}}"]);
    expect(r.status, r.stderr).toBe(0);
  });

  for (const file of files) {
    it(file, () => {
      if (!engine) throw new Error("the real engine is not running");
      cleanEngine(engine);
      docker(engine, ["volume", "prune", "-f"]);
      const text = readCorpus(file);
      const expectation = (parse(text) as { "x-expect"?: { "up-error"?: string } })["x-expect"] ?? {};
      const { project, up } = importCompose(text);
      const c = compareFile(file, text, project, up.doc, engine, work);
      report.push(c);
      if (expectation["up-error"] !== undefined || !up.ok) {
        // Both refuse: Dockside with Compose v2's words, v1 with its own.
        expect(up.ok).toBe(false);
        expect(c.upError, "the real Compose brought up a file Dockside refuses").toBeDefined();
        return;
      }
      expect(c.upError, `the real Compose refused ${file}`).toBeUndefined();
      expect(c.probes.length).toBeGreaterThan(0);
      const wrong = c.probes.filter((p) => p.dockside !== p.real);
      expect(wrong.map((p) => `${p.kind}: ${p.question}: Dockside says ${p.dockside}, the real engine ${p.real}`)).toEqual([]);
    }, 600_000);
  }
});
