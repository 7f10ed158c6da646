/**
 * The endpoint libnetwork adds on docker_gwbridge when a container's only ways out are overlays: it
 * appears when the sandbox needs it (start, connect, a task starting) and goes when the container stops
 * or another network gives it a gateway. The next free address of docker_gwbridge, the next interface.
 */
import { produce } from "immer";
import type { Container, Doc } from "../model";
import { gwbridgeNetwork, IpamError, lowestFree, needsGwbridge, usedAddresses } from "../sim";
import { OpError } from "./errors";

/**
 * The interface of a container's first non-internal overlay: the one that needed docker_gwbridge. At a
 * start, interfaces are named in endpoint order, so the first such endpoint is also the lowest-numbered.
 */
function firstOverlayOut(doc: Doc, c: Container): string | null {
  const ep = c.endpoints.find((e) => {
    const n = doc.networks[e.networkId];
    return n?.driver === "overlay" && !n.internal && e.ip !== null && e.ifname;
  });
  return ep?.ifname ?? null;
}

/**
 * Brings every container's docker_gwbridge endpoint in line with its networks after an op. It reads the
 * finished document (plain objects: a pass over thousands of containers through a draft's proxies would
 * cost more than most ops) and drafts again only when something changes, which is rare.
 */
export function syncGwbridges(doc: Doc, before: Doc): Doc {
  const changing = Object.values(doc.containers).filter((c) => needsGwbridge(doc, c) !== Boolean(c.gwbridge));
  if (changing.length === 0) return doc;
  return produce(doc, (draft) => {
    for (const { id } of changing) {
      const c = draft.containers[id] as Container;
      if (c.gwbridge) {
        delete c.gwbridge;
        continue;
      }
      const n = gwbridgeNetwork(draft, c.machineId);
      if (!n) continue;
      const next = c.nextIf ?? c.endpoints.length;
      let ip: string;
      try {
        ip = lowestFree(n, usedAddresses(draft, n));
      } catch (e) {
        if (e instanceof IpamError) throw new OpError("ipam", e.message);
        throw e;
      }
      c.gwbridge = { ip, ifname: `eth${next}` };
      // Started by this op: the endpoint was made right after the first overlay that needed it.
      if (before.containers[id]?.state !== "running") {
        const first = firstOverlayOut(draft, c);
        if (first) c.gwbridge.after = first;
      }
      c.nextIf = next + 1;
    }
  });
}
