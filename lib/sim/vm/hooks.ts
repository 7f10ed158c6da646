/**
 * The contract between `reach` and the hypervisor rules in this folder: the slice of a trace they
 * write hops into, and the entry points of `reach` they hand packets back to. Kept structural so
 * this folder does not import `reach` (which imports it).
 */
import type { Machine, Vm } from "../../model";
import type { ContainerView, Resolved } from "../types";

/** The slice of `reach`'s trace the VM rules need. */
export interface TraceLike {
  readonly address: string | null;
  hop(id: string | null, label: string, rule: string): TraceLike;
  end(verdict: "reachable" | "refused" | "dropped" | "unresolvable" | "no-route" | "not-running", reason: string, answeredBy?: string | null): ResultLike;
}
export type ResultLike = { verdict: string };

export interface PortOpts {
  port: number | null;
  proto?: "tcp" | "udp";
}

/** Entry points of `reach` that VM routing continues with. */
export interface Hooks<R extends ResultLike> {
  atHost(t: TraceLike, r: Resolved, m: Machine, ip: number, opts: PortOpts, fromLoopback: boolean): R;
  fromMachine(t: TraceLike, r: Resolved, m: Machine, ip: number, opts: PortOpts): R;
  /** Into a container's namespace: does anything answer? */
  deliver?(t: TraceLike, target: ContainerView, opts: PortOpts, via: string): R;
}

export type VmMachine = Machine & { vm: Vm };

export function isVm(m: Machine | undefined): m is VmMachine {
  return !!m?.vm;
}

export function portText(opts: PortOpts): string {
  return opts.port === null ? "ping" : `${opts.port}/${opts.proto ?? "tcp"}`;
}
