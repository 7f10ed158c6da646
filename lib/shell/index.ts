export * from "./context";
export { docker } from "./docker";
export { parsePublish } from "./docker/run";
export * from "./session";
export { splitWords } from "./words";
