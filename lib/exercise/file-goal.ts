/** The `file` goal: what a container wrote into its writable layer or a volume, read from the stored layers. */
import type { FileLayer } from "../model";
import type { Resolved } from "../sim";
import { party } from "./parties";
import type { FileGoal } from "./schema";

interface Verdict {
  met: boolean;
  why: string;
}

function within(path: string, dir: string): boolean {
  return dir === "/" || path === dir || path.startsWith(`${dir}/`);
}

/** The stored layer holding `path` for a container (its volume mount, else its writable layer) and the key in it. */
function place(r: Resolved, g: FileGoal): { layer: FileLayer | undefined; key: string; where: string } | string {
  const files = r.doc.files ?? {};
  if (g.in.startsWith("volume:")) {
    const name = g.in.slice(7);
    const vol = Object.values(r.doc.volumes ?? {}).find((v) => v.name === name);
    return vol ? { layer: files[vol.id], key: g.path, where: `volume ${name}` } : `there is no volume named ${name}`;
  }
  const p = party(r, g.in);
  if (p.kind !== "container") return `there is no container named ${g.in}`;
  const c = p.v.c;
  const mount = [...(c.mounts ?? [])].filter((m) => m.type === "volume" && within(g.path, m.target)).sort((a, b) => b.target.length - a.target.length)[0];
  const vol = mount ? Object.values(r.doc.volumes ?? {}).find((v) => v.machineId === c.machineId && v.name === mount.source) : undefined;
  if (mount && vol) return { layer: files[vol.id], key: g.path.slice(mount.target.length) || "/", where: `${g.in} (volume ${vol.name})` };
  return { layer: files[c.id], key: g.path, where: g.in };
}

/**
 * @example checkFile(r, { kind: "file", in: "volume:dbdata", path: "/orders", title: "…", hint: "…" }) // { met: true, why: "/orders is in volume dbdata" }
 */
export function checkFile(r: Resolved, g: FileGoal): Verdict {
  const at = place(r, g);
  if (typeof at === "string") return { met: false, why: at };
  const e = at.layer?.[at.key];
  const has = e !== undefined && e.t !== "w" && (g.contains === undefined || (e.t === "f" && e.data.includes(g.contains)));
  const why = has
    ? `${g.path} is in ${at.where}`
    : e && e.t === "f" && g.contains !== undefined
      ? `${g.path} in ${at.where} does not hold "${g.contains}"`
      : `${at.where} has no ${g.path}`;
  return { met: g.not ? !has : has, why };
}
