// The engine's public data shapes. Everything in GameContext is plain JSON.
import type { StateValue } from 'xstate';
import type { RngState } from './rng.ts';
import type { ArrangementId, DistributionSpec, Effect, SharingId } from './scenario/schema.ts';
import type { Scenario } from './scenario/compile.ts';

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Stable error codes: tested by name, shown to people by message. */
export type RuleErrorCode =
  | 'BAD_COMMAND'
  | 'UNKNOWN_ROLE'
  | 'UNKNOWN_ACTION'
  | 'NOT_YOUR_ACTION'
  | 'UNKNOWN_UNIT'
  | 'NOT_YOUR_UNIT'
  | 'UNIT_NOT_AVAILABLE'
  | 'WRONG_UNIT_TYPE'
  | 'UNIT_BUSY'
  | 'TARGET_REQUIRED'
  | 'UNKNOWN_ZONE'
  | 'OUT_OF_RANGE'
  | 'BAD_TARGET_KIND'
  | 'NO_CONTACT'
  | 'LEGAL_GATE_CLOSED'
  | 'RUNG_GATE_CLOSED'
  | 'CONDITION_NOT_MET'
  | 'NO_ROUTE'
  | 'TURN_LIMIT'
  | 'UNKNOWN_ORDER'
  | 'NOT_YOUR_TURN'
  | 'GAME_OVER'
  | 'PAUSED'
  | 'NOT_WHITE_CELL'
  | 'UNKNOWN_EVENT'
  | 'UNKNOWN_NODE'
  | 'REASON_REQUIRED'
  | 'BAD_OVERRIDE';

export interface RuleError {
  code: RuleErrorCode;
  message: string;
}

// ---------------------------------------------------------------- commands

/** Add an order to this turn's sealed list. */
export interface OrderCommand {
  type: 'order';
  role: string;
  action: string;
  unit?: string;
  zone?: string;
}
/** Withdraw an order given this turn (before the role submits). */
export interface CancelCommand {
  type: 'cancel';
  role: string;
  order: string;
}
/** The role has finished its orders for this turn; when all roles have, the turn resolves. */
export interface SubmitCommand {
  type: 'submit';
  role: string;
  /**
   * The team's rationale for this turn, for the after-action review: kept in the game file's
   * hash chain (tamper-evident), never in the state or any role's view during the game.
   */
  note?: string;
}
/** The facilitator's role id: not a scenario role, it sees ground truth and runs White Cell commands. */
export const WHITE_CELL = 'white-cell';

/** Inject an event now: one from the scenario's inject library, or a free-form one. */
export interface InjectCommand {
  type: 'inject';
  role: typeof WHITE_CELL;
  event?: string;
  text?: string;
  effects?: Effect[];
}
/** Override an adjudicated result (always with a reason): set a rung, a legal status, or apply effects. */
export interface OverrideCommand {
  type: 'override';
  role: typeof WHITE_CELL;
  reason: string;
  rung?: { theatre: string; rung: string };
  legal?: string;
  effects?: Effect[];
}
/** Change a node's processing-time distribution from the next turn on. */
export interface AdjustCommand {
  type: 'adjust';
  role: typeof WHITE_CELL;
  reason: string;
  node: string;
  processingHours: DistributionSpec;
}
/** Pause or resume the exercise: while paused, teams' commands are refused. */
export interface PauseCommand {
  type: 'pause' | 'resume';
  role: typeof WHITE_CELL;
}
export type WhiteCellCommand = InjectCommand | OverrideCommand | AdjustCommand | PauseCommand;
export type Command = OrderCommand | CancelCommand | SubmitCommand | WhiteCellCommand;

// ---------------------------------------------------------------- state

export type Side = 'allied' | 'adversary' | 'neutral';

export interface UnitState {
  id: string;
  role: string;
  type: string;
  zone: string;
  strength: number;
  /** Command node that executes this unit's orders. */
  node: string;
  /** In transit to this zone, arriving at `arriveHour`. */
  movingTo?: string;
  arriveHour?: number;
  /** Removed from play at this hour (withdrawn, detained, sunk). */
  removedHour?: number;
  tags: string[];
}

/** An order sealed this turn, not yet sent. */
export interface PendingOrder {
  id: string;
  role: string;
  action: string;
  unit?: string;
  zone?: string;
}

export type HopKind = 'transmission' | 'staffing' | 'processing';

