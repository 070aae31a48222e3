// The scenario file format. This schema is the single definition of what a
// scenario may say; the README's "Scenario format" reference mirrors it field by field.
// Structural checks live here; cross-references (a route naming a node that does not
// exist, duplicate ids, ...) are checked in validate.ts, where positions are known.
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id: letters, digits, "-" or "_", starting with a letter');

/** Where a number comes from. Required wherever a number states a fact about the world. */
const source = z.string().min(3, 'a source note (what the number is based on)');

const hours = z.number().finite().min(0, 'hours must be >= 0');
const probability = z.number().min(0, 'a probability in [0, 1]').max(1, 'a probability in [0, 1]');

/** A duration in hours: fixed, uniform [min, max], or triangular [min, mode, max]. */
export const Distribution = z.union([
  z.strictObject({ fixed: hours, source }),
  z.strictObject({ uniform: z.tuple([hours, hours]), source }),
  z.strictObject({ triangular: z.tuple([hours, hours, hours]), source }),
]);

const lonLat = z.tuple([
  z.number().min(-180).max(180),
  z.number().min(-90).max(90),
]);

// ---------------------------------------------------------------- conditions

export type Condition =
  | { flag: string; atLeast?: number }
  | { rung: { theatre: string; atLeast?: string; atMost?: string } }
  | { legal: string[] }
  | { turn: { atLeast?: number; atMost?: number } }
  | { presence: { zone: string; role?: string; side?: 'allied' | 'adversary' | 'neutral'; tag?: string; atLeast?: number } }
  | { cohesion: { role: string; atMost?: number; atLeast?: number } }
  | { arrangement: string[] }
  | { posture: { role: string; level: 'normal' | 'crisis' } }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ flag: id, atLeast: z.number().optional() }),
    z.strictObject({ rung: z.strictObject({ theatre: id, atLeast: id.optional(), atMost: id.optional() }) }),
    z.strictObject({ legal: z.array(id).min(1) }),
    z.strictObject({ turn: z.strictObject({ atLeast: z.number().int().min(1).optional(), atMost: z.number().int().min(1).optional() }) }),
    z.strictObject({
      presence: z.strictObject({
        zone: id,
        role: id.optional(),
        side: z.enum(['allied', 'adversary', 'neutral']).optional(),
        tag: id.optional(),
        atLeast: z.number().int().min(1).optional(),
      }),
    }),
    z.strictObject({ cohesion: z.strictObject({ role: id, atMost: z.number().optional(), atLeast: z.number().optional() }) }),
    z.strictObject({ arrangement: z.array(z.enum(['legacy', 'upgraded', 'jtf', 'combined'])).min(1) }),
    z.strictObject({ posture: z.strictObject({ role: id, level: z.enum(['normal', 'crisis']) }) }),
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
  ]),
);

// ---------------------------------------------------------------- effects

/** What happens when an order takes effect, an event fires or a table result is drawn. */
export const Effect = z.discriminatedUnion('type', [
  /** The ordered unit sails/flies to the target zone (transit time from distance and speed). */
  z.strictObject({ type: z.literal('move') }),
  /** The ordered unit counts as acting on scene in the target zone (response-time metric). */
  z.strictObject({ type: z.literal('onScene') }),
  /** Draw from a random table; its outcome's effects apply. */
  z.strictObject({ type: z.literal('table'), table: id }),
  /** A Cabinet determination: Japan's legal status becomes `status` (if the step is allowed). */
  z.strictObject({ type: z.literal('legal'), status: id }),
  /** A role's headquarters go to a 24/7 crisis posture (or back to normal). */
  z.strictObject({ type: z.literal('posture'), role: id.optional(), level: z.enum(['normal', 'crisis']) }),
  z.strictObject({ type: z.literal('flag'), flag: id, value: z.number() }),
  z.strictObject({ type: z.literal('addFlag'), flag: id, delta: z.number() }),
  /** Escalation pressure on a theatre's ladder (positive climbs, negative calms). */
  z.strictObject({ type: z.literal('pressure'), theatre: id, delta: z.number() }),
  z.strictObject({ type: z.literal('cohesion'), role: id, delta: z.number() }),
  /** Change the strength of the ordered unit ("self") or of opposing units in the target zone. */
  z.strictObject({ type: z.literal('strength'), target: z.enum(['self', 'opposing']), delta: z.number().int() }),
  /** The ordered unit ("self") or opposing units in the target zone leave play (withdrawn, detained, sunk). */
  z.strictObject({ type: z.literal('remove'), target: z.enum(['self', 'opposing']) }),
  /** A line in every role's event log (or the listed roles'). */
  z.strictObject({ type: z.literal('notify'), text: z.string().min(1), roles: z.array(id).optional() }),
]);
export type Effect = z.infer<typeof Effect>;

