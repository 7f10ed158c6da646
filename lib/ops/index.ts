export * from "./apply";
export * from "./schema";
