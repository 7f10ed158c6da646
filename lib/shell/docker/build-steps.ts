/**
 * What each Dockerfile instruction does to the image being built (the legacy builder's dispatchers):
 * its config change, the `CREATED BY` text it leaves in the history, and the files a COPY/ADD adds.
 */
import { digest64, type ImageConfig } from "../../model";
import { keyValues, substitute, words } from "./dockerfile";

export interface Stage {
  name: string | null;
  /** Image id of the current step, null on `FROM scratch` before any step. */
  imageId: string | null;
  base: string | undefined;
  config: ImageConfig;
  /** History rows of the image so far. */
  history: import("../../model").HistoryEntry[];
  /** Files this build put in the stage (COPY/ADD), for `COPY --from`. */
  files: Map<string, string>;
  /** ARGs declared in the stage with their values. */
  args: Map<string, string>;
  /** Whether this Dockerfile set CMD in the stage (an inherited one is dropped by ENTRYPOINT). */
  cmdSet?: boolean;
  /** Directories WORKDIR created in the stage. */
  dirs?: Set<string>;
}

export function emptyConfig(): ImageConfig {
  return { User: "", Env: [], Entrypoint: null, Cmd: null, WorkingDir: "", ExposedPorts: [], Volumes: [], StopSignal: "", Labels: {} };
}

/** Variables an instruction's arguments see: the image's ENV, then the stage's ARGs (ENV wins). */
export function varsOf(stage: Stage): Map<string, string> {
  const vars = new Map(stage.args);
  for (const e of stage.config.Env) {
    const eq = e.indexOf("=");
    vars.set(e.slice(0, eq), e.slice(eq + 1));
  }
  return vars;
}

/** `/bin/sh -c` form of a shell-form command, or the exec form as given. */
function commandOf(json: string[] | null, rest: string): string[] {
  return json ?? ["/bin/sh", "-c", rest];
}

const goList = (argv: readonly string[]) => `[${argv.map((a) => JSON.stringify(a)).join(" ")}]`;

/** The `#(nop)` text the legacy builder records for a metadata instruction. */
export const nop = (text: string) => `/bin/sh -c #(nop)  ${text}`;

/**
 * Applies a metadata-only instruction to the stage's config; returns the history text, or an error.
 */
export function applyMetadata(stage: Stage, cmd: string, rest: string, json: string[] | null): string {
  const c = stage.config;
  const vars = varsOf(stage);
  switch (cmd) {
    case "ENV": {
      const pairs = keyValues(substitute(rest, vars));
      for (const [k, v] of pairs) c.Env = [...c.Env.filter((e) => !e.startsWith(`${k}=`)), `${k}=${v}`];
      return nop(`ENV ${pairs.map(([k, v]) => `${k}=${v}`).join(" ")}`);
    }
    case "LABEL": {
      const pairs = keyValues(substitute(rest, vars));
      for (const [k, v] of pairs) c.Labels = { ...c.Labels, [k]: v };
      return nop(`LABEL ${pairs.map(([k, v]) => `${k}=${v}`).join(" ")}`);
    }
    case "EXPOSE": {
      const ports = words(substitute(rest, vars)).map((p) => (p.includes("/") ? p : `${p}/tcp`));
      for (const p of ports) if (!c.ExposedPorts.includes(p)) c.ExposedPorts = [...c.ExposedPorts, p];
      // The builder records the ports sorted.
      return nop(`EXPOSE ${words(substitute(rest, vars)).sort().join(" ")}`);
    }
    case "VOLUME": {
      const vols = json ?? words(substitute(rest, vars));
      for (const v of vols) if (!c.Volumes.includes(v)) c.Volumes = [...c.Volumes, v];
      return nop(`VOLUME [${vols.join(" ")}]`);
    }
    case "USER":
      c.User = substitute(rest, vars);
      return nop(`USER ${c.User}`);
    case "STOPSIGNAL":
      c.StopSignal = substitute(rest, vars);
      return nop(`STOPSIGNAL ${c.StopSignal}`);
    case "WORKDIR": {
      const dir = substitute(rest, vars);
      c.WorkingDir = dir.startsWith("/") ? dir : `${c.WorkingDir.replace(/\/$/, "") || ""}/${dir}`;
      return `/bin/sh -c #(nop) WORKDIR ${c.WorkingDir}`;
    }
    case "CMD":
      c.Cmd = commandOf(json, rest);
      stage.cmdSet = true;
      return nop(`CMD ${goList(c.Cmd)}`);
    case "ENTRYPOINT":
      c.Entrypoint = commandOf(json, rest);
      // A CMD inherited from the base image makes no sense after a new ENTRYPOINT: the builder drops it.
      if (!stage.cmdSet) c.Cmd = null;
      return nop(`ENTRYPOINT ${goList(c.Entrypoint)}`);
    case "MAINTAINER":
      return nop(`MAINTAINER ${rest}`);
    case "SHELL":
      return nop(`SHELL ${goList(json ?? [rest])}`);
    case "HEALTHCHECK":
    case "ONBUILD":
      return nop(`${cmd} ${rest}`);
    default:
      return nop(`${cmd} ${rest}`);
  }
}

/** Where a COPY destination puts `name`: into the directory when it ends in `/` (or several sources are copied). */
export function destination(stage: Stage, dest: string, name: string, intoDir: boolean): string {
  const abs = dest.startsWith("/") ? dest : `${stage.config.WorkingDir}/${dest}`;
  const dir = intoDir || dest.endsWith("/") || dest === "." ? `${abs}/${name}` : abs;
  const parts: string[] = [];
  for (const p of dir.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return `/${parts.join("/")}`;
}

/** The `COPY file:<hash> in <dest>` text: file, dir or multi, with a digest of what was copied. */
export function copyCreatedBy(cmd: string, kind: "file" | "dir" | "multi", copied: Map<string, string>, dest: string): string {
  const hash = digest64([...copied].map(([p, c]) => `${p}\0${c}`).join("\0"));
  return `/bin/sh -c #(nop) ${cmd} ${kind}:${hash} in ${dest} `;
}
