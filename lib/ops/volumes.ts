/**
 * The volumes family, and mounts: the daemon's checks for `docker volume create|rm` and for the mounts of a new
 * container, with its own error texts. Volumes live per engine and are found by name, as Docker has
 * no volume ids.
 */
import { z } from "zod";
import { type Doc, digest64, type Mount, type Volume } from "../model";
import { fail } from "./errors";
import { defineFamily, type OpIn } from "./family";
import { at, hex64, id, strMap } from "./fields";

const VOLUME_OPS = [
  z.strictObject({
    type: z.literal("volume.create"),
    id: hex64,
    machineId: id,
    name: z.string().min(1).max(255),
    driver: z.string().min(1).max(64),
    labels: strMap,
    anonymous: z.boolean(),
    at,
  }),
  z.strictObject({ type: z.literal("volume.remove"), volumeId: id, force: z.boolean() }),
] as const;

type OpOf<T extends string> = OpIn<typeof VOLUME_OPS, T>;

/** Docker's `volumeNameRegex`: two or more characters, the first alphanumeric. */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/**
 * The volume called `name` on a machine's engine.
 * @example volumeNamed(doc, "m-host", "app_data")?.driver // "local"
 */
export function volumeNamed(doc: Doc, machineId: string, name: string): Volume | undefined {
  return Object.values(doc.volumes ?? {}).find((v) => v.machineId === machineId && v.name === name);
}

/**
 * Containers of the volume's engine that mount it, in creation order.
 * @example volumeUsers(doc, vol).length // 1
 */
export function volumeUsers(doc: Doc, v: Volume): string[] {
  return Object.values(doc.containers)
    .filter((c) => c.machineId === v.machineId && (c.mounts ?? []).some((m) => m.type === "volume" && m.source === v.name))
    .sort((a, b) => a.order - b.order)
    .map((c) => c.id);
}

function createVolume(doc: Doc, op: OpOf<"volume.create">): void {
  if (!doc.machines[op.machineId]?.engine) fail("machine.no-engine", `machine ${op.machineId} runs no Docker Engine`);
  if (doc.volumes?.[op.id]) fail("volume.exists", `volume ${op.id} already exists`);
  if (!VOLUME_NAME.test(op.name)) {
    const why =
      op.name.length < 2
        ? "volume name is too short, names should be at least two alphanumeric characters"
        : `"${op.name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;
    fail("volume.name", `create ${op.name}: ${why}`);
  }
  if (op.driver !== "local") fail("volume.driver", `create ${op.name}: error looking up volume plugin ${op.driver}: plugin "${op.driver}" not found`);
  // `docker volume create` of an existing name succeeds and changes nothing, as the daemon does.
  if (volumeNamed(doc, op.machineId, op.name)) return;
  doc.clock += 1;
  doc.volumes ??= {};
  doc.volumes[op.id] = {
    id: op.id,
    machineId: op.machineId,
    name: op.name,
    driver: op.driver,
    labels: op.labels,
    anonymous: op.anonymous,
    createdAt: op.at,
    order: doc.clock,
  };
}

function removeVolume(doc: Doc, op: OpOf<"volume.remove">): void {
  const v = doc.volumes?.[op.volumeId];
  if (!v) fail("volume.missing", `get ${op.volumeId}: no such volume`);
  const users = volumeUsers(doc, v);
  if (users.length > 0) fail("volume.in-use", `remove ${v.name}: volume is in use - [${users.join(", ")}]`);
  delete doc.volumes?.[v.id];
}

/**
 * Checks the mounts of a container being created: targets absolute, `--mount` targets distinct (the
 * daemon lets a later `-v` shadow an earlier one), volume names valid, bind sources absolute.
 */
export function checkMounts(mounts: Mount[]): void {
  const targets = new Set<string>();
  for (const m of mounts) {
    if (!m.target.startsWith("/"))
      fail("mount.target", `invalid mount config for type "${m.type}": invalid mount path: '${m.target}' mount path must be absolute`);
    if (m.via !== "bind-flag" && targets.has(m.target)) fail("mount.duplicate", `Duplicate mount point: ${m.target}`);
    if (m.via !== "bind-flag") targets.add(m.target);
    if (m.type === "bind" && !m.source.startsWith("/"))
      fail("mount.source", `invalid mount config for type "bind": invalid mount path: '${m.source}' mount path must be absolute`);
    if (m.type === "volume" && !VOLUME_NAME.test(m.source)) {
      fail(
        "volume.name",
        `create ${m.source}: "${m.source}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
      );
    }
    if (m.type === "tmpfs" && m.source !== "") fail("mount.source", `invalid mount config for type "tmpfs": field Source must not be specified`);
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Creates the volumes a new container mounts and that don't exist yet, as the daemon does on create:
 * a 64-hex-digit name is an anonymous volume (the client picked it for `-v /path`).
 */
export function ensureMountVolumes(doc: Doc, machineId: string, containerId: string, mounts: Mount[], at: number): void {
  for (const m of mounts) {
    if (m.type !== "volume" || volumeNamed(doc, machineId, m.source)) continue;
    const id = digest64(`volume/${containerId}/${m.source}`);
    doc.clock += 1;
    doc.volumes ??= {};
    doc.volumes[id] = { id, machineId, name: m.source, driver: "local", labels: {}, anonymous: HEX64.test(m.source), createdAt: at, order: doc.clock };
  }
}

/** `docker rm -v`: the anonymous volumes of a removed container go with it. */
export function removeAnonymousVolumes(doc: Doc, machineId: string, mounts: Mount[]): void {
  for (const m of mounts) {
    const v = m.type === "volume" ? volumeNamed(doc, machineId, m.source) : undefined;
    if (v?.anonymous && volumeUsers(doc, v).length === 0) delete doc.volumes?.[v.id];
  }
}

export const volumesFamily = defineFamily("volumes", VOLUME_OPS, { "volume.create": createVolume, "volume.remove": removeVolume });
