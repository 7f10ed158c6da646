/**
 * The subset of Go's text/template that people pass to `docker ... --format`: lexed in template-lex.ts,
 * parsed in template-parse.ts, run here with the functions of template-funcs.ts, printing values as Go
 * does (go-value.ts).
 */
import { GoNil, isMap, isStruct, printValue } from "./go-value";
import { FUNCS, goTypeName, type RenderOptions, rangeEntries, truth } from "./template-funcs";
import { lineOf, splitTemplate, TemplateError } from "./template-lex";
import { type Arg, type Command, type Node, type Pipeline, parseNodes } from "./template-parse";

class Exec {
  vars: { name: string; value: unknown }[][] = [];
  out = "";
  constructor(
    readonly src: string,
    readonly opts: RenderOptions,
    root: unknown,
  ) {
    this.vars.push([{ name: "$", value: root }]);
  }

  fail(pos: number, at: string, message: string): never {
    const before = this.src.slice(0, pos);
    const line = before.split("\n").length;
    const col = pos - (before.lastIndexOf("\n") + 1);
    throw new TemplateError(`template: :${line}:${col}: executing "" at <${at}>: ${message}`, false);
  }

  lookupVar(name: string, pos: number): unknown {
    for (let s = this.vars.length - 1; s >= 0; s--) {
      const scope = this.vars[s] as { name: string; value: unknown }[];
      for (let k = scope.length - 1; k >= 0; k--) if ((scope[k] as { name: string }).name === name) return (scope[k] as { value: unknown }).value;
    }
    throw new TemplateError(`template: :${lineOf(this.src, pos)}: undefined variable: ${name}`, true);
  }

  setVar(name: string, value: unknown, declare: boolean): void {
    if (!declare) {
      for (let s = this.vars.length - 1; s >= 0; s--) {
        const hit = (this.vars[s] as { name: string; value: unknown }[]).find((x) => x.name === name);
        if (hit) {
          hit.value = value;
          return;
        }
      }
    }
    (this.vars[this.vars.length - 1] as { name: string; value: unknown }[]).push({ name, value });
  }

  field(recv: unknown, name: string, arg: Extract<Arg, { t: "field" }>): unknown {
    if (recv === undefined || recv === null || recv instanceof GoNil) {
      const type = recv instanceof GoNil && recv.kind === "ptr" ? "pointer" : "interface {}";
      this.fail(arg.pos, arg.text, `nil pointer evaluating ${type}.${name}`);
    }
    if (isStruct(recv)) {
      const o = recv as Record<string, unknown>;
      if (Object.hasOwn(o, name)) return o[name];
      this.fail(arg.pos, arg.text, `can't evaluate field ${name} in type ${this.opts.typeName ?? "interface {}"}`);
    }
    if (isMap(recv)) {
      if (Object.hasOwn(recv, name)) return recv[name];
      if (this.opts.missingKeyError) this.fail(arg.pos, arg.text, `map has no entry for key "${name}"`);
      return undefined;
    }
    this.fail(arg.pos, arg.text, `can't evaluate field ${name} in type ${goTypeName(recv)}`);
  }

  evalArg(a: Arg, dot: unknown, final: unknown[] | null): unknown {
    switch (a.t) {
      case "str":
        return a.v;
      case "num":
        return a.v;
      case "bool":
        return a.v;
      case "nil":
        return null;
      case "ident":
        return this.call(a.name, [], a.pos, final);
      case "field": {
        let v: unknown;
        if (a.base === "dot") v = dot;
        else if (a.base === "var") v = this.lookupVar(a.name as string, a.pos);
        else v = this.pipeline(a.expr as Pipeline, dot);
        for (const name of a.path) v = this.field(v, name, a);
        return v;
      }
    }
  }

  command(cmd: Command, dot: unknown, final: unknown[] | null): unknown {
    const [head, ...rest] = cmd.args as [Arg, ...Arg[]];
    if (head.t === "ident") {
      const args = rest.map((a) => this.evalArg(a, dot, null));
      return this.call(head.name, args, head.pos, final);
    }
    if (rest.length > 0 || final) {
      if (head.t === "field") this.fail(head.pos, head.text, `can't give argument to non-function ${head.text}`);
    }
    return this.evalArg(head, dot, null);
  }

  pipeline(p: Pipeline, dot: unknown): unknown {
    let value: unknown;
    let first = true;
    for (const cmd of p.cmds) {
      value = this.command(cmd, dot, first ? null : [value]);
      first = false;
    }
    if (p.decl.length === 1) this.setVar(p.decl[0] as string, value, !p.assign);
    return value;
  }

  call(name: string, args: unknown[], pos: number, final: unknown[] | null): unknown {
    const all = final ? [...args, ...final] : args;
    const fn = FUNCS[name];
    if (!fn) throw new TemplateError(`template: :${lineOf(this.src, pos)}: function "${name}" not defined`, true);
    try {
      return fn(all, this.opts);
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      this.fail(pos, name, `error calling ${name}: ${(e as Error).message}`);
    }
  }

  run(nodes: Node[], dot: unknown): "break" | "continue" | undefined {
    for (const n of nodes) {
      switch (n.t) {
        case "text":
          this.out += n.v;
          break;
        case "action": {
          const v = this.pipeline(n.p, dot);
          if (n.p.decl.length === 0) this.out += printValue(v, this.opts.floats);
          break;
        }
        case "if":
        case "with": {
          this.vars.push([]);
          const v = this.pipeline(n.p, dot);
          let r: "break" | "continue" | undefined;
          if (truth(v)) r = this.run(n.body, n.t === "with" ? v : dot);
          else if (n.els) r = this.run(n.els, dot);
          this.vars.pop();
          if (r) return r;
          break;
        }
        case "range": {
          this.vars.push([]);
          const decl = n.p.decl;
          const v = this.pipeline({ ...n.p, decl: [] }, dot);
          const entries = rangeEntries(v);
          if (entries === null) this.fail(n.p.pos, "range", `range can't iterate over ${printValue(v)}`);
          if (entries.length === 0) {
            if (n.els) this.run(n.els, dot);
          } else {
            for (const [k, item] of entries) {
              this.vars.push([]);
              if (decl.length === 1) this.setVar(decl[0] as string, item, true);
              if (decl.length === 2) {
                this.setVar(decl[0] as string, k, true);
                this.setVar(decl[1] as string, item, true);
              }
              const r = this.run(n.body, item);
              this.vars.pop();
              if (r === "break") break;
            }
          }
          this.vars.pop();
          break;
        }
        case "break":
        case "continue":
          return n.t;
      }
    }
    return undefined;
  }
}

/** A parsed template, reusable over many values (docker formats every row with the same one). */
export class Template {
  private readonly nodes: Node[];
  constructor(readonly src: string) {
    this.nodes = parseNodes(splitTemplate(src), src);
  }
  execute(data: unknown, opts: RenderOptions = {}): string {
    const ex = new Exec(this.src, opts, data);
    ex.run(this.nodes, data);
    return ex.out;
  }
}

/**
 * Renders a Go text/template the way the docker CLI does. Throws `TemplateError` with Go's message.
 * @example renderTemplate('{{range $k, $v := .N}}{{$k}}={{$v.IP}} {{end}}', { N: { a: { IP: "1.2.3.4" } } }) // "a=1.2.3.4 "
 */
export function renderTemplate(template: string, data: unknown, opts: RenderOptions = {}): string {
  return new Template(template).execute(data, opts);
}
