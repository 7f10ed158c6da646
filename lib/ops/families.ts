/**
 * Every op family, in one list: the op union (`OpSchema`), `applyOp`'s dispatch table and undo's
 * inverses are all built from it. A new family is one file beside this one, added here.
 */
import { containersFamily } from "./containers";
import { docFamily } from "./doc";
import { filesFamily } from "./files";
import { imagesFamily } from "./images";
import { layoutFamily } from "./layout";
import { machinesFamily } from "./machines";
import { networksFamily } from "./networks";
import { processesFamily } from "./process";
import { swarmFamily } from "./swarm";
import { servicesFamily } from "./swarm-services";
import { vmsFamily } from "./vms";
import { volumesFamily } from "./volumes";

export const FAMILIES = [
  docFamily,
  networksFamily,
  containersFamily,
  processesFamily,
  volumesFamily,
  layoutFamily,
  machinesFamily,
  vmsFamily,
  swarmFamily,
  servicesFamily,
  filesFamily,
  imagesFamily,
] as const;
