/**
 * A container as a process: what `docker run` asked it to run and how it is limited (`spec`), and what
 * its main process printed (`logs`, kept beside the containers so `resolve` never reads them).
 */
import { z } from "zod";

/** Longest log line kept (longer lines are cut); a json-file log splits lines at 16 KiB, we keep less. */
export const LOG_LINE_MAX = 2048;
/** Lines kept per container: the oldest go first, so a chatty server costs the room a bounded amount. */
export const LOG_LINES_MAX = 400;

export const LogLineSchema = z.strictObject({
  /** Milliseconds since the epoch: what `docker logs -t` prints and `--since` compares. */
  at: z.number(),
  stream: z.enum(["stdout", "stderr"]),
  text: z.string().max(LOG_LINE_MAX),
});

export const ContainerLogSchema = z.array(LogLineSchema).max(LOG_LINES_MAX);

const RestartPolicySchema = z.strictObject({
  name: z.enum(["no", "always", "unless-stopped", "on-failure"]),
  maxRetries: z.number().int().min(0).max(1_000_000),
});

/** cgroup limits as `HostConfig` keeps them (bytes, nano-CPUs); 0 means unlimited. */
const ResourcesSchema = z.strictObject({
  memory: z.number().int().min(0),
  /** -1 for unlimited swap; 0 when unset (the daemon then allows twice the memory limit). */
  memorySwap: z.number().int().min(-1),
  nanoCpus: z.number().int().min(0),
  cpuShares: z.number().int().min(0),
  /** null when unset. */
  pidsLimit: z.number().int().nullable(),
});

const word = z.string().max(4096);

/** What `docker run` asked for beyond networking and mounts; absent fields are Docker's defaults. */
export const ContainerSpecSchema = z.strictObject({
  /** `--entrypoint`: replaces the image's ENTRYPOINT and drops its CMD. */
  entrypoint: z.array(word).max(64).optional(),
  /** `-e NAME=value`, in order. */
  env: z.array(word).max(256).optional(),
  workdir: z.string().max(4096).optional(),
  user: z.string().max(255).optional(),
  /** `--init`: tini runs as PID 1 and forwards signals. */
  init: z.boolean().optional(),
  restart: RestartPolicySchema.optional(),
  resources: ResourcesSchema.optional(),
  dns: z.array(z.string().max(45)).max(8).optional(),
  dnsSearch: z.array(z.string().max(255)).max(8).optional(),
  /** `--add-host name:ip` as the daemon keeps it ("name:ip", ip may be "host-gateway"). */
  extraHosts: z.array(z.string().max(300)).max(64).optional(),
  /** `--tmpfs /path[:opts]`: path to options. */
  tmpfs: z.record(z.string().max(4096), z.string().max(255)).optional(),
  /** `--volumes-from CONTAINER[:ro|:rw]` as given, which `HostConfig.VolumesFrom` shows. */
  volumesFrom: z.array(z.string().max(300)).max(64).optional(),
  /** `--pid host`: the container sees the machine's processes. */
  pidMode: z.enum(["host"]).optional(),
});

export type LogLine = z.infer<typeof LogLineSchema>;
export type RestartPolicy = z.infer<typeof RestartPolicySchema>;
export type Resources = z.infer<typeof ResourcesSchema>;
export type ContainerSpec = z.infer<typeof ContainerSpecSchema>;

/**
 * The kernel release a machine runs (`uname -r`): a host runs Debian 13's kernel, a VM the kernel of
 * its guest OS. Every container of a machine shares its kernel; a VM has its own.
 * @example kernelRelease({ kind: "host" }) // "6.12.57+deb13-amd64"
 */
export function kernelRelease(machine: { kind: "host" | "vm"; vm?: { os: string } }): string {
  if (machine.kind === "host" || !machine.vm) return "6.12.57+deb13-amd64";
  const os = machine.vm.os.toLowerCase();
  if (os.startsWith("debian")) return "6.1.0-41-amd64";
  if (os.startsWith("fedora") || os.startsWith("redhat") || os.startsWith("oracle")) return "6.17.7-300.fc43.x86_64";
  return "6.8.0-88-generic";
}

/** `uname -v` of the kernel `kernelRelease` names: its build number and date. */
export function kernelVersion(release: string): string {
  if (release.endsWith("+deb13-amd64")) return "#1 SMP PREEMPT_DYNAMIC Debian 6.12.57-1 (2025-11-05)";
  if (release.endsWith("-amd64")) return "#1 SMP PREEMPT_DYNAMIC Debian 6.1.158-1 (2025-11-09)";
  if (release.endsWith("-generic")) return "#88-Ubuntu SMP PREEMPT_DYNAMIC Sat Oct 11 09:15:28 UTC 2025";
  return "#1 SMP PREEMPT_DYNAMIC";
}

/** Whether a container runs its image's own command (no command or entrypoint of its own): a server image then serves. */
export function runsImageCommand(c: { command: readonly string[]; spec?: { entrypoint?: readonly string[] | undefined } | undefined }): boolean {
  return c.command.length === 0 && !c.spec?.entrypoint;
}
