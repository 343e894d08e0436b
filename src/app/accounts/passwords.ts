/** argon2id password hashing (OWASP minimums: m ≥ 19 MiB, t ≥ 2). */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Verifying against this when the account is unknown keeps the timing of both answers alike. */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$GkpDqPwUIETe3DICHYKNrA$SizMm/O8l0YBL5y6h82wGzB/foXL/D/Tjbymhtl1x24';
