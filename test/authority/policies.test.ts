/**
 * The policy set as CI checks it: valid against the schema, formatted as Cedar formats it,
 * every policy with an id, a sentence and a citation, the generated module up to date, and
 * every ALLOW and DENY fixture decided as its file name says.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { describe, expect, it } from 'vitest';
import { GENERATED, readAuthoritySources, renderGenerated } from '../../scripts/gen-authority.ts';
import { decide } from '../../src/authority/decide.ts';
import { policyCatalogue } from '../../src/authority/engine.ts';
import { POLICY_TEXTS, SCHEMA_TEXT } from '../../src/authority/policies.generated.ts';
import { parseScenario } from '../../src/authority/scenario.ts';
import { DELEGATED_ACTIONS, SYSTEM_ACTIONS } from '../../src/authority/vocabulary.ts';
import { REPO } from '../support/paths.ts';

const FIXTURES = path.join(REPO, 'src/authority/fixtures');

describe('Cedar policies', () => {
  it('parse, and validate against the schema in strict mode', () => {
    expect(cedar.checkParseSchema(SCHEMA_TEXT)).toEqual({ type: 'success' });
    for (const [file, text] of Object.entries(POLICY_TEXTS)) {
      const v = cedar.validate({
        schema: SCHEMA_TEXT,
        policies: { staticPolicies: text },
        validationSettings: { mode: 'strict' },
      });
      expect(v.type, file).toBe('success');
      if (v.type === 'success') {
        expect(v.validationErrors, file).toEqual([]);
        expect(v.validationWarnings, file).toEqual([]);
      }
    }
  });

  it('are formatted as the Cedar formatter formats them (line width 100, indent 2)', () => {
    for (const [file, text] of Object.entries(POLICY_TEXTS)) {
      const f = cedar.formatPolicies({ policyText: text, lineWidth: 100, indentWidth: 2 });
      expect(f.type, file).toBe('success');
      if (f.type === 'success') expect(f.formatted_policy, `${file} is not formatted`).toBe(text);
    }
  });

  it('each have an @id, a /// sentence and a citation or clause; hard stops and prohibitions are forbids', () => {
    const all = policyCatalogue();
    expect(all.length).toBeGreaterThan(40);
    for (const p of all) {
      expect(p.sentence, p.id).toMatch(/^[A-Z].*\.$/);
      if (p.file !== 'system.cedar') expect(p.citations.length + p.clauses.length, p.id).toBeGreaterThan(0);
      if (p.file === 'grants.cedar') expect(p.effect, p.id).toBe('permit');
      if (p.file !== 'grants.cedar' && p.file !== 'system.cedar') expect(p.effect, p.id).toBe('forbid');
    }
  });

  it('cover the whole action vocabulary: the schema declares exactly the delegated and system actions', () => {
    const json = cedar.schemaToJson(SCHEMA_TEXT);
    expect(json.type).toBe('success');
    if (json.type !== 'success') return;
    const actions = Object.keys(json.json.Delegate!.actions).sort();
    expect(actions).toEqual([...DELEGATED_ACTIONS, ...SYSTEM_ACTIONS, 'delegated', 'system'].sort());
  });

  it('policies.generated.ts is up to date with the .cedar files (npm run gen:authority)', () => {
    expect(fs.readFileSync(GENERATED, 'utf8')).toBe(renderGenerated(readAuthoritySources()));
  });
});

describe('fixtures', () => {
  for (const kind of ['ALLOW', 'DENY'] as const) {
    const files = fs.readdirSync(path.join(FIXTURES, kind)).filter((f) => f.endsWith('.json'));
    it(`${kind} has fixtures`, () => expect(files.length).toBeGreaterThan(5));
    for (const file of files) {
      it(`${kind}/${file}`, () => {
        const rule = /--(.+)\.json$/.exec(file)?.[1];
        expect(rule, 'file name ends with --<rule id>.json').toBeTruthy();
        const parsed = parseScenario(JSON.parse(fs.readFileSync(path.join(FIXTURES, kind, file), 'utf8')));
        if (!parsed.ok) throw new Error(parsed.message);
        const d = decide(parsed.scenario);
        expect(d.decision).toBe(kind === 'ALLOW' ? 'allow' : 'deny');
        expect(d.ruleIds).toContain(rule);
        expect(d.citations.length).toBeGreaterThan(0);
      });
    }
  }
});
