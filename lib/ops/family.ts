/**
 * An op family: the ops on one part of the document (containers, networks, volumes...), each with its
 * zod schema, its handler and, if the generic one does not fit, its inverse. `families.ts` lists the
 * families; the op union, `applyOp`'s dispatch and undo are all built from that list.
 */
import type { z } from "zod";
import type { Doc } from "../model";

/** What every op schema is: a strict object whose `type` is a string literal. */
type OpSchemaOf = z.ZodObject<{ type: z.ZodLiteral<string> } & z.ZodRawShape>;

type OpsOf<S extends readonly OpSchemaOf[]> = z.infer<S[number]>;

/** The op of type `T` among a family's schemas: `OpIn<typeof SWARM_OPS, "swarm.init">`. */
export type OpIn<S extends readonly OpSchemaOf[], T extends string> = Extract<OpsOf<S>, { type: T }>;

/** One handler per op type of the family: it changes the (draft) document or throws `OpError`. */
type Handlers<S extends readonly OpSchemaOf[]> = {
  [O in OpsOf<S> as O extends { type: infer T extends string } ? T : never]: (doc: Doc, op: O) => void;
};

/**
 * Inverses that replace the generic one (the document diff of `invert.ts`) for some op types: given the
 * document the op applies to, the ops that take the result back to it.
 */
type Inverses<S extends readonly OpSchemaOf[]> = {
  [O in OpsOf<S> as O extends { type: infer T extends string } ? T : never]?: (before: Doc, op: O) => { type: string }[];
};

interface OpFamily<S extends readonly OpSchemaOf[]> {
  /** Short name, for docs and errors: "containers". */
  readonly name: string;
  readonly schemas: S;
  readonly handlers: Handlers<S>;
  readonly inverses?: Inverses<S>;
}

/**
 * Declares a family; the handler table must name every op type of `schemas`, and nothing else.
 * @example export const layoutFamily = defineFamily("layout", LAYOUT_OPS, { "layout.move": move, "layout.moveMany": moveMany });
 */
export function defineFamily<const S extends readonly OpSchemaOf[]>(name: string, schemas: S, handlers: Handlers<S>, inverses?: Inverses<S>): OpFamily<S> {
  return inverses ? { name, schemas, handlers, inverses } : { name, schemas, handlers };
}
