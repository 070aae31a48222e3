// The game's single random stream: seedrandom's Alea, whose state is four numbers that
// live in the game context and round-trip through JSON. Every draw goes through here.
import seedrandom from 'seedrandom';
import type { DistributionSpec } from './scenario/schema.ts';

export interface RngState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

export function seedRng(seed: string): RngState {
  return seedrandom.alea(seed, { state: true }).state() as RngState;
}

type AleaPrng = seedrandom.PRNG & { state(): RngState };

/** A mutable cursor over an RngState, used inside one resolution step and written back after. */
export class Stream {
  private readonly prng: AleaPrng;
  constructor(state: RngState) {
    this.prng = seedrandom.alea('', { state: { ...state } }) as AleaPrng;
  }
  next(): number {
    return this.prng();
  }
  state(): RngState {
    return this.prng.state();
  }
  /** A duration in hours drawn from a scenario distribution. */
  hours(dist: DistributionSpec): number {
    if ('fixed' in dist) return dist.fixed;
    if ('uniform' in dist) {
      const [min, max] = dist.uniform;
      return min + (max - min) * this.next();
    }
    const [min, mode, max] = dist.triangular;
    if (max <= min) return min;
    const u = this.next();
    const cut = (mode - min) / (max - min);
    return u < cut
      ? min + Math.sqrt(u * (max - min) * (mode - min))
      : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
  }
}

/** Mean of a distribution, for estimates shown to players (never for resolution). */
export function meanHours(dist: DistributionSpec): number {
  if ('fixed' in dist) return dist.fixed;
  if ('uniform' in dist) return (dist.uniform[0] + dist.uniform[1]) / 2;
  return (dist.triangular[0] + dist.triangular[1] + dist.triangular[2]) / 3;
}
