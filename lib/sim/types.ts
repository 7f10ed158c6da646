/**
 * The shape of what `resolve(doc)` derives, apart from the function itself, so the modules that read a
 * resolved world (dns, reach, overlay, the VM rules) depend on the types and not on the resolver.
 */
import type { Container, Doc, ImageInfo, Listener, Machine, Network } from "../model";
import type { Published } from "./ports";

export interface EndpointView {
  container: Container;
  network: Network;
  /** Null while the container is not running. */
  ip: string | null;
  ipNum: number | null;
  prefix: number;
  gateway: string | null;
  mac: string;
  aliases: string[];
  /** Names the embedded DNS answers for this endpoint, lower-cased. */
  dnsNames: string[];
  /** Interface name inside the container while it runs (eth0...), when the document records it. */
  readonly ifname: string | null;
  /** Docker's EndpointID: derived on demand (it is only printed by inspect). */
  readonly endpointId: string;
}

export type NetMode = "bridge" | "host" | "none" | "container";

export interface ContainerView {
  c: Container;
  machine: Machine;
  image: ImageInfo;
  mode: NetMode;
  /** The container whose network namespace this one lives in (itself unless `container:` mode). */
  nsOwner: Container;
  /** Endpoints of the namespace, in the sandbox's order (DNS lookups and the default route follow it). */
  endpoints: EndpointView[];
  /** Endpoint holding the default route, or null (none mode, internal-only networks, stopped). */
  gateway: EndpointView | null;
  hostname: string;
  /** What listens in this namespace: every running container sharing it. */
  listeners: Listener[];
  published: Published[];
  embeddedDns: boolean;
  running: boolean;
}

type DiagnosticLevel = "error" | "warning" | "info";

export interface Diagnostic {
  level: DiagnosticLevel;
  /** Id of the record the message belongs to. */
  subject: string;
  code: string;
  message: string;
}

export interface Resolved {
  doc: Doc;
  containers: Map<string, ContainerView>;
  /** Containers in creation order. */
  order: ContainerView[];
  /** Endpoints of each network, running ones first, in address order. */
  endpointsByNetwork: Map<string, EndpointView[]>;
  /** For each network: lower-cased DNS name -> endpoints, in creation order. */
  dns: Map<string, Map<string, EndpointView[]>>;
  /** Per machine: address -> endpoint of a running container on a bridge/overlay network. */
  addressOwner: Map<string, Map<number, EndpointView>>;
  /** Per machine: every published binding in force. */
  published: Map<string, Published[]>;
  diagnostics: Diagnostic[];
  /** Per machine: the machine's own addresses (NICs and bridge gateways). */
  hostAddresses: Map<string, Set<number>>;
  /** Per machine: running host-network-mode containers. */
  hostMode: Map<string, ContainerView[]>;
  /** Per machine: container name (lower-cased) and alias -> containers, for explanations. */
  names: Map<string, ContainerView[]>;
  containerByName(machineId: string, nameOrId: string): ContainerView | undefined;
  networkByName(machineId: string, nameOrId: string): Network | undefined;
}