// ---------------------------------------------------------------- sections

export const Meta = z.strictObject({
  id,
  title: z.string().min(1),
  summary: z.string().min(1),
  version: z.number().int().min(1),
  sources: z
    .array(z.strictObject({ id, title: z.string().min(1), ref: z.string().min(1) }))
    .min(1, 'at least one source'),
});

export const Clock = z.strictObject({
  /** ISO 8601 UTC, e.g. 2027-05-14T21:00:00Z. */
  start: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:00(:00)?Z$/, 'an ISO UTC time on the hour, e.g. 2027-05-14T21:00:00Z'),
  hoursPerTurn: z.number().int().min(1).max(48),
  maxTurns: z.number().int().min(1).max(60),
  source,
});

export const Rung = z.strictObject({
  id,
  name: z.string().min(1),
  summary: z.string().min(1),
  /** The ladder climbs into this rung only while this holds (e.g. a deliberate use of force), whatever the pressure. */
  requires: Condition.optional(),
});

export const Theatre = z.strictObject({
  id,
  name: z.string().min(1),
  ladder: z.strictObject({
    rungs: z.array(Rung).min(2, 'a ladder needs at least two rungs'),
    initial: id,
    /** Pressure needed to climb one rung at the end of a turn. */
    upThreshold: z.number().positive(),
    /** Pressure at or below which the ladder steps down one rung. */
    downThreshold: z.number().negative(),
    /** Each turn, pressure moves this much back toward 0 (tension fades without fuel). */
    decayPerTurn: z.number().min(0),
    source,
  }),
});

export const Coupling = z.strictObject({
  from: id,
  to: id,
  /** Share of the `from` theatre's pressure added to `to` at each assessment. */
  factor: z.number().min(0).max(1),
  source,
});

export const Zone = z.strictObject({
  id,
  name: z.string().min(1),
  kind: z.enum(['sea', 'territorial-sea', 'contiguous-zone', 'island', 'land', 'air', 'offmap']),
  theatre: id.optional(),
  /** [longitude, latitude] in degrees. */
  centre: lonLat,
  /** Draw as a ring of this radius (km) around the centre (e.g. 22.2 km territorial sea). */
  radiusKm: z.number().positive().max(2000).optional(),
  /** Optional outline, [[lon, lat], ...], for drawing. */
  polygon: z.array(lonLat).min(3).optional(),
  adjacent: z.array(id),
  source,
});

export const Staffing = z.strictObject({
  /** A 24/7 watch. Otherwise the node works `dutyHours` on `workdays` and holds messages outside them. */
  alwaysOn: z.boolean(),
  /** Local [start, end) hours, e.g. [9, 18]. */
  dutyHours: z.tuple([z.number().int().min(0).max(23), z.number().int().min(1).max(24)]),
  /** ISO weekdays worked (1 = Monday ... 7 = Sunday). */
  workdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
  /** Local [start, end) of the thin night shift of a 24/7 watch (crosses midnight when start > end). */
  nightHours: z.tuple([z.number().int().min(0).max(23), z.number().int().min(0).max(23)]),
  /** Processing time multiplier on the night shift. */
  nightFactor: z.number().min(1).max(10),
  source,
});

export const CommandNode = z.strictObject({
  id,
  name: z.string().min(1),
  role: id,
  utcOffsetHours: z.number().min(-12).max(14),
  /** Where the node sits: [lon, lat] on the map or an off-map zone id. */
  location: z.union([lonLat, id]),
  staffing: Staffing,
  processingHours: Distribution,
  /** Authorities this node holds in every arrangement (arrangements may add or move them). */
  authorities: z.array(id).default([]),
});

export const Link = z.strictObject({
  between: z.tuple([id, id]),
  delayHours: Distribution,
  mechanism: z.enum(['direct', 'liaison', 'bilateral', 'combined', 'political']),
});

export const AuthorityGrant = z.strictObject({
  authority: id,
  /** Only for orders about this theatre; omitted = any theatre. */
  theatre: id.optional(),
  node: id,
  source,
});

