export * from "./dns";
export * from "./ipam";
export * from "./listeners";
export * from "./ports";
export * from "./reach";
export * from "./report";
export * from "./resolve";
