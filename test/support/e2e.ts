/**
 * One server and one Chromium for an end-to-end suite: the app on a free loopback port over the
 * given dependencies, a browser, and `signIn(email)` giving a signed-in page in its own context
 * (CSP bypassed so axe-core can be injected). `close()` ends contexts, browser and server.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { Deps } from '../../src/app/deps.ts';
import { buildServer } from '../../src/http/server.ts';
import { launchChromium } from './browser.ts';
import { signInInBrowser } from './sign-in.ts';

export interface E2e {
  app: FastifyInstance;
  base: string;
  browser: Browser;
  signIn(email: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startE2e(deps: Deps, contextOptions: BrowserContextOptions = {}): Promise<E2e> {
  const app = await buildServer({ deps, database: { kind: 'pglite' }, version: 'e2e' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    app,
    base,
    browser,
    async signIn(email) {
      // axe-core is injected as a script; the server's CSP (default-src 'self') would block it.
      const context = await browser.newContext({ bypassCSP: true, ...contextOptions });
      contexts.push(context);
      const page = await context.newPage();
      await signInInBrowser(page, base, email, app);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
      await app.close();
    },
  };
}
