/** Shared helpers for the compose tests: import a file into a fresh world, and describe a world canonically. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type ComposeProject, composeUp, type ParseOptions, parseCompose, type UpResult, unbuiltWarnings } from "../../lib/compose";
import { byOrder, createWorld, type Doc, seededIds } from "../../lib/model";
import { lookup, reach, resolve } from "../../lib/sim";

export const CORPUS = join(import.meta.dirname, "corpus");

export function corpusFiles(): string[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
}

export function readCorpus(file: string): string {
  return readFileSync(join(CORPUS, file), "utf8");
}

export const HOST = "m-host";

export function fresh(): Doc {
  return createWorld(seededIds(7), 1_000);
}

export interface Imported {
  project: ComposeProject;
  warnings: string[];
  up: UpResult;
}

export function importCompose(text: string, opts: Partial<ParseOptions> = {}, doc: Doc = fresh()): Imported {
  const parsed = parseCompose(text, { dirName: "app", ...opts });
  if (!parsed.ok) throw new Error(parsed.error);
  const up = composeUp(doc, HOST, parsed.project, { ids: seededIds(11), at: 2_000 });
  const warnings = [...parsed.warnings, ...unbuiltWarnings(doc, HOST, parsed.project)];
  return { project: parsed.project, warnings: warnings.map((w) => w.path), up };
}

/**
 * Everything a learner would compare between two worlds, keyed by names (never ids): networks,
 * containers with their addresses and ports, which names resolve to which containers from each
 * container, and what reaches what on every listening port.
 */
export function describe(doc: Doc, machineId = HOST, askNames?: ReadonlySet<string>): { names: Set<string>; [k: string]: unknown } {
  const r = resolve(doc);
  const networks = byOrder(doc.networks)
    .filter((n) => n.machineId === machineId && !n.builtin)
    .map((n) => ({ name: n.name, driver: n.driver, internal: n.internal, subnet: n.subnet, gateway: n.gateway }));
  const views = r.order.filter((v) => v.c.machineId === machineId);
  const nameOf = new Map<string, string>();
  for (const v of views) for (const ep of v.endpoints) if (ep.ip) nameOf.set(ep.ip, v.nsOwner.name);
  const names = new Set<string>(askNames ?? []);
  if (!askNames)
    for (const v of views) {
      names.add(v.c.name);
      for (const ep of v.endpoints) for (const a of ep.aliases) names.add(a);
      for (const l of v.c.links) names.add(l.alias);
    }
  const containers = views.map((v) => ({
    name: v.c.name,
    state: v.c.state,
    image: v.c.image,
    mode: v.mode,
    nsOwner: v.nsOwner.name,
    endpoints: v.endpoints.map((ep) => `${ep.network.name}=${ep.ip}`).sort(),
    published: v.published.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.proto}`).sort(),
    listens: v.listeners.map((l) => `${l.port}/${l.proto}`).sort(),
    // Anonymous volumes get a fresh random name on every import; what matters is that one is there.
    mounts: (v.c.mounts ?? []).map((m) => {
      const anon = Object.values(doc.volumes ?? {}).some((x) => x.machineId === machineId && x.name === m.source && x.anonymous);
      return `${m.type} ${anon ? "(anonymous)" : m.source}:${m.target}${m.readOnly ? ":ro" : ""}`;
    }),
    dependsOn: (v.c.dependsOn ?? []).map((d) => `${doc.containers[d.target]?.name}:${d.condition}:${d.required}`),
    resolves: v.running
      ? [...names].sort().map((n) => {
          const res = lookup(r, v.c.id, n);
          return res.ok
            ? `${n}=${res.addresses
                .map((a) => nameOf.get(a) ?? a)
                .sort()
                .join(",")}`
            : `${n}=-`;
        })
      : [],
  }));
  const reachMatrix: string[] = [];
  for (const from of views) {
    if (!from.running) continue;
    for (const to of views) {
      if (to === from || !to.running) continue;
      const target = to.endpoints.find((ep) => ep.ip)?.ip;
      if (!target) continue;
      for (const l of to.listeners) {
        if (l.proto !== "tcp") continue;
        reachMatrix.push(`${from.c.name}->${to.c.name}:${l.port}=${reach(r, { kind: "container", id: from.c.id }, to.c.name, { port: l.port }).verdict}`);
      }
    }
  }
  const volumes = Object.values(doc.volumes ?? {})
    .filter((x) => x.machineId === machineId && !x.anonymous)
    .map((x) => x.name)
    .sort();
  return { networks, containers, volumes, reach: reachMatrix.sort(), names };
}
