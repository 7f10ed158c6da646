/**
 * Who a command runs as inside a container: `docker exec -u` / `docker run -u` resolved against the
 * container's own /etc/passwd and /etc/group, as the daemon does (moby's user.GetExecUser): a name
 * must be in the file, a number need not be.
 */
export interface ExecUser {
  uid: number;
  gid: number;
  /** Absent for a uid the passwd file does not list (`id` prints the bare number). */
  name?: string;
  group?: string;
}

export const ROOT: ExecUser = { uid: 0, gid: 0, name: "root", group: "root" };

type Row = { name: string; id: number; gid: number };

function rows(text: string | null, withGid: boolean): Row[] {
  const out: Row[] = [];
  for (const line of (text ?? "").split("\n")) {
    const f = line.split(":");
    const id = Number(f[2]);
    if (f.length < 3 || !f[0] || !Number.isInteger(id)) continue;
    out.push({ name: f[0], id, gid: withGid ? Number(f[3]) || 0 : id });
  }
  return out;
}

const NUMBER = /^\d{1,10}$/;

/**
 * `spec` is USER[:GROUP] (names or numbers); the error is the daemon's, printed as it prints it.
 * @example execUser("nobody", passwd, group) // { uid: 65534, gid: 65534, name: "nobody", group: "nogroup" }
 */
export function execUser(spec: string, passwd: string | null, group: string | null): ExecUser | { error: string } {
  const [u = "", g] = spec.split(":", 2);
  const users = rows(passwd, true);
  const groups = rows(group, false);
  let user: ExecUser;
  const byName = users.find((r) => r.name === u);
  if (u === "") user = { ...ROOT };
  else if (byName) user = { uid: byName.id, gid: byName.gid, name: byName.name };
  else if (NUMBER.test(u)) {
    const byId = users.find((r) => r.id === Number(u));
    user = byId ? { uid: byId.id, gid: byId.gid, name: byId.name } : { uid: Number(u), gid: 0 };
  } else return { error: `unable to find user ${u}: no matching entries in passwd file` };
  if (g !== undefined && g !== "") {
    const found = groups.find((r) => r.name === g) ?? (NUMBER.test(g) ? { name: undefined, id: Number(g) } : undefined);
    if (!found) return { error: `unable to find group ${g}: no matching entries in group file` };
    user.gid = found.id;
  }
  const named = groups.find((r) => r.id === user.gid)?.name;
  if (named) user.group = named;
  else delete user.group;
  return user;
}

/** `id`'s `uid=…(…)` parts: the name in brackets only when the files know it. */
export function idLine(u: ExecUser): string {
  const part = (n: number, name?: string) => (name ? `${n}(${name})` : `${n}`);
  const g = part(u.gid, u.group);
  return `uid=${part(u.uid, u.name)} gid=${g} groups=${g}\n`;
}
