// The live game and the projector talk over a BroadcastChannel (same browser, same origin):
// the live page posts its game file and the viewpoint the White Cell chose after every
// change; the projector replays and checks the file itself and draws view(state, viewpoint).
// Nothing but the game file crosses, so the projector shows what the engine says, no more.
import type { GameFile } from '../engine/gamefile.ts';

export const LIVE_CHANNEL = 'kuroshio-live';

/** What the projector shows: 'public' (announcements, ladders, legal status), 'truth' or a role id. */
export type ProjectorViewpoint = string;

export type LiveMessage =
  /** The live game as it stands. */
  | { type: 'game'; file: GameFile; viewpoint: ProjectorViewpoint }
  /** No game is being played in the live page (its start screen is up: a game is being set up). */
  | { type: 'none' }
  /** The live page is closing (or going into the back/forward cache): its last game is no longer live. */
  | { type: 'gone' }
  /** A projector opened: the live page answers with 'game' or 'none'. */
  | { type: 'hello' };

/** The live page's side: publish after each change, answer a projector that says hello. */
export class LivePublisher {
  private channel: BroadcastChannel | null;
  private last: LiveMessage = { type: 'none' };

  constructor() {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(LIVE_CHANNEL) : null;
    this.channel?.addEventListener('message', (event: MessageEvent<LiveMessage>) => {
      if (event.data?.type === 'hello') this.post(this.last);
    });
    if (typeof window !== 'undefined') {
      window.addEventListener('pagehide', () => this.post({ type: 'gone' }));
      // Back from the back/forward cache: live again.
      window.addEventListener('pageshow', (event) => event.persisted && this.post(this.last));
    }
  }

  publish(file: GameFile | null, viewpoint: ProjectorViewpoint): void {
    this.last = file ? { type: 'game', file, viewpoint } : { type: 'none' };
    this.post(this.last);
  }

  private post(message: LiveMessage): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // A closed channel (page unloading) has nobody left to tell.
    }
  }
}
