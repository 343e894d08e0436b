/**
 * Validates NIEM exports with `xmllint --schema` against the real NIEM 5.2 release, read in
 * place from ../shared/data/niem-5.2 (never copied into the project). As that folder's README
 * says, the release's `codes/ncic.xsd` is missing there: a temporary directory gets a stand-in
 * declaring the three NCIC types the release references, an XML catalog that points the
 * release's import at it, and Delegate's exchange schema (documents/niem.ts) importing the
 * release. One xmllint run compiles the set once and validates every file given.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exchangeSchema, NIEM_NAMESPACES } from '../../src/documents/niem.ts';
import { REPO } from '../support/paths.ts';

export const NIEM_XSD = path.resolve(REPO, '../shared/data/niem-5.2/xsd');

const NCIC_NS = 'http://release.niem.gov/niem/codes/ncic/5.2/';

const standIn = () => `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema targetNamespace="${NCIC_NS}" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:structures="${NIEM_NAMESPACES.structures}">
  <xs:import namespace="${NIEM_NAMESPACES.structures}" schemaLocation="${NIEM_XSD}/utility/structures.xsd"/>
${['VCOCodeType', 'SMTCodeType', 'ECRCodeType']
  .map(
    (t) => `  <xs:complexType name="${t}">
    <xs:simpleContent>
      <xs:extension base="xs:token">
        <xs:attributeGroup ref="structures:SimpleObjectAttributeGroup"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>`,
  )
  .join('\n')}
</xs:schema>
`;

const catalog = (standInFile: string) => {
  const missing = `${NIEM_XSD}/codes/ncic.xsd`;
  const to = `file://${standInFile}`;
  return `<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="${missing}" uri="${to}"/>
  <uri name="${missing}" uri="${to}"/>
  <system systemId="file://${missing}" uri="${to}"/>
  <uri name="file://${missing}" uri="${to}"/>
</catalog>
`;
};

export interface Validation {
  /** File name → true if it validates. */
  results: Map<string, boolean>;
  /** xmllint's messages (errors name the file, line and element). */
  output: string;
}

export interface NiemValidator {
  dir: string;
  /** Writes `xml` under `name` in the scratch directory and returns the path. */
  write(name: string, xml: string | Uint8Array): string;
  /** Validates the files in one xmllint run. */
  validate(files: readonly string[]): Validation;
  remove(): void;
}

export function niemValidator(): NiemValidator {
  if (!fs.existsSync(path.join(NIEM_XSD, 'niem-core.xsd')))
    throw new Error(`the NIEM 5.2 schemas are not at ${NIEM_XSD}`);
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error) throw new Error('xmllint is not installed (Debian package libxml2-utils)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-niem-'));
  const ncic = path.join(dir, 'ncic-stand-in.xsd');
  fs.writeFileSync(ncic, standIn());
  const catalogFile = path.join(dir, 'catalog.xml');
  fs.writeFileSync(catalogFile, catalog(ncic));
  const schema = path.join(dir, 'delegate-exchange.xsd');
  fs.writeFileSync(schema, exchangeSchema(NIEM_XSD));
  return {
    dir,
    write(name, xml) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, xml);
      return file;
    },
    validate(files) {
      const r = spawnSync('xmllint', ['--noout', '--schema', schema, ...files], {
        env: { ...process.env, XML_CATALOG_FILES: catalogFile },
        encoding: 'utf8',
        timeout: 120_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      const output = `${r.stdout}${r.stderr}`;
      if (/failed to compile/.test(output))
        throw new Error(`the NIEM schema set did not compile:\n${output}`);
      const results = new Map<string, boolean>();
      for (const f of files) {
        const escaped = f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        results.set(path.basename(f), new RegExp(`^${escaped} validates$`, 'm').test(output));
      }
      return { results, output };
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
