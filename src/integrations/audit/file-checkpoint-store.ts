/**
 * Checkpoints as signed JSON files in a directory outside the database, signed with an Ed25519
 * key kept in a file (mode 0600) that the database never sees. Deploy the directory on storage
 * with object lock or a separate host, and the key where only the Delegate process reads it.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  type Checkpoint,
  type CheckpointStore,
  checkpointMessage,
  type SignedCheckpoint,
} from '../../domain/audit-checkpoint.ts';

function loadOrCreateKey(keyFile: string): { privateKey: KeyObject; publicKey: KeyObject } {
  if (!fs.existsSync(keyFile)) {
    fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    });
  }
  const privateKey = createPrivateKey(fs.readFileSync(keyFile));
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' }).toString('base64');

export function fileCheckpointStore(dir: string, keyFile: string): CheckpointStore {
  const { privateKey, publicKey } = loadOrCreateKey(keyFile);
  const pinned = spki(publicKey);
  return {
    location: dir,
    publicKey: pinned,
    sign(c: Checkpoint): SignedCheckpoint {
      const signature = sign(null, Buffer.from(checkpointMessage(c)), privateKey).toString('base64');
      return { ...c, signature, publicKey: pinned };
    },
    verify(c: SignedCheckpoint): boolean {
      if (c.publicKey !== pinned) return false;
      try {
        return verify(null, Buffer.from(checkpointMessage(c)), publicKey, Buffer.from(c.signature, 'base64'));
      } catch {
        return false;
      }
    },
    async write(c: SignedCheckpoint) {
      await fs.promises.mkdir(dir, { recursive: true });
      const name = `${String(c.length).padStart(12, '0')}-${c.at.replace(/[:.]/g, '')}.json`;
      await fs.promises.writeFile(path.join(dir, name), `${JSON.stringify(c)}\n`, {
        flag: 'wx',
        mode: 0o444,
      });
    },
    async list(): Promise<SignedCheckpoint[]> {
      if (!fs.existsSync(dir)) return [];
      const names = (await fs.promises.readdir(dir)).filter((n) => n.endsWith('.json')).sort();
      const out: SignedCheckpoint[] = [];
      for (const n of names) out.push(JSON.parse(await fs.promises.readFile(path.join(dir, n), 'utf8')));
      return out;
    },
  };
}
