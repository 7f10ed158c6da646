/**
 * Default names for the machine items of the palette. Their ops come from the same intents the
 * terminal's `lab lan add`, `lab host add` and `lab vm add` use (lib/intents).
 */
import type { Doc } from "@/lib/model";

/** A machine or LAN name nobody uses yet: `pc2`, `pc3`, ... */
export function freeMachineName(doc: Doc, base: string, kind: "machine" | "lan"): string {
  const taken = new Set((kind === "lan" ? Object.values(doc.lans) : Object.values(doc.machines)).map((r) => r.name));
  if (!taken.has(base)) return base;
  const stem = base.replace(/\d+$/, "");
  for (let i = 2; ; i++) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}
