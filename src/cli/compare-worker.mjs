// Worker-thread entry: worker threads do not inherit tsx's loader, so register it here and
// load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./compare-worker.ts');
