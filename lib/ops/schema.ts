/**
 * Named, serialisable operations: the only way a document changes. The canvas, the terminal, compose
 * import and exercises all emit these; the server validates them with these schemas. Each family
 * (families.ts) declares its own; this is their union.
 */
import { z } from "zod";
import { FAMILIES } from "./families";
import type { NetworkRequestSchema, PortRequestSchema } from "./fields";

export { NetworkRequestSchema, PortRequestSchema } from "./fields";

type AnyOpSchema = (typeof FAMILIES)[number]["schemas"][number];

const ALL = FAMILIES.flatMap((f) => f.schemas as readonly AnyOpSchema[]) as [AnyOpSchema, ...AnyOpSchema[]];

export const OpSchema = z.discriminatedUnion("type", ALL);

export type Op = z.infer<typeof OpSchema>;
export type OpType = Op["type"];
export type OpOf<T extends OpType> = Extract<Op, { type: T }>;
export type NetworkRequest = z.infer<typeof NetworkRequestSchema>;
export type PortRequest = z.infer<typeof PortRequestSchema>;
