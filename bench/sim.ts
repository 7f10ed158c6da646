/**
 * `npm run bench:sim`: resolve time against structuredClone of the same document, and the cost of
 * single queries (lookup + reach) on a resolved document. Prints one JSON object.
 */
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
  })}\n`,
);
