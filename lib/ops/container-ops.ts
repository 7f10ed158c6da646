/**
 * The containers family's ops: the shape of each, checked at the room's door before a handler sees it.
 * The handlers (what the daemon does with each) are in containers.ts.
 */
import { z } from "zod";
import { ContainerSpecSchema, DependencySchema, ListenerSchema, MountSchema, ResourcesSchema, RestartPolicySchema } from "../model";
import { at, hex64, id, NetworkRequestSchema, name, PortRequestSchema } from "./fields";

export const CONTAINER_OPS = [
  z.strictObject({
    type: z.literal("container.create"),
    id: hex64,
    machineId: id,
    name,
    image: z.string().min(1).max(255),
    command: z.array(z.string().max(4096)).max(256),
    interactive: z.boolean(),
    tty: z.boolean(),
    hostname: z.string().max(255).nullable(),
    networkMode: z.string().min(1).max(255),
    networks: z.array(NetworkRequestSchema).max(64),
    ports: z.array(PortRequestSchema).max(256),
    publishAll: z.boolean(),
    expose: z.array(z.string().max(16)).max(256),
    links: z.array(z.strictObject({ target: id, alias: z.string().min(1).max(255) })).max(64),
    listens: z.array(ListenerSchema).max(64).nullable(),
    autoRemove: z.boolean(),
    /** Volumes must exist (create them first with volume.create, as the daemon does for `-v name:/path`). */
    mounts: z.array(MountSchema).max(64).optional(),
    dependsOn: z.array(DependencySchema).max(64).optional(),
    /** Entrypoint, env, restart policy, cgroup limits, DNS options: what the process is asked to be. */
    spec: ContainerSpecSchema.optional(),
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
    image: z.string().min(1).max(255).optional(),
    command: z.array(z.string().max(4096)).max(256).optional(),
    hostname: z.string().max(255).nullable().optional(),
    listens: z.array(ListenerSchema).max(64).nullable().optional(),
    /** `docker update --restart`. */
    restart: RestartPolicySchema.optional(),
    /** `docker update --memory/--cpus/...`: the new limits, whole. */
    resources: ResourcesSchema.optional(),
  }),
  z.strictObject({ type: z.literal("container.setPorts"), containerId: id, ports: z.array(PortRequestSchema).max(256) }),
  z.strictObject({ type: z.literal("container.setAliases"), containerId: id, networkId: id, aliases: z.array(z.string().min(1).max(255)).max(64) }),
] as const;
