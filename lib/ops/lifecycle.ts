/**
 * A container's main process starting and ending, shared by the containers family (`docker start`,
 * stop, kill, exit, rm) and the vms family (a guest's engine bringing containers back at boot). No
 * handlers here: one family does not import another.
 */
import type { Container, Doc } from "../model";
import { exitsAtOnce, IpamError } from "../sim";
import { allocateEndpoint, allocatePorts, checkEndpoint, network, releaseNetworking } from "./endpoints";
import { fail, OpError } from "./errors";
import { restartsAfter, restartsWithEngine } from "./signals";
import { removeAnonymousVolumes } from "./volumes";

/** Starts `c`'s main process at `at`: addresses and ports are handed out now, in start order. */
export function startContainer(doc: Doc, c: Container, at: number, foreground: boolean): void {
  if (c.state === "running") return;
  if (c.networkMode.startsWith("container:")) {
    const target = doc.containers[c.networkMode.slice(10)];
    if (!target) fail("network.container-missing", `No such container: ${c.networkMode.slice(10)}`);
    if (target.state !== "running") fail("network.container-stopped", `cannot join network of a non running container: ${target.id}`);
  }
  c.startedAt = at;
  try {
    let n = 0;
    for (const ep of c.endpoints) {
      allocateEndpoint(doc, c, ep);
      if (ep.ip !== null) ep.ifname = `eth${n++}`;
    }
    c.nextIf = n;
    for (const ep of c.endpoints) {
      checkEndpoint(doc, c, network(doc, ep.networkId), { aliases: [], ipv4Address: ep.ipv4Address });
    }
    allocatePorts(doc, c);
  } catch (err) {
    if (err instanceof IpamError) fail("ipam", err.message);
    throw err;
  }
  c.state = "running";
  c.exitCode = 0;
  for (const k of ["paused", "oomKilled", "restarting", "manuallyStopped"] as const) delete c[k];
  const exit = foreground ? null : exitsAtOnce(c);
  if (exit !== null) ended(doc, c, exit, at, false);
}

/**
 * The main process ended with `exitCode`: by itself (`byUser` false: its restart policy may bring it
 * back) or by `docker stop`/`kill`. Its addresses and ports are released; `--rm` removes it.
 */
export function ended(doc: Doc, c: Container, exitCode: number, at: number, byUser: boolean): void {
  c.state = "exited";
  c.exitCode = exitCode;
  c.finishedAt = at;
  delete c.paused;
  if (byUser) c.manuallyStopped = true;
  releaseNetworking(c);
  if (!byUser && restartsAfter(c, exitCode)) {
    const policy = c.spec?.restart;
    // on-failure:N spends its N retries at once (each run ends the same way); the others keep cycling.
    if (policy?.name === "on-failure" && policy.maxRetries > 0) c.restartCount = policy.maxRetries;
    else {
      c.restarting = true;
      c.restartCount = (c.restartCount ?? 0) + 1;
    }
    return;
  }
  delete c.restarting;
  if (c.autoRemove) removeContainer(doc, c.id);
}

export function removeContainer(doc: Doc, id: string, withVolumes = false): void {
  const gone = doc.containers[id];
  delete doc.containers[id];
  delete doc.layout[id];
  if (doc.logs?.[id]) delete doc.logs[id];
  for (const other of Object.values(doc.containers)) {
    if (other.links.some((l) => l.target === id)) other.links = other.links.filter((l) => l.target !== id);
    if (other.dependsOn?.some((d) => d.target === id)) other.dependsOn = other.dependsOn.filter((d) => d.target !== id);
  }
  // --rm removes anonymous volumes too, as the daemon does for AutoRemove.
  if (gone && (withVolumes || gone.autoRemove)) removeAnonymousVolumes(doc, gone.machineId, gone.mounts ?? []);
}

/**
 * A machine's engine has (re)started: the daemon's restore brings back, with a fresh restart count,
 * every container its policy asks for (`always`, `unless-stopped` unless stopped by hand, `on-failure`
 * after a non-zero exit), those sharing another's network after it. One that cannot start (its host
 * port taken meanwhile) stays Exited, as the daemon logs and goes on.
 */
export function restoreContainers(doc: Doc, machineId: string, at: number): void {
  const back = Object.values(doc.containers).filter((c) => c.machineId === machineId && c.state === "exited" && restartsWithEngine(c));
  back.sort((a, b) => Number(a.networkMode.startsWith("container:")) - Number(b.networkMode.startsWith("container:")));
  for (const c of back) {
    const { startedAt, restartCount } = c;
    delete c.restartCount;
    try {
      startContainer(doc, c, at, false);
    } catch (err) {
      if (!(err instanceof OpError)) throw err;
      Object.assign(c, { state: "exited", startedAt, restartCount });
      releaseNetworking(c);
    }
  }
}
