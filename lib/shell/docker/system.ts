/**
 * `docker version` and `docker info`: the docker 28 CLI talking to the simulated Engine 20.10 daemon
 * (the versions the fidelity engine runs), with the machine's own counts, kernel, CPUs and name.
 */
import { IMAGES, kernelRelease } from "../../model";
import { MACHINE_CPUS } from "../../ops";
import { err, type Output, ok, type ShellContext } from "../context";
import { dockerState } from "./ps";
import { MACHINE_MEMORY } from "./stats";
import { renderTemplate } from "./template";
import { TemplateError } from "./template-lex";

const CLIENT = {
  Version: "28.2.2",
  ApiVersion: "1.41",
  DefaultAPIVersion: "1.50",
  GoVersion: "go1.24.3",
  GitCommit: "e6534b4",
  BuildTime: "Fri May 30 12:07:14 2025",
  Os: "linux",
  Arch: "amd64",
  Context: "default",
};
const SERVER = {
  Version: "20.10.24+dfsg1",
  ApiVersion: "1.41",
  MinAPIVersion: "1.12",
  GoVersion: "go1.19.8",
  GitCommit: "5d6db84",
  BuildTime: "Thu May  7 21:09:36 2026",
  Os: "linux",
  Arch: "amd64",
};

/** The one flag both take: `--format`/`-f TEMPLATE`. */
function formatArg(argv: string[]): string | undefined | Output {
  const [a, value] = argv;
  if (a === undefined) return undefined;
  if (a === "-f" || a === "--format") return value ?? err("flag needs an argument: --format\n", 125);
  if (a.startsWith("--format=")) return a.slice(9);
  return err(`unknown flag: ${a}\n`, 125);
}

function render(format: string, data: unknown): Output {
  try {
    return ok(`${renderTemplate(format, data)}\n`);
  } catch (e) {
    if (e instanceof TemplateError) return err(`${e.message}\n`, 1);
    throw e;
  }
}

/** `docker version [--format T]`. */
export function dockerVersion(ctx: ShellContext, argv: string[]): Output {
  const format = formatArg(argv);
  if (typeof format === "object") return format;
  if (!ctx.doc.machines[ctx.machineId]?.engine) {
    return err("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n", 1);
  }
  if (format !== undefined) {
    return render(format, {
      Client: {
        Version: CLIENT.Version,
        APIVersion: CLIENT.ApiVersion,
        GoVersion: CLIENT.GoVersion,
        GitCommit: CLIENT.GitCommit,
        Os: CLIENT.Os,
        Arch: CLIENT.Arch,
      },
      Server: {
        Version: SERVER.Version,
        APIVersion: SERVER.ApiVersion,
        MinAPIVersion: SERVER.MinAPIVersion,
        GoVersion: SERVER.GoVersion,
        Os: SERVER.Os,
        Arch: SERVER.Arch,
      },
    });
  }
  return ok(`Client:
 Version:           ${CLIENT.Version}
 API version:       ${CLIENT.ApiVersion} (downgraded from ${CLIENT.DefaultAPIVersion})
 Go version:        ${CLIENT.GoVersion}
 Git commit:        ${CLIENT.GitCommit}
 Built:             ${CLIENT.BuildTime}
 OS/Arch:           ${CLIENT.Os}/${CLIENT.Arch}
 Context:           ${CLIENT.Context}

Server:
 Engine:
  Version:          ${SERVER.Version}
  API version:      ${SERVER.ApiVersion} (minimum version ${SERVER.MinAPIVersion})
  Go version:       ${SERVER.GoVersion}
  Git commit:       ${SERVER.GitCommit}
  Built:            ${SERVER.BuildTime}
  OS/Arch:          ${SERVER.Os}/${SERVER.Arch}
  Experimental:     false
 containerd:
  Version:          1.6.20~ds1
  GitCommit:        1.6.20~ds1-1+deb12u3
 runc:
  Version:          1.1.5+ds1
  GitCommit:        1.1.5+ds1-1+deb12u1
 docker-init:
  Version:          0.19.0
  GitCommit:        
`);
}

/** `docker info [--format T]`: the counts of this engine's containers, its kernel, CPUs and name. */
export function dockerInfo(ctx: ShellContext, argv: string[]): Output {
  const format = formatArg(argv);
  if (typeof format === "object") return format;
  const machine = ctx.doc.machines[ctx.machineId];
  if (!machine?.engine) return err("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n", 1);
  const mine = Object.values(ctx.doc.containers).filter((c) => c.machineId === machine.id);
  const states = mine.map(dockerState);
  const running = states.filter((s) => s === "running" || s === "restarting").length;
  const paused = states.filter((s) => s === "paused").length;
  const images = new Set([...IMAGES.keys(), ...mine.map((c) => c.image)]).size;
  const kernel = kernelRelease(machine);
  const os = machine.kind === "vm" ? "Ubuntu 24.04.3 LTS" : "Debian GNU/Linux 13 (trixie)";
  const swarm = machine.engine.swarm ? "active" : "inactive";
  const data = {
    Containers: mine.length,
    ContainersRunning: running,
    ContainersPaused: paused,
    ContainersStopped: mine.length - running - paused,
    Images: images,
    ServerVersion: SERVER.Version,
    Driver: "overlay2",
    LoggingDriver: "json-file",
    CgroupDriver: "systemd",
    CgroupVersion: "2",
    KernelVersion: kernel,
    OperatingSystem: os,
    OSType: "linux",
    Architecture: "x86_64",
    NCPU: MACHINE_CPUS,
    MemTotal: MACHINE_MEMORY,
    Name: machine.name,
    DockerRootDir: "/var/lib/docker",
  };
  if (format !== undefined) return render(format, data);
  // Names first, then the CIDRs, the loopback's last (the daemon appends it to what daemon.json lists).
  const listed = machine.engine.insecureRegistries ?? [];
  const cidr = (e: string) => /^[0-9.]+\/\d+$/.test(e);
  const insecure = [...listed.filter((e) => !cidr(e)), ...listed.filter(cidr), "127.0.0.0/8"].map((e) => `  ${e}\n`).join("");
  return ok(`Client:
 Version:    ${CLIENT.Version}
 Context:    ${CLIENT.Context}
 Debug Mode: false

Server:
 Containers: ${data.Containers}
  Running: ${data.ContainersRunning}
  Paused: ${data.ContainersPaused}
  Stopped: ${data.ContainersStopped}
 Images: ${data.Images}
 Server Version: ${SERVER.Version}
 Storage Driver: overlay2
  Backing Filesystem: extfs
  Supports d_type: true
  Native Overlay Diff: true
  userxattr: false
 Logging Driver: json-file
 Cgroup Driver: systemd
 Cgroup Version: 2
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local logentries splunk syslog
 Swarm: ${swarm}
 Runtimes: io.containerd.runc.v2 io.containerd.runtime.v1.linux runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: 1.6.20~ds1-1+deb12u3
 runc version: 1.1.5+ds1-1+deb12u1
 init version: 
 Security Options:
  seccomp
   Profile: default
  cgroupns
 Kernel Version: ${kernel}
 Operating System: ${os}
 OSType: linux
 Architecture: x86_64
 CPUs: ${MACHINE_CPUS}
 Total Memory: 3.826GiB
 Name: ${machine.name}
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
${insecure} Live Restore Enabled: false

`);
}
