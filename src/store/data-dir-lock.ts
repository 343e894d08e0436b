/**
 * PGlite has no cross-process lock, and a second writer on the same data directory silently
 * loses commits. Delegate therefore holds an exclusive lock file while it owns the directory.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  readonly pid: number;
  readonly holder: string;
  constructor(dataDir: string, pid: number, holder: string) {
    super(
      `The data directory ${dataDir} is in use by ${holder} (pid ${pid}). Stop it first, ` +
        'or point DATABASE_URL at a PostgreSQL server that both can share.',
    );
    this.pid = pid;
    this.holder = holder;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws DataDirLockedError. A lock left by a dead process is taken over. */
export function lockDataDir(dataDir: string, holder: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'delegate.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, holder }));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        fs.rmSync(file, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner: { pid: number; holder: string } = { pid: 0, holder: 'another process' };
      try {
        owner = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        // Unreadable or half-written lock: treat its owner as unknown but alive for one retry.
      }
      if (owner.pid === process.pid || (owner.pid && isAlive(owner.pid))) {
        throw new DataDirLockedError(dataDir, owner.pid, owner.holder);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(dataDir, 0, 'another process');
}
