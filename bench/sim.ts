/**
 * `npm run bench:sim`: resolve time against structuredClone of the same document, and the cost of
 * single queries (lookup + reach) on a resolved document. Prints one JSON object.
 */
import type { Doc, FileLayer } from "../lib/model";
import { apply } from "../lib/ops";
import { lookup, reach, resolve } from "../lib/sim";
import { generateDoc } from "./fixtures";
import { generateFleet } from "./fleet";
import { round, time } from "./stats";

const sizes = [10, 100, 1000, 5000];
const out: { containers: number; networks: number; resolveMs: number; cloneMs: number; queryUs: number }[] = [];
for (const containers of sizes) {
  const networks = Math.max(2, Math.ceil(containers / 40));
  const doc = generateDoc(containers, networks);
  const runs = containers >= 5000 ? 15 : containers >= 1000 ? 31 : 101;
  for (let i = 0; i < 3; i++) resolve(doc); // warm-up
  const resolveMs = time(() => resolve(doc), runs);
  const cloneMs = time(() => structuredClone(doc), runs);
  const r = resolve(doc);
  const ids = r.order.map((v) => v.c.id);
  const names = r.order.map((v) => v.c.name);
  const queries = 2000;
  let k = 0;
  const perQuery = time(() => {
    for (let i = 0; i < queries; i++) {
      const from = ids[(k * 7919) % ids.length] as string;
      const to = names[(k * 104729 + 13) % names.length] as string;
      k++;
      lookup(r, from, to);
      reach(r, { kind: "container", id: from }, to, { port: 80 });
    }
  }, 7);
  out.push({ containers, networks, resolveMs: round(resolveMs), cloneMs: round(cloneMs), queryUs: round((perQuery * 1000) / queries, 2) });
}
// Several machines: 20 hosts and 40 VMs (each running Docker) on a LAN, 2000 containers among them.
const fleet = generateFleet(2000, 20);
for (let i = 0; i < 3; i++) resolve(fleet);
const fleetResolveMs = time(() => resolve(fleet), 15);
const machines = Object.values(fleet.machines);

/**
 * File contents stay out of resolve's path: 1000 containers, each with a writable layer of 5 files
 * (about 1 MB in all), against the same document without files, for resolve and for applying an op.
 */
function withFiles(base: Doc): Doc {
  const files: Record<string, FileLayer> = {};
  for (const id of Object.keys(base.containers)) {
    const layer: FileLayer = { "/tmp": { t: "d", mode: 0o1777, mtime: 1 } };
    for (let i = 0; i < 5; i++) layer[`/tmp/f${i}`] = { t: "f", data: `${id}:${i}\n`.repeat(3), mode: 0o644, mtime: 1 };
    layer["/etc/passwd"] = { t: "w" };
    files[id] = layer;
  }
  return { ...base, files };
}
const plain = generateDoc(1000, 25);
const filled = withFiles(plain);
const target = Object.keys(plain.containers)[0] as string;
let flip = 0;
const renameOp = () => ({ type: "container.rename", containerId: target, name: `bench-${flip++ % 2}` });
const applyMs = (doc: Doc) => time(() => apply(doc, renameOp()), 31);
for (let i = 0; i < 3; i++) {
  resolve(plain);
  resolve(filled);
}
const fileOp = { type: "files.set", ownerId: target, entries: { "/tmp/new": { t: "f", data: "hello\n", mode: 0o644, mtime: 2 } } };
const filesCase = {
  containers: 1000,
  files: Object.values(filled.files ?? {}).reduce((n, l) => n + Object.keys(l).length, 0),
  resolveMs: round(time(() => resolve(filled), 31)),
  resolveMsWithoutFiles: round(time(() => resolve(plain), 31)),
  applyMs: round(applyMs(filled)),
  applyMsWithoutFiles: round(applyMs(plain)),
  fileOpMs: round(time(() => apply(filled, fileOp), 31)),
};
process.stdout.write(
  `${JSON.stringify({
    sizes: out,
    fleet: {
      hosts: machines.filter((m) => m.kind === "host").length,
      vms: machines.filter((m) => m.kind === "vm").length,
      containers: Object.keys(fleet.containers).length,
      resolveMs: round(fleetResolveMs),
      cloneMs: round(time(() => structuredClone(fleet), 15)),
    },
    files: filesCase,
  })}\n`,
);