export const ArrangementSpec = z.strictObject({
  name: z.string().min(1),
  summary: z.string().min(1),
  links: z.array(Link).default([]),
  authorities: z.array(AuthorityGrant).default([]),
  /** Japanese political cohesion lost per turn under this arrangement (entrapment fears). */
  cohesionCostPerTurn: z.strictObject({ role: id, amount: z.number().min(0), source }).optional(),
  /** A later switch (e.g. the crisis JTF): from `delayHours` after `theatre` reaches `rung`, these links and authorities also apply, overriding grants for the same authority. */
  activation: z
    .strictObject({
      theatre: id,
      rung: id,
      delayHours: Distribution,
      name: z.string().min(1),
      links: z.array(Link).default([]),
      authorities: z.array(AuthorityGrant).default([]),
    })
    .optional(),
});

export const Arrangements = z.strictObject({
  legacy: ArrangementSpec,
  upgraded: ArrangementSpec,
  jtf: ArrangementSpec,
  combined: ArrangementSpec,
});

export const SharingLink = z.strictObject({ between: z.tuple([id, id]), delayHours: Distribution });
export const SharingMode = z.strictObject({ summary: z.string().min(1), links: z.array(SharingLink).default([]) });
export const Sharing = z.strictObject({ hub: SharingMode, direct: SharingMode });

export const Role = z.strictObject({
  id,
  name: z.string().min(1),
  side: z.enum(['allied', 'adversary', 'neutral']),
  /** The node where this role's HQ-level orders and detection reports start. */
  hq: id,
  briefing: z.string().min(1),
  cohesion: z.number().min(0).max(100).optional(),
});

export const UnitType = z.strictObject({
  id,
  name: z.string().min(1),
  domain: z.enum(['sea', 'subsurface', 'air', 'land']),
  /** MIL-STD-2525C symbol id (15 chars); the affiliation letter (2nd) is set by the viewer. */
  sidc: z.string().regex(/^[A-Z*-][A-Z*-][A-Z*-][A-Z*-][A-Z0-9*-]{6}[A-Z0-9*-]{5}$/, 'a 15-character MIL-STD-2525C SIDC'),
  speedKmh: z.number().positive().max(3000),
  /** Chance per hour of detecting an opposing unit in the same zone (adjacent zones when sensorReach is 1). */
  sensor: z.strictObject({ probability, reach: z.union([z.literal(0), z.literal(1)]) }),
  /** How visible the unit is to others' sensors (multiplies their probability). */
  signature: probability,
  source,
});

export const Unit = z.strictObject({
  id,
  name: z.string().min(1),
  type: id,
  role: id,
  zone: id,
  strength: z.number().int().min(1).max(100),
  /** Command node that executes this unit's orders. */
  node: id,
  tags: z.array(id).default([]),
  source,
});

export const Requirements = z.strictObject({
  /** Japan's legal status must be one of these. */
  legal: z.array(id).min(1).optional(),
  rung: z.strictObject({ theatre: id, atLeast: id.optional(), atMost: id.optional() }).optional(),
  /** The ordering role must know of an opposing unit in the target zone. */
  contactInTarget: z.boolean().optional(),
  /** Any other condition (flags, cohesion, arrangement, ...). */
  when: Condition.optional(),
});

export const Action = z.strictObject({
  id,
  name: z.string().min(1),
  role: id,
  summary: z.string().min(1),
  theatre: id,
  /** Unit types that can carry out the order; omitted = a headquarters order with no unit. */
  unitTypes: z.array(id).min(1).optional(),
  /** Which zones can be targeted: none, the unit's own zone, or zones within `range` adjacency steps. */
  target: z.enum(['none', 'here', 'range']),
  range: z.number().int().min(1).max(10).optional(),
  /** Target zones must be one of these kinds (omitted = any except off-map). */
  targetKinds: z.array(Zone.shape.kind).min(1).optional(),
  /** Target zones must be one of these (e.g. only Uotsuri-jima for a landing there). */
  targetZones: z.array(id).min(1).optional(),
  requires: Requirements.default({}),
  /** The order's route: from node -> holder of `authority` in the arrangement -> the unit's node. */
  path: z.strictObject({
    from: id,
    authority: id,
    /** Action-specific processing at named nodes (e.g. a Cabinet decision), replacing the node's own. */
    processingAt: z.record(id, Distribution).optional(),
  }),
  /** Escalation pressure added to theatres when the order takes effect. */
  escalation: z.record(id, z.number()).default({}),
  effects: z.array(Effect).min(1),
  /** At most this many of this action per role per turn. */
  perTurn: z.number().int().min(1).max(20).default(1),
});

