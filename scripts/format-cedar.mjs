import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import fs from 'node:fs';
for (const f of process.argv.slice(2)) {
  const t = fs.readFileSync(f, 'utf8');
  const r = cedar.formatPolicies({ policyText: t, lineWidth: 100, indentWidth: 2 });
  if (r.type !== 'success') { console.error(f, JSON.stringify(r.errors)); continue; }
  fs.writeFileSync(f, r.formatted_policy);
}
