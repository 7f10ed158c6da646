/** Compose `build:` through docker build, and `.env` / `--env-file` for `${VAR}` substitution. */
/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variable syntax under test */
import { describe, expect, it } from "vitest";
import { parseCompose, parseDotEnv } from "../../lib/compose";
import { imagesOn } from "../../lib/ops";
import { Shell } from "../../lib/shell/session";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

function session(files: Record<string, string>): Shell {
  const sh = Shell.fresh({ seed: 7, clock: () => NOW });
  for (const [path, text] of Object.entries(files)) sh.ctx.writeFile(path, text, false);
  return sh;
}

const WEB = {
  "web/Dockerfile": 'FROM nginx\nARG MSG=none\nRUN echo "$MSG" > /usr/share/nginx/html/index.html\n',
  "compose.yaml":
    'services:\n  web:\n    build:\n      context: ./web\n      args:\n        MSG: ${GREETING:-hi}\n    ports:\n      - "${PORT?set PORT in .env}:80"\n',
};

describe("docker compose with build:", () => {
  it("builds the service's image as <project>-<service> on up, then runs it; up again reuses it", () => {
    const sh = session({ ...WEB, ".env": 'PORT=8080\nGREETING="hello from env"\n' });
    const up = sh.run("docker compose up -d");
    expect(up.exitCode).toBe(0);
    expect(up.stdout).toContain('Step 3/3 : RUN echo "$MSG" > /usr/share/nginx/html/index.html\n');
    expect(up.stdout).toContain("Successfully tagged sandbox-web:latest\n");
    expect(up.stderr).toContain(" Container sandbox-web-1  Started\n");
    expect(sh.run("docker images --format '{{.Repository}}:{{.Tag}}'").stdout).toBe("sandbox-web:latest\nnginx:latest\n");
    expect(sh.run("curl -s localhost:8080").stdout).toBe("hello from env\n");
    sh.run("docker compose down");
    // The image is there: up does not build it again, --build does (from the cache).
    expect(sh.run("docker compose up -d").stdout).toBe("");
    sh.run("docker compose down");
    expect(sh.run("docker compose up -d --build").stdout.match(/ ---> Using cache/g)).toHaveLength(2);
  });

  it("docker compose build: dockerfile, target and --build-arg; named services only", () => {
    const sh = session({
      "app/build.Dockerfile": "FROM busybox AS base\nARG V=1\nRUN echo $V > /v\nFROM base AS final\nRUN echo final > /f\n",
      "compose.yaml":
        "services:\n  app:\n    image: me/app:dev\n    build:\n      context: app\n      dockerfile: build.Dockerfile\n      target: base\n  db:\n    image: redis\n",
    });
    const out = sh.run("docker compose build --build-arg V=7 app");
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("Step 1/3 : FROM busybox AS base\n");
    expect(out.stdout).toContain("Successfully tagged me/app:dev\n");
    expect(sh.run("docker run --rm me/app:dev cat /v").stdout).toBe("7\n");
    expect(sh.run("docker compose build nosuch")).toMatchObject({ stderr: "no such service: nosuch\n", exitCode: 1 });
  });

  it("fails as Compose does for a missing context or Dockerfile, and a failing step", () => {
    const sh = session({ "compose.yaml": "services:\n  api:\n    build: ./api\n" });
    expect(sh.run("docker compose build")).toMatchObject({ stderr: 'unable to prepare context: path "/sandbox/api" not found\n', exitCode: 1 });
    sh.ctx.writeFile("api/README", "x\n", false);
    expect(sh.run("docker compose up -d").stderr).toBe(
      "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat /sandbox/api/Dockerfile: no such file or directory\n",
    );
    sh.ctx.writeFile("api/Dockerfile", "FROM busybox\nRUN exit 3\n", false);
    const failed = sh.run("docker compose up -d");
    expect([failed.exitCode, failed.stderr]).toEqual([3, "The command '/bin/sh -c exit 3' returned a non-zero code: 3\n"]);
    expect(Object.values(sh.doc.containers).filter((c) => c.name.startsWith("sandbox-api"))).toEqual([]);
    expect(imagesOn(sh.doc, sh.ctx.machineId).some((i) => i.repoTags.includes("sandbox-api:latest"))).toBe(false);
  });

  it("reads --env-file instead of .env, and says which file is missing or bad", () => {
    const sh = session({ ...WEB, ".env": "PORT=8080\n", "prod.env": "PORT=9090\nGREETING=prod\n", "bad.env": "OK=1\nNOT OK=2\n" });
    expect(sh.run("docker compose --env-file prod.env config").stdout).toContain('published: "9090"');
    expect(sh.run("docker compose config").stdout).toContain('published: "8080"');
    expect(sh.run("docker compose --env-file nope.env config").stderr).toBe("couldn't find env file: /sandbox/nope.env\n");
    expect(sh.run("docker compose --env-file bad.env config").stderr).toBe("failed to read /sandbox/bad.env: line 2: key cannot contain a space\n");
  });
});

describe("variable substitution", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  const image = (text: string, vars: Record<string, string>) => {
    const r = parseCompose(`services:\n  web:\n    image: ${text}\n`, { dirName: "app", env: env(vars) });
    return r.ok ? r.project.services[0]?.image : r.error;
  };

  it("follows Compose's operators: unset versus empty, required, alternative", () => {
    expect(image("nginx:${TAG:-latest}", { TAG: "" })).toBe("nginx:latest");
    expect(image("nginx:${TAG-latest}", { TAG: "" })).toBe("nginx:");
    expect(image("nginx:${TAG-latest}", {})).toBe("nginx:latest");
    expect(image("nginx:${TAG?}", {})).toBe("required variable TAG is missing a value");
    expect(image("nginx:${TAG?no tag}", {})).toBe("required variable TAG is missing a value: no tag");
    expect(image("nginx:${TAG?no tag}", { TAG: "1.27" })).toBe("nginx:1.27");
    expect(image("nginx:${TAG:?empty}", { TAG: "" })).toBe("required variable TAG is missing a value: empty");
    expect(image("nginx${TAG:+:set}", { TAG: "x" })).toBe("nginx:set");
  });

  it("parses .env as Compose's dotenv does", () => {
    const parsed = parseDotEnv("# comment\nexport A=1\nB = two words # note\nC='$A literal'\nD=\"line\\n${A}\"\nE\nF=${A}${B}\n", env({ E: "from-shell" }));
    expect(parsed).toEqual(
      new Map([
        ["A", "1"],
        ["B", "two words"],
        ["C", "$A literal"],
        ["D", "line\n1"],
        ["E", "from-shell"],
        ["F", "1two words"],
      ]),
    );
    expect(parseDotEnv("A=1\nB!=2\n", env({}))).toBe('line 2: unexpected character "!" in variable name');
    expect(parseDotEnv("A='open\n", env({}))).toBe("line 1: unterminated quoted value 'open");
  });
});
