/** The built-in exercises, in the order a course would take them. */
import type { Exercise } from "../schema";
import { faultInternalPublish, faultSplitNetworks, faultStoppedDb, faultWrongPort } from "./faults";
import { findWhatChanged, installAndLose, keepDatabaseData } from "./files";
import { buildYourPage, fastRebuild, shareThroughRegistry, shrinkImage } from "./images";
import { composeShop, vboxModes, vmNatForward } from "./machines";
import { defaultVsUserBridge, legacyLinks, roundRobinAlias } from "./names";
import { localhostOnly, portConflict, publish8080 } from "./ports";
import { memoryLimitKill, sameKernelOwnKernel, whyDidItExit } from "./processes";
import { connectDisconnect, internalNetwork, privateDatabase, proxyTwoServices, sidecarNamespace } from "./services";
import { faultSwarm, overlayTwoHosts, routingMesh } from "./swarm";

export const EXERCISES: readonly Exercise[] = [
  defaultVsUserBridge,
  publish8080,
  portConflict,
  localhostOnly,
  privateDatabase,
  connectDisconnect,
  roundRobinAlias,
  legacyLinks,
  proxyTwoServices,
  sidecarNamespace,
  internalNetwork,
  faultStoppedDb,
  faultWrongPort,
  faultSplitNetworks,
  faultInternalPublish,
  composeShop,
  vmNatForward,
  vboxModes,
  overlayTwoHosts,
  routingMesh,
  faultSwarm,
  keepDatabaseData,
  findWhatChanged,
  installAndLose,
  whyDidItExit,
  memoryLimitKill,
  sameKernelOwnKernel,
  buildYourPage,
  fastRebuild,
  shrinkImage,
  shareThroughRegistry,
];

/**
 * A built-in exercise by id.
 * @example findExercise("publish-8080")?.title // "Publish a web server on 8080"
 */
export function findExercise(id: string): Exercise | undefined {
  return EXERCISES.find((e) => e.id === id);
}
