/** Picking a local network's subnet from the engine's default address pools, for every family that makes one. */
import type { Doc, Machine } from "../model";
import { allocateSubnet, IpamError } from "../sim";
import { fail } from "./errors";

/**
 * The next free subnet of the engine's pools; the engine's pool cursor moves past it, as the daemon's
 * allocator does, so a removed network's subnet is not handed out again at once.
 */
export function takePoolSubnet(doc: Doc, machineId: string, engine: NonNullable<Machine["engine"]>): string {
  try {
    const picked = allocateSubnet(doc, machineId);
    engine.poolCursor = picked.cursor;
    return picked.subnet;
  } catch (e) {
    if (e instanceof IpamError) fail("ipam", e.message);
    throw e;
  }
}
