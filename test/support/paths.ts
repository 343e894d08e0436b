import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
/** ICE's published lists: read in place from ../shared, never copied into the project. */
export const AGREEMENTS_DATA = path.resolve(REPO, '../shared/data/agreements');
export const agreementsFile = (name: string) => path.join(AGREEMENTS_DATA, name);
