/**
 * A real OpenID Connect provider (oidc-provider 9) on a loopback port for the single sign-on
 * tests: one confidential client registered with Delegate's callback URL, PKCE required,
 * synthetic accounts, consent granted in advance. `interactive: false` signs in whoever
 * `nextLogin` names, with the `amr` given (no page); `interactive: true` serves the provider's
 * own development login page (any password), for the browser test.
 */
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export interface TestAccount {
  sub: string;
  email: string;
  emailVerified: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** Who the non-interactive login signs in next, and the `amr` it reports. */
  nextLogin: { login: string; amr?: string[] };
  close(): Promise<void>;
}

export async function startTestProvider(opts: {
  redirectUri: string;
  interactive: boolean;
  accounts: TestAccount[];
}): Promise<TestProvider> {
  const accounts = new Map(opts.accounts.map((a) => [a.sub, a]));
  const clientId = 'delegate-test';
  const clientSecret = 'a-test-client-secret-of-reasonable-length';
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: opts.interactive } },
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-key-not-secret'] },
    jwks: { keys: [{ ...signingKey(), use: 'sig', alg: 'RS256' }] },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
    findAccount: async (_ctx: KoaContextWithOIDC, id: string) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, email: account.email, email_verified: account.emailVerified }),
      };
    },
    // Consent is granted in advance: Delegate is the agency's own, first-party application.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email');
      await grant.save();
      return grant;
    },
  });
  const state: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    nextLogin: { login: opts.accounts[0]?.sub ?? 'nobody' },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    if (opts.interactive || !req.url?.startsWith('/interaction/')) return callback(req, res);
    try {
      await provider.interactionDetails(req, res);
      const { login, amr } = state.nextLogin;
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: login, ...(amr ? { amr } : {}) } },
        { mergeWithLastSubmission: false },
      );
    } catch {
      res.statusCode = 400;
      res.end('interaction failed');
    }
  });
  const close = state.close;
  state.close = async () => {
    server.closeAllConnections();
    await close();
  };
  return state;
}

/** A fresh RSA signing key for each provider (the library's built-in development keys are public). */
type Jwk = Record<string, unknown>;
const signingKey = (): Jwk =>
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Jwk;

/** A cookie jar just big enough to walk a browser's redirects with fetch. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Follows the provider's redirects from the authorization URL, as a browser would, until it
 * sends the browser to `callbackPrefix`; returns that URL.
 */
export async function followToCallback(authorizationUrl: string, callbackPrefix: string): Promise<URL> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  for (let hops = 0; hops < 10; hops++) {
    if (url.startsWith(callbackPrefix)) return new URL(url);
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res);
    const location = res.headers.get('location');
    if (!location)
      throw new Error(`the provider answered ${res.status} without a redirect: ${await res.text()}`);
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects');
}