export const TableOutcome = z.strictObject({
  id,
  text: z.string().min(1),
  /** Probability when no opposing unit is in the target zone. */
  p: probability,
  /** Probability when opposing units are present (contested); defaults to p. */
  pOpposed: probability.optional(),
  effects: z.array(Effect).default([]),
});

export const Table = z.strictObject({
  id,
  name: z.string().min(1),
  outcomes: z.array(TableOutcome).min(1),
  /** Opposing units count as opposition in the target zone only (0) or also in adjacent zones (1), e.g. defenders in the waters off a landing beach. */
  opposedWithin: z.union([z.literal(0), z.literal(1)]).default(0),
  source,
});

export const LegalStatus = z.strictObject({
  id,
  name: z.string().min(1),
  basis: z.string().min(1),
  summary: z.string().min(1),
});

export const Legal = z.strictObject({
  role: id,
  initial: id,
  statuses: z.array(LegalStatus).min(1),
  /** Allowed determinations: from any of `from` to `to`. */
  steps: z.array(z.strictObject({ from: z.array(id).min(1), to: id, source })).min(1),
});

export const GameEventDef = z.strictObject({
  id,
  text: z.string().min(1),
  /** Scheduled: fires at the start of this turn's resolution. */
  atTurn: z.number().int().min(1).optional(),
  /** Triggered: fires at the first assessment where this holds. */
  when: Condition.optional(),
  roles: z.array(id).optional(),
  effects: z.array(Effect).default([]),
  source: source.optional(),
});

export const Outcome = z.strictObject({
  id,
  name: z.string().min(1),
  text: z.string().min(1),
  /** Checked at every assessment (`any`) or only when the last turn ends (`end`). */
  check: z.enum(['any', 'end']),
  /** Omitted = always (use as the last `end` outcome: the default). */
  when: Condition.optional(),
  winners: z.array(id),
});

export const Objective = z.strictObject({ id, role: id, text: z.string().min(1), when: Condition });

export const Metrics = z.strictObject({
  /** Units with this tag form the landing force: the clock starts when an allied role first detects one. */
  triggerTag: id,
  /** Zones where an allied order taking effect counts as "effect on scene". */
  sceneZones: z.array(id).min(1),
  /** Zones where a detection of the landing force starts the clock (default: scene zones and their neighbours). */
  triggerZones: z.array(id).optional(),
  /** Only orders carried out by units with one of these tags count as the response (default: any allied unit). */
  responseTags: z.array(id).optional(),
  source,
});

export const ScenarioFile = z.strictObject({
  meta: Meta,
  clock: Clock,
  theatres: z.array(Theatre).min(1),
  coupling: z.array(Coupling).default([]),
  zones: z.array(Zone).min(2),
  roles: z.array(Role).min(2),
  commandNodes: z.array(CommandNode).min(1),
  links: z.array(Link).default([]),
  arrangements: Arrangements,
  sharing: Sharing,
  unitTypes: z.array(UnitType).min(1),
  units: z.array(Unit).min(1),
  tables: z.array(Table).default([]),
  actions: z.array(Action).min(1),
  legal: Legal,
  events: z.array(GameEventDef).default([]),
  injects: z.array(GameEventDef).default([]),
  outcomes: z.array(Outcome).min(1),
  objectives: z.array(Objective).default([]),
  metrics: Metrics,
});

export type ScenarioData = z.infer<typeof ScenarioFile>;
export type DistributionSpec = z.infer<typeof Distribution>;
export type ZoneData = z.infer<typeof Zone>;
export type CommandNodeData = z.infer<typeof CommandNode>;
export type LinkData = z.infer<typeof Link>;
export type ArrangementData = z.infer<typeof ArrangementSpec>;
export type AuthorityGrantData = z.infer<typeof AuthorityGrant>;
export type RoleData = z.infer<typeof Role>;
export type UnitTypeData = z.infer<typeof UnitType>;
export type UnitData = z.infer<typeof Unit>;
export type ActionData = z.infer<typeof Action>;
export type TableData = z.infer<typeof Table>;
export type TheatreData = z.infer<typeof Theatre>;
export type GameEventData = z.infer<typeof GameEventDef>;
export type OutcomeData = z.infer<typeof Outcome>;
export { ARRANGEMENT_IDS, SHARING_IDS, type ArrangementId, type SharingId } from '../ids.ts';
