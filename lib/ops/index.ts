export * from "./apply";
export * from "./ports";
export * from "./schema";
