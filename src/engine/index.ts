// Kuroshio's engine: pure TypeScript, the same in Node, the browser and worker threads.
export { newGame, apply, legalCommands, hash, saveState, loadState, isOver, ENGINE_VERSION } from './game.ts';
export { view, TRUTH, PUBLIC } from './view.ts';
export type * from './types.ts';
export { WHITE_CELL } from './types.ts';
export type { Scenario } from './scenario/compile.ts';
export { ARRANGEMENT_IDS, SHARING_IDS, type ArrangementId, type SharingId } from './ids.ts';
export type { ScenarioData } from './scenario/schema.ts';
