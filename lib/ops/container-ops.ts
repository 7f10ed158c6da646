/**
 * The containers family's ops: the shape of each, checked at the room's door before a handler sees it.
 * The handlers (what the daemon does with each) are in containers.ts.
 */
import { z } from "zod";
import { ContainerSchema, ContainerSpecSchema } from "../model";
import { at, hex64, id, NetworkRequestSchema, name, PortRequestSchema } from "./fields";

/**
 * The fields `container.create` takes as the container record keeps them. Mounts' volumes must exist
 * (create them first with volume.create, as the daemon does for `-v name:/path`); `spec` is what the
 * process is asked to be (entrypoint, env, restart policy, cgroup limits, DNS options).
 */
const CREATE_FIELDS = {
  machineId: true,
  name: true,
  image: true,
  command: true,
  interactive: true,
  tty: true,
  hostname: true,
  networkMode: true,
  publishAll: true,
  expose: true,
  links: true,
  listens: true,
  autoRemove: true,
  mounts: true,
  dependsOn: true,
  spec: true,
} as const;

export const CONTAINER_OPS = [
  /** What `docker create` asks for: the record's own fields, but its id (the daemon's 64 hex digits), networks and ports as requested. */
  z.strictObject({
    type: z.literal("container.create"),
    id: hex64,
    ...ContainerSchema.pick(CREATE_FIELDS).shape,
    networks: z.array(NetworkRequestSchema).max(64),
    ports: z.array(PortRequestSchema).max(256),
    at,
  }),
  z.strictObject({
    type: z.literal("container.start"),
    containerId: id,
    at,
    /** A foreground `docker run`: the shell runs the command and reports its end with container.exit. */
    foreground: z.boolean().optional(),
  }),
  /** The main process ended by itself (the shell ran it): its code, and whether the kernel killed it for memory. */
  z.strictObject({
    type: z.literal("container.exit"),
    containerId: id,
    exitCode: z.number().int().min(0).max(255),
    at,
    oomKilled: z.boolean().optional(),
    /** The program does not exist in the image: the container never ran and stays Created. */
    startFailed: z.boolean().optional(),
  }),
  /** `docker kill [-s SIGNAL]` (KILL when absent); a signal the process ignores changes nothing. */
  z.strictObject({ type: z.literal("container.kill"), containerId: id, at, signal: z.string().min(1).max(32).optional() }),
  /** `docker stop [-s SIGNAL]`: the image's STOPSIGNAL when absent, then KILL after the timeout. */
  z.strictObject({ type: z.literal("container.stop"), containerId: id, at, signal: z.string().min(1).max(32).optional() }),
  z.strictObject({
    type: z.literal("container.remove"),
    containerId: id,
    force: z.boolean(),
    /** `docker rm -v`: also remove the container's anonymous volumes. */
    volumes: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal("container.rename"), containerId: id, name }),
  z.strictObject({
    type: z.literal("container.update"),
    containerId: id,
    ...ContainerSchema.pick({ image: true, command: true, hostname: true, listens: true }).partial().shape,
    /** `docker update --restart`, and `--memory/--cpus/...` (the new limits, whole). */
    ...ContainerSpecSchema.pick({ restart: true, resources: true }).shape,
  }),
  z.strictObject({ type: z.literal("container.setPorts"), containerId: id, ports: z.array(PortRequestSchema).max(256) }),
  z.strictObject({ type: z.literal("container.setAliases"), containerId: id, networkId: id, aliases: z.array(z.string().min(1).max(255)).max(64) }),
] as const;
