export * from "./apply";
export * from "./builders";
export * from "./invert";
export * from "./ports";
export * from "./schema";
export * from "./signals";
export * from "./volumes";