/** What happened at one node of an order's route. */
export interface HopRecord {
  node: string;
  /** Arrived at the node (game hour). */
  arrivedHour: number;
  /** Hours spent waiting for the node to be staffed (off duty). */
  waitHours: number;
  /** Hours of staff work (including a night-shift slowdown). */
  processingHours: number;
  /** Hours of transmission on the link into this node (0 for the first node). */
  transmissionHours: number;
  /** The link's mechanism into this node (direct, liaison, bilateral, ...). */
  mechanism?: string;
  /** Why the node is on the path: origin, authority (approval), executing, or relay. */
  reason: 'origin' | 'authority' | 'relay' | 'executing';
  /** Handled by a thinner night shift (processing slowed by the node's nightFactor). */
  nightShift: boolean;
}

/** An order on its way through the command graph, with its latency record. */
export interface Message {
  id: string;
  order: PendingOrder;
  theatre: string;
  issuedHour: number;
  /** Node ids in order; hops[i] describes path[i] once reached. */
  path: string[];
  reasons: HopRecord['reason'][];
  hops: HopRecord[];
  /** Index in `path` of the node the message is at or travelling to. */
  at: number;
  /** Hour of the next thing to happen to this message (see `phase`). */
  nextHour: number;
  /**
   * arriving: on the link into path[at] (or just issued at path[0]), reaching it at nextHour;
   * delivering: being handled at the executing node, done at nextHour;
   * transit: delivered, the unit is moving and the effects apply at nextHour.
   */
  phase: 'arriving' | 'delivering' | 'transit';
  /** Transmission hours and mechanism of the link being travelled (recorded on arrival). */
  pendingTransmission: number;
  pendingMechanism?: string;
  /** Zones still to pass through while in transit (the last is the target). */
  transitPath?: string[];
  /** Routed over the arrangement's activated graph (e.g. after a JTF stood up). */
  activated: boolean;
  /** Hour the order reached its executing node and was acted on. */
  arrivedHour?: number;
  /** Hour its effects applied (after transit for moving units). */
  effectHour?: number;
  /** Why it failed on arrival, if it did (e.g. the unit was lost meanwhile). */
  failed?: string;
  /** The arrangement phase used to route it (e.g. before/after a JTF activation). */
  routedUnder: string;
}

export interface Contact {
  unit: string;
  zone: string;
  /** The hour the observation was made. */
  seenHour: number;
  /** The hour this role learned it. */
  knownHour: number;
  /** Role whose sensor made the detection. */
  by: string;
  strength: number;
  type: string;
}

export interface IntelInTransit {
  to: string;
  contact: Contact;
  arriveHour: number;
}

export interface GameEvent {
  hour: number;
  turn: number;
  kind:
    | 'turn'
    | 'order-issued'
    | 'order-arrived'
    | 'order-effect'
    | 'order-failed'
    | 'move'
    | 'detection'
    | 'intel'
    | 'table'
    | 'ladder'
    | 'legal'
    | 'posture'
    | 'event'
    | 'jtf'
    | 'outcome'
    | 'notify'
    | 'whitecell';
  text: string;
  /** Roles who see it; omitted = everyone. */
  roles?: string[];
  data?: Record<string, string | number | boolean | null>;
}

export interface Metrics {
  /** First allied detection of a trigger-tagged (landing) unit. */
  triggerDetectedHour: number | null;
  /** First allied order effect in a scene zone at or after that detection. */
  firstAlliedEffectHour: number | null;
  alliedResponseHours: number | null;
  /** Legal status id -> hour it was determined. */
  legalDeterminations: Record<string, number>;
  /** Theatre id -> highest rung index reached. */
  peakRung: Record<string, number>;
  /** Per hop-kind totals over all delivered allied orders (hours). */
  delayHours: Record<HopKind | 'authority', number>;
  ordersDelivered: number;
}

export interface GameContext {
  scenarioId: string;
  scenarioHash: string;
  seed: string;
  arrangement: ArrangementId;
  sharing: SharingId;
  rng: RngState;
  turn: number;
  /** Hours since the scenario start at the beginning of the current turn. */
  hour: number;
  units: Record<string, UnitState>;
  orders: PendingOrder[];
  submitted: Record<string, boolean>;
  messages: Message[];
  /** Delivered orders (latency records), oldest first. */
  delivered: Message[];
  knowledge: Record<string, Record<string, Contact>>;
  intel: IntelInTransit[];
  pressure: Record<string, number>;
  /** Mirror of the ladder regions (written by their entry actions) for guards and views. */
  rungs: Record<string, number>;
  /** Mirror of the legal-status region. */
  legal: string;
  posture: Record<string, 'normal' | 'crisis'>;
  cohesion: Record<string, number>;
  flags: Record<string, number>;
  firedEvents: string[];
  /** Pending and done arrangement activation (e.g. the crisis JTF). */
  activation: { dueHour: number | null; activeHour: number | null };
  metrics: Metrics;
  outcome: { id: string; name: string; text: string; winners: string[]; hour: number } | null;
  objectives: Record<string, boolean>;
  nextId: number;
  /** White Cell state: paused, and node processing times changed from a given hour. */
  whiteCell: { paused: boolean; adjustments: Record<string, { processingHours: DistributionSpec; fromHour: number; reason: string }> };
  /** Ladder/legal events queued during resolution for the statechart regions. */
  pendingSignals: Signal[];
  /** Event log: not part of the hashed state (it only records what the state already says). */
  log: GameEvent[];
}

