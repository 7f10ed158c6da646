/**
 * Which ops move an image between machines, for the canvas to show it travelling: a pull from a
 * registry other than Docker Hub (`image.add` with the registry's digest) brings it from the registry's
 * machine to the pulling one; a push (`image.digest`) takes it from the pushing machine to the
 * registry's. The registry's machine is the one its `host:port` leads to as the engine dials it: the
 * loopback and the engine's own addresses are its own machine, another machine's address is that machine.
 */
import { parseIp } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { parseRef } from "@/lib/ops";
import { lookupOnMachine, type Resolved } from "@/lib/sim";

interface ImageMove {
  kind: "push" | "pull";
  /** Machine ids; equal when the registry runs on the same machine. */
  from: string;
  to: string;
  /** The image as the registry names it: `app:1` for `192.168.1.10:5000/app:1`. */
  label: string;
}

/** The machine holding the registry `host[:port]` that `machineId`'s engine dials, if any in the room. */
export function registryMachine(r: Resolved, machineId: string, registry: string): string | null {
  const host = registry.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
  if (host === "::1") return machineId;
  const found = lookupOnMachine(r, machineId, host);
  const ip = found.ok ? parseIp(found.addresses[0] ?? "") : null;
  if (ip === null) return null;
  if (ip >>> 24 === 127) return machineId;
  // Its own addresses (and its containers' on its bridges) first: every host has a 172.17.0.1.
  if (r.hostAddresses.get(machineId)?.has(ip) || r.addressOwner.get(machineId)?.has(ip)) return machineId;
  for (const [id, addresses] of r.hostAddresses) if (addresses.has(ip)) return id;
  return null;
}

/** The image's name and tag inside its registry. */
function labelOf(text: string): { registry: string; label: string } | null {
  const ref = parseRef(text);
  if (typeof ref === "string" || ref.registry === "docker.io") return null;
  return { registry: ref.registry, label: `${ref.path}:${ref.tag}` };
}

/** The movement `op` makes, judged against the room as resolved around it; null for any other op. */
export function imageMove(op: Op, r: Resolved): ImageMove | null {
  if (op.type === "image.digest") {
    const ref = labelOf(op.ref);
    const registry = ref && registryMachine(r, op.machineId, ref.registry);
    return ref && registry ? { kind: "push", from: op.machineId, to: registry, label: ref.label } : null;
  }
  if (op.type === "image.add" && op.digests?.length) {
    // The digest names the repository pulled from; the tag names what was asked for.
    const tag = op.tags.find((t) => labelOf(t)) ?? "";
    const ref = labelOf(tag);
    const registry = ref && registryMachine(r, op.machineId, ref.registry);
    return ref && registry ? { kind: "pull", from: registry, to: op.machineId, label: ref.label } : null;
  }
  return null;
}
