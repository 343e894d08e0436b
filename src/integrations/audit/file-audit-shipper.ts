/**
 * Ships audit rows to a directory outside the database (another disk or a mounted log host):
 * monthly JSON-lines files, flushed to disk before the high-water mark moves.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AuditShipper } from '../../domain/audit-shipping.ts';

const MARK = 'shipped-through';

export function fileAuditShipper(dir: string): AuditShipper {
  return {
    location: dir,
    async shippedThrough() {
      try {
        const n = Number((await fs.promises.readFile(path.join(dir, MARK), 'utf8')).trim());
        return Number.isSafeInteger(n) && n >= 0 ? n : 0;
      } catch {
        return 0;
      }
    },
    async append(lines, throughSeq) {
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      const month = new Date().toISOString().slice(0, 7);
      const file = await fs.promises.open(path.join(dir, `audit-${month}.jsonl`), 'a', 0o600);
      try {
        await file.appendFile(lines.map((l) => `${l}\n`).join(''));
        await file.sync();
      } finally {
        await file.close();
      }
      const tmp = path.join(dir, `${MARK}.tmp`);
      await fs.promises.writeFile(tmp, `${throughSeq}\n`, { mode: 0o600 });
      await fs.promises.rename(tmp, path.join(dir, MARK));
    },
  };
}
