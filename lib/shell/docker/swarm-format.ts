/** Table and `--format` output for the swarm commands, rendered as the docker CLI's formatter does. */
import { err, type Output, ok } from "../context";
import { goStruct } from "./go-value";
import { tabwrite } from "./ps";
import { Template } from "./template";
import { TemplateError } from "./template-lex";

/**
 * Rows through a Go template; a `table` format gets a header line and tab-aligned columns.
 * @example renderRows("{{.Name}}", {}, [{ Name: "web" }]).stdout // "web\n"
 */
export function renderRows(format: string, headers: object, rows: object[]): Output {
  const table = format.startsWith("table");
  const body = (table ? format.slice(5).replace(/^ /, "") : format).replace(/\\t/g, "\t").replace(/\\n/g, "\n");
  try {
    const tmpl = new Template(body);
    let out = "";
    if (table) out += `${tmpl.execute(goStruct({ ...headers }))}\n`;
    for (const r of rows) out += `${tmpl.execute(goStruct({ ...r }))}\n`;
    return ok(table ? tabwrite(out) : out);
  } catch (e) {
    if (e instanceof TemplateError) return err(`${e.message}\n`, 1);
    throw e;
  }
}

/** The progress a terminal is left with once `docker service create/scale` has converged. */
export function convergedProgress(running: number, desired: number, subject: string): string {
  let out = `overall progress: ${running} out of ${desired} tasks\n`;
  for (let i = 1; i <= desired; i++) {
    out += i <= running ? `${i}/${desired}: running   [==================================================>]\n` : `${i}/${desired}: no suitable node\n`;
  }
  return running === desired ? `${out}verify: Service ${subject} converged\n` : out;
}
