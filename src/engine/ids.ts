// Fixed vocabularies the engine and every host share. Kept free of the schema library so the
// browser bundle needs no validator.
export type ArrangementId = 'legacy' | 'upgraded' | 'jtf' | 'combined';
export const ARRANGEMENT_IDS: readonly ArrangementId[] = ['legacy', 'upgraded', 'jtf', 'combined'];
export type SharingId = 'hub' | 'direct';
export const SHARING_IDS: readonly SharingId[] = ['hub', 'direct'];
