/**
 * A compose file after parsing, validation and normalisation: what `docker compose config` shows, in
 * the terms Dockside models. Order is kept as written, because addresses depend on creation order.
 */
import type { Listener } from "../model";
import type { PortRequest } from "../ops";

export interface ServiceNetwork {
  /** Key in the top-level `networks:` (`default` for the implicit one). */
  key: string;
  aliases: string[];
  ipv4Address: string | null;
}

export interface ServiceLink {
  service: string;
  alias: string;
}

/** One entry of a service's `volumes:`. */
export interface MountSpec {
  type: "volume" | "bind" | "tmpfs";
  /** Key in the top-level `volumes:` (a named volume), "" for an anonymous volume or tmpfs, an absolute host path for a bind mount. */
  source: string;
  target: string;
  readOnly: boolean;
  /** The short syntax's third field ("ro", "rw,z"...), null otherwise. */
  mode: string | null;
}

/** One entry of `depends_on`. */
export interface DependencySpec {
  service: string;
  condition: "service_started" | "service_healthy" | "service_completed_successfully";
  required: boolean;
}

/** One entry of the top-level `volumes:`. */
export interface VolumeSpec {
  key: string;
  /** Name on the engine: `name:` if given, the key for external volumes, else `<project>_<key>`. */
  name: string;
  external: boolean;
  driver: string;
  labels: Record<string, string>;
}

export interface BuildSpec {
  /** The context directory, absolute (resolved against the project directory). */
  context: string;
  /** The Dockerfile, relative to the context. */
  dockerfile: string;
  /** `args`: build arguments (one without a value takes the environment's, or is left out). */
  args: Record<string, string>;
  target: string | null;
}

export interface ServiceSpec {
  name: string;
  /** The image reference; for `build:` without `image:`, `<project>-<service>` as Compose names it. */
  image: string;
  /** `build:`: what `docker compose build` and `up` build the image from; null for an image-only service. */
  build: BuildSpec | null;
  command: string[];
  interactive: boolean;
  tty: boolean;
  hostname: string | null;
  containerName: string | null;
  /** `host`, `none`, `bridge`, `service:<name>`, `container:<name>`, or null for the networks list. */
  networkMode: string | null;
  networks: ServiceNetwork[];
  ports: PortRequest[];
  /** `80/tcp` form. */
  expose: string[];
  links: ServiceLink[];
  dependsOn: DependencySpec[];
  replicas: number;
  profiles: string[];
  /** What listens inside, when the file says so (`x-dockside.listens`) or the image is unknown to Dockside. */
  listens: Listener[] | null;
  volumes: MountSpec[];
  /** `x-dockside.state: exited`: created but not started (keeps exported sandboxes faithful). */
  startStopped: boolean;
}

export interface NetworkSpec {
  key: string;
  /** Name on the engine: `name:` if given, the key for external networks, else `<project>_<key>`. */
  name: string;
  driver: "bridge" | "overlay" | "macvlan" | "ipvlan" | "host" | "null";
  internal: boolean;
  attachable: boolean;
  external: boolean;
  subnet: string | null;
  gateway: string | null;
  ipRange: string | null;
  options: Record<string, string>;
  labels: Record<string, string>;
}

export interface ComposeProject {
  name: string;
  /** Every service, active or not (see `activeServices`). */
  services: ServiceSpec[];
  /** Networks in file order; `default` is added when a service uses it. */
  networks: NetworkSpec[];
  volumes: VolumeSpec[];
  /** Profiles switched on (`--profile`). */
  profiles: string[];
}

export interface ComposeWarning {
  /** Dotted path in the file, e.g. `services.web.environment`. */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; project: ComposeProject; warnings: ComposeWarning[] } | { ok: false; error: string };

/**
 * Services that `up` starts: no profile, or one of the active profiles.
 * @example activeServices(project).map((s) => s.name) // ["web", "db"]
 */
export function activeServices(project: ComposeProject): ServiceSpec[] {
  return project.services.filter((s) => s.profiles.length === 0 || s.profiles.some((p) => project.profiles.includes(p)));
}

/**
 * Container name of replica `n` of a service, as Compose v2 names it.
 * @example containerName({ name: "app" } as ComposeProject, { name: "web", containerName: null } as ServiceSpec, 1) // "app-web-1"
 */
export function containerName(project: Pick<ComposeProject, "name">, service: Pick<ServiceSpec, "name" | "containerName">, n: number): string {
  return service.containerName ?? `${project.name}-${service.name}-${n}`;
}
