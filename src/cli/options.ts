// Parsing of shared CLI option values, each failing with one actionable line.
import { ARRANGEMENT_IDS, SHARING_IDS, type ArrangementId, type SharingId } from '../engine/index.ts';
import { UsageError } from './errors.ts';

export function parseArrangement(value: string): ArrangementId {
  if ((ARRANGEMENT_IDS as readonly string[]).includes(value)) return value as ArrangementId;
  throw new UsageError(`--arrangement "${value}" is not an arrangement (expected one of: ${ARRANGEMENT_IDS.join(', ')})`);
}

export function parseSharing(value: string): SharingId {
  if ((SHARING_IDS as readonly string[]).includes(value)) return value as SharingId;
  throw new UsageError(`--sharing "${value}" is not a sharing mode (expected one of: ${SHARING_IDS.join(', ')})`);
}

export function parseSeed(value: string): string {
  if (value.trim().length === 0) throw new UsageError('--seed must not be empty (any text or number, e.g. --seed 42)');
  return value;
}
