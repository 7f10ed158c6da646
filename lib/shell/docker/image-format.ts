/** How the docker CLI and an Engine 20.10 daemon print images: the pull progress lines and the `docker image inspect` JSON. */
import { digest64, type ImageRecord } from "../../model";
import { imageSize, layerChain } from "../../ops";
import { goNil, goStruct } from "./go-value";
import { rfc3339Nano } from "./networkread";

/** The 12-digit short id of a blob as `docker pull` names its layers. */
const blobId = (layer: string): string => digest64(`blob/${layer}`).slice(0, 12);

/** The pull lines for the layers of `image` on an engine that already holds the layers in `present`. */
export function pullLayerLines(image: ImageRecord, present: ReadonlySet<string>): string {
  let out = "";
  for (const layer of layerChain(image).diffIds) out += `${blobId(layer)}: ${present.has(layer) ? "Already exists" : "Pull complete"}\n`;
  return out;
}

function portsMap(ports: readonly string[]): Record<string, object> | undefined {
  if (ports.length === 0) return undefined;
  return Object.fromEntries(ports.map((p) => [p, goStruct({})]));
}

/** `Config` of an image as the daemon stores it. */
function imageConfigData(image: ImageRecord): Record<string, unknown> {
  const c = image.config;
  const exposed = portsMap(c.ExposedPorts);
  return goStruct({
    Hostname: "",
    Domainname: "",
    User: c.User,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ...(exposed ? { ExposedPorts: exposed } : {}),
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: c.Env.length > 0 ? c.Env : goNil("slice"),
    Cmd: c.Cmd ?? goNil("slice"),
    Image: image.parent ? `sha256:${image.parent}` : "",
    Volumes: c.Volumes.length > 0 ? Object.fromEntries(c.Volumes.map((v) => [v, goStruct({})])) : goNil("map"),
    WorkingDir: c.WorkingDir,
    Entrypoint: c.Entrypoint ?? goNil("slice"),
    OnBuild: goNil("slice"),
    Labels: Object.keys(c.Labels).length > 0 ? c.Labels : goNil("map"),
    ...(c.StopSignal ? { StopSignal: c.StopSignal } : {}),
  });
}

const DATA_ROOT = "/var/lib/docker";

/** One image as `docker image inspect` prints it. */
export function imageInspectData(image: ImageRecord): Record<string, unknown> {
  const { diffIds, chainIds } = layerChain(image);
  const dir = (chain: string | undefined) => `${DATA_ROOT}/overlay2/${digest64(`cache/${chain ?? image.imageId}`)}`;
  const top = dir(chainIds.at(-1));
  const lower = chainIds
    .slice(0, -1)
    .reverse()
    .map((c) => `${dir(c)}/diff`)
    .join(":");
  const size = imageSize(image);
  return goStruct({
    Id: `sha256:${image.imageId}`,
    RepoTags: image.repoTags,
    RepoDigests: image.repoDigests,
    Parent: image.parent ? `sha256:${image.parent}` : "",
    Comment: image.comment,
    Created: rfc3339Nano(image.created),
    Container: "",
    ContainerConfig: goStruct({
      ...imageConfigData({ ...image, config: { ...image.config, ExposedPorts: [], Volumes: [], Labels: {}, StopSignal: "" } }),
      Image: "",
      Env: goNil("slice"),
      Cmd: goNil("slice"),
      User: "",
      WorkingDir: "",
      Entrypoint: goNil("slice"),
    }),
    DockerVersion: image.comment === "buildkit.dockerfile.v0" ? "" : "20.10.24+dfsg1",
    Author: "",
    Config: imageConfigData(image),
    Architecture: "amd64",
    Os: "linux",
    Size: size,
    VirtualSize: size,
    GraphDriver: goStruct({
      Data: goStruct({
        ...(lower ? { LowerDir: lower } : {}),
        MergedDir: `${top}/merged`,
        UpperDir: `${top}/diff`,
        WorkDir: `${top}/work`,
      }),
      Name: "overlay2",
    }),
    RootFS: goStruct({ Type: "layers", Layers: diffIds.map((d) => `sha256:${d}`) }),
    Metadata: goStruct({ LastTagTime: image.repoTags.length > 0 ? rfc3339Nano(image.created) : "0001-01-01T00:00:00Z" }),
  });
}