export type Signal = { type: 'ladder'; theatre: string; direction: 'up' | 'down' } | { type: 'legal'; status: string };

export interface GameState {
  readonly scenario: Scenario;
  /** The statechart's state value (turn flow, ladders, legal status). */
  readonly value: StateValue;
  readonly context: GameContext;
}

export interface NewGameOptions {
  seed: string;
  arrangement: ArrangementId;
  sharing: SharingId;
}

export interface ApplyOk {
  ok: true;
  state: GameState;
  events: GameEvent[];
}
export interface ApplyErr {
  ok: false;
  error: RuleError;
  state: GameState;
}
export type ApplyResult = ApplyOk | ApplyErr;

// ---------------------------------------------------------------- views

/** A unit as one role sees it: its own and partners' units in full, others only as contacts. */
export interface UnitView {
  id: string;
  name: string;
  role: string;
  type: string;
  zone: string;
  strength: number;
  /** friendly = own or same side; hostile/neutral = a contact; unknown = side not identified. */
  affiliation: 'friendly' | 'hostile' | 'neutral' | 'unknown';
  /** True for own/partner units (exact), false for contacts (as last reported). */
  exact: boolean;
  /** For contacts: hour of the observation and when this role learned it. */
  seenHour?: number;
  knownHour?: number;
  movingTo?: string;
  arriveHour?: number;
  tags: string[];
}

export interface NodeView {
  id: string;
  name: string;
  role: string;
  utcOffsetHours: number;
  /** Local time "YYYY-MM-DD HH:MM" at the current game hour. */
  localTime: string;
  onDuty: boolean;
  nightShift: boolean;
}

export interface MessageView {
  id: string;
  action: string;
  actionName: string;
  role: string;
  unit?: string;
  zone?: string;
  issuedHour: number;
  path: string[];
  reasons: HopRecord['reason'][];
  hops: HopRecord[];
  at: number;
  phase: Message['phase'];
  /** Expected arrival at the executing node (mean delays from here on), game hour. */
  etaHour: number;
  arrivedHour?: number;
  effectHour?: number;
  routedUnder: string;
}

export interface RoleView {
  /** A role id, or 'truth' for ground truth (White Cell, replay viewer). */
  role: string;
  scenarioId: string;
  turn: number;
  maxTurns: number;
  hoursPerTurn: number;
  /** Hours since start at the beginning of this turn. */
  hour: number;
  /** UTC "YYYY-MM-DD HH:MM" at `hour`. */
  utc: string;
  arrangement: ArrangementId;
  /** Arrangement phase in force (e.g. "Joint task force active"). */
  arrangementPhase: string;
  sharing: SharingId;
  phase: 'orders' | 'ended';
  /** The White Cell has paused the exercise. */
  paused: boolean;
  submitted: Record<string, boolean>;
  units: UnitView[];
  ladders: { theatre: string; name: string; rung: number; rungId: string; rungName: string; rungs: { id: string; name: string }[]; pressure: number; peak: number }[];
  legal: { status: string; name: string; history: { status: string; hour: number }[] };
  posture: Record<string, 'normal' | 'crisis'>;
  cohesion: Record<string, number>;
  nodes: NodeView[];
  /** Command links among those nodes under the arrangement in force (for drawing the graph). */
  links: { between: [string, string]; mechanism: string }[];
  /** Who holds each authority now, for orders about each theatre (authority|theatre -> node). */
  authorityHolders: Record<string, string>;
  /** This role's orders sealed this turn (all roles' for 'truth'). */
  orders: PendingOrder[];
  /** This role's orders in transit (all for 'truth'). */
  messages: MessageView[];
  /** This role's delivered orders with latency records (all for 'truth'). */
  delivered: MessageView[];
  log: GameEvent[];
  flags: Record<string, number>;
  outcome: GameContext['outcome'];
  objectives: { id: string; role: string; text: string; met: boolean }[];
  metrics: Metrics;
}
