import { describe, expect, it } from "vitest";
import { goJson, goNil, goPtr, goStruct } from "../../../lib/shell/docker/go-value";
import { renderTemplate } from "../../../lib/shell/docker/template";
import { TemplateError } from "../../../lib/shell/docker/template-lex";

const endpoint = (ip: string, gw: string, aliases: string[] | null) =>
  goPtr({ Aliases: aliases ?? goNil("slice"), IPAddress: ip, Gateway: gw, DNSNames: goNil("slice"), DriverOpts: goNil("map") });

const data = goStruct({
  Name: "/multi",
  Config: goStruct({ ExposedPorts: { "80/tcp": goStruct({}) }, Cmd: ["nginx", "-g", "daemon off;"], Entrypoint: goNil("slice"), Volumes: goNil("map") }),
  NetworkSettings: goStruct({
    Networks: { "alpine-net": endpoint("172.18.0.3", "172.18.0.1", ["db", "473d760e5f94"]), bridge: endpoint("172.17.0.4", "172.17.0.1", null) },
  }),
  State: goStruct({ Running: true, ExitCode: 0 }),
});

const render = (t: string) => renderTemplate(t, data);

describe("renderTemplate", () => {
  it("walks fields and prints Go values", () => {
    expect(render("{{.Name}}")).toBe("/multi");
    expect(render("{{.State.Running}} {{.State.ExitCode}}")).toBe("true 0");
    expect(render("{{.Config.ExposedPorts}}")).toBe("map[80/tcp:{}]");
    expect(render("{{.Config.Volumes}} {{.Config.Entrypoint}}")).toBe("map[] []");
    // pointers inside a map print as an address, as the recordings show
    expect(render("{{.NetworkSettings.Networks}}")).toBe("map[alpine-net:0xc000000000 bridge:0xc000000000]");
    expect(render("{{.NetworkSettings.Networks.nope}}")).toBe("<no value>");
  });

  it("ranges over maps in key order, with and without variables", () => {
    expect(render("{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}")).toBe("172.18.0.3 172.17.0.4 ");
    expect(render('{{range $k,$v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}} {{$v.Gateway}}{{"\\n"}}{{end}}')).toBe(
      "alpine-net 172.18.0.3 172.18.0.1\nbridge 172.17.0.4 172.17.0.1\n",
    );
    expect(render("{{range $k,$v := .NetworkSettings.Networks}}{{$k}} {{$v.Aliases}} {{$v.DNSNames}};{{end}}")).toBe(
      "alpine-net [db 473d760e5f94] [];bridge [] [];",
    );
    expect(render("{{range .Config.Entrypoint}}x{{else}}none{{end}}")).toBe("none");
  });

  it("has index, json, join, printf, println, lower/upper and conditionals", () => {
    expect(render('{{(index .NetworkSettings.Networks "alpine-net").IPAddress}}')).toBe("172.18.0.3");
    expect(render('{{index .NetworkSettings.Networks.bridge "IPAddress"}}')).toBe("172.17.0.4");
    expect(render("{{json .Config.ExposedPorts}}")).toBe('{"80/tcp":{}}');
    expect(render("{{json .Config.Cmd}} {{json .Config.Entrypoint}}")).toBe('["nginx","-g","daemon off;"] null');
    expect(render('{{join .Config.Cmd ","}}')).toBe("nginx,-g,daemon off;");
    expect(render('{{printf "%s:%d" .Name 3}}|{{println .Name}}')).toBe("/multi:3|/multi\n");
    expect(render('{{upper "ab"}}{{lower "CD"}}')).toBe("ABcd");
    expect(render('{{if .State.Running}}up{{else}}down{{end}} {{if eq .Name "/x"}}x{{else if eq .Name "/multi"}}m{{end}}')).toBe("up m");
    expect(render("{{with .Config}}{{len .Cmd}}{{end}} {{- /* trimmed */ -}} !")).toBe("3!");
    expect(render("{{$n := .Name}}{{range .Config.Cmd}}{{$n}}{{end}}")).toBe("/multi/multi/multi");
  });

  it("reports Go's errors", () => {
    expect(() => render("{{.Nope}}")).toThrow(TemplateError);
    expect(() => render("{{.Nope}}")).toThrow('template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type interface {}');
    const raw = JSON.parse(goJson(data)) as unknown;
    expect(() => renderTemplate("{{.Nope}}", raw, { missingKeyError: true })).toThrow(
      'template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"',
    );
    expect(() => render("{{if .Name}}")).toThrow(/unexpected EOF/);
  });

  it("prints JSON numbers as Go float64s when running on raw data", () => {
    expect(renderTemplate("{{.a}} {{.b}}", { a: 67108864, b: 137 }, { floats: true })).toBe("6.7108864e+07 137");
  });
});

describe("goJson", () => {
  it("keeps struct field order, sorts map keys and can indent like docker inspect", () => {
    expect(goJson(goStruct({ b: 1, a: { z: 1, y: [] } }))).toBe('{"b":1,"a":{"y":[],"z":1}}');
    expect(goJson({ p: "0.0.0.0:80->80/tcp" }, { escapeHtml: true })).toBe('{"p":"0.0.0.0:80-\\u003e80/tcp"}');
    expect(goJson([goStruct({ a: {}, b: [] })], { indent: "    " })).toBe('[\n    {\n        "a": {},\n        "b": []\n    }\n]');
  });
});
