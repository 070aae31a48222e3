export type { RoleView, UnitView, NodeView, MessageView, GameEvent, Command, OrderCommand } from '../engine/index.ts';
export type { ZoneData, ActionData } from '../engine/scenario/schema.ts';
