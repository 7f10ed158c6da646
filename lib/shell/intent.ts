/** Running an intent from a command: its ops applied to the session, or its refusal printed. */
import { type IntentResult, isRefusal } from "../intents";
import type { Op, OpOf } from "../ops";
import { err, type Output, type ShellContext } from "./context";

/**
 * Applies what an intent made and returns its ops, or prints why nothing happened as the command `who`
 * (a malformed request is a usage error, exit status 2).
 */
export function applyIntent(ctx: ShellContext, who: string, made: IntentResult): Op[] | Output {
  if (isRefusal(made)) return err(`${who}: ${made.error}\n`, made.input ? 2 : 1);
  const res = ctx.applyAll(made);
  return res.ok ? made : err(`${who}: ${res.error}\n`, 1);
}

/** The op of `type` among an intent's ops. */
export function created<T extends Op["type"]>(ops: Op[], type: T): OpOf<T> | undefined {
  return ops.find((op): op is OpOf<T> => op.type === type);
}
