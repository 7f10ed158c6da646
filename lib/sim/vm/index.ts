/**
 * Hypervisor networking and isolation: one concept per file. `reach` routes through `routeVm` and
 * `arriveVm`; `dns` asks `vmOnline`; `dockside resolve` prints `isolationRows`.
 */
export { arriveVm } from "./forward";
export type { Hooks, PortOpts, TraceLike } from "./hooks";
export { isolation, isolationRows } from "./isolation";
export { vmOnline } from "./online";
export { routeVm } from "./route";
export { type Attachment, GUEST_NICS } from "./segments";
