/**
 * The endpoint libnetwork adds on docker_gwbridge when a container's only ways out are overlays: it
 * appears when the sandbox needs it (start, connect, a task starting) and goes when the container stops
 * or another network gives it a gateway. The next free address of docker_gwbridge, the next interface.
 */
import { produce } from "immer";
import type { Container, Doc } from "../model";
import { gwbridgeNetwork, IpamError, lowestFree, needsGwbridge, usedAddresses } from "../sim";
import { OpError } from "./apply";

/**
 * Brings every container's docker_gwbridge endpoint in line with its networks after an op. It reads the
 * finished document (plain objects: a pass over thousands of containers through a draft's proxies would
 * cost more than most ops) and drafts again only when something changes, which is rare.
 */
export function syncGwbridges(doc: Doc): Doc {
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
      c.nextIf = next + 1;
    }
  });
}
