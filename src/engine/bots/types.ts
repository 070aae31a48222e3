// A player decides one role's orders for a turn from what that role may see.
import type { Command, RoleView } from '../types.ts';

export interface Decision {
  command: Command;
  /** One sentence a person can read: why this order. */
  reason: string;
}

/** What a player is shown: its role's view (computed on first use) and its legal commands. */
export interface PlayerInput {
  readonly turn: number;
  readonly view: RoleView;
  readonly legal: readonly Command[];
}

export interface Player {
  readonly role: string;
  readonly name: string;
  /** Choose the next command for this turn. Called repeatedly until it returns a submit. */
  next(input: PlayerInput): Decision;
}
