/** Zod fields the op families' schemas share, so every family bounds ids, names and times alike. */
import { z } from "zod";
import { ProtoSchema } from "../model";

export const id = z.string().min(1).max(80);
export const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "expected 64 hex digits");
export const name = z.string().min(1).max(128);
export const at = z.number().finite().min(0);
export const ip = z.string().max(45);
export const strMap = z.record(z.string().max(200), z.string().max(200)).refine((m) => Object.keys(m).length <= 64, "at most 64 entries");

export const NetworkRequestSchema = z.strictObject({
  networkId: id,
  aliases: z.array(z.string().min(1).max(255)).max(64),
  ipv4Address: ip.nullable(),
});

export const PortRequestSchema = z.strictObject({
  hostIp: z.string().max(45),
  hostPort: z
    .string()
    .max(11)
    .regex(/^(\d{1,5}(-\d{1,5})?)?$/, "expected a port, a range like 8000-9000, or nothing"),
  containerPort: z.number().int().min(1).max(65535),
  proto: ProtoSchema,
});
