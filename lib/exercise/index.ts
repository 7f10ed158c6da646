export * from "./author";
export * from "./build";
export * from "./check";
export * from "./goals";
export { EXERCISES, findExercise } from "./library";
export * from "./parties";
export * from "./schema";
