/**
 * The one context `resolve`'s phases share: the document, its records in creation order, and the
 * tables each phase fills for the next ones (and for `Resolved`). Phases run in the order of
 * `resolve.ts`; each reads only what an earlier phase filled.
 */
import { byOrder, type Container, type Doc, type Network } from "../../model";
import type { Published } from "../ports";
import type { ContainerView, Diagnostic, EndpointView } from "../types";

export interface ResolveContext {
  readonly doc: Doc;
  /** Containers and networks in creation order: every phase iterates these, never object keys. */
  readonly containers: Container[];
  readonly networks: Network[];
  readonly diagnostics: Diagnostic[];
  /** ipam: each container's endpoint addresses, index for index (null while stopped or unassigned). */
  readonly assigned: Map<Container, (string | null)[]>;
  /** endpoints: per network, and per container (its own, before namespace sharing). */
  readonly endpointsByNetwork: Map<string, EndpointView[]>;
  readonly ownEndpoints: Map<string, EndpointView[]>;
  /** endpoints: per machine, address -> the running endpoint holding it. */
  readonly addressOwner: Map<string, Map<number, EndpointView>>;
  /** dns: per network, lower-cased name -> endpoints in creation order. */
  readonly dns: Map<string, Map<string, EndpointView[]>>;
  /** namespaces: one view per container. */
  readonly views: Map<string, ContainerView>;
  /** ports: per machine, the bindings in force. */
  readonly published: Map<string, Published[]>;
  /** machines: per machine, its own addresses and its running host-mode containers. */
  readonly hostAddresses: Map<string, Set<number>>;
  readonly hostMode: Map<string, ContainerView[]>;
  /** names: per machine/name (lower-cased, aliases too) the containers; per machine/exact name the one. */
  readonly names: Map<string, ContainerView[]>;
  readonly byName: Map<string, ContainerView>;
}

export function newContext(doc: Doc): ResolveContext {
  return {
    doc,
    containers: byOrder(doc.containers),
    networks: byOrder(doc.networks),
    diagnostics: [],
    assigned: new Map(),
    endpointsByNetwork: new Map(),
    ownEndpoints: new Map(),
    addressOwner: new Map(),
    dns: new Map(),
    views: new Map(),
    published: new Map(),
    hostAddresses: new Map(),
    hostMode: new Map(),
    names: new Map(),
    byName: new Map(),
  };
}
