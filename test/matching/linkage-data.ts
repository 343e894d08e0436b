/** The public linkage benchmarks, read in place from ../shared (never copied into the project). */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { PersonRecord } from '../../src/matching/roles.ts';

export const LINKAGE_DATA = path.resolve(import.meta.dirname, '../../../shared/data/linkage');

/** A record with its ground-truth entity, which only the evaluation reads. */
export type Labelled = PersonRecord & { truth: string };

const rows = (file: string): Record<string, string>[] =>
  parse(fs.readFileSync(path.join(LINKAGE_DATA, file)), { columns: true });

export const febrl = (file: string): Labelled[] =>
  rows(`febrl/${file}`).map((r) => ({
    id: r.rec_id!,
    truth: r.entity_id!,
    first_name: r.given_name,
    last_name: r.surname,
    street: r.address_1,
    city: r.suburb,
    postcode: r.postcode,
    state: r.state,
    dob: r.date_of_birth,
    ssn: r.soc_sec_id,
  }));
