/**
 * `delegate oidc add-provider | list | disable | enable`: the agencies' OpenID Connect identity
 * providers. The list never shows a client secret (nor where it is kept).
 */
import type { Command } from 'commander';
import { addOidcProvider } from '../../app/accounts/oidc-add-provider.ts';
import { disableOidcProvider } from '../../app/accounts/oidc-disable-provider.ts';
import { enableOidcProvider } from '../../app/accounts/oidc-enable-provider.ts';
import {
  type ConfiguredProvider,
  listConfiguredOidcProviders,
} from '../../app/accounts/oidc-list-configured-providers.ts';
import { print, printJson, run, unwrap, withDeps } from '../run.ts';

const COLUMNS = ['id', 'agency', 'issuer', 'client id', 'enabled', 'created'] as const;

/** The providers as a plain-text table, one line each (no secret is in the input). */
export function providerTable(items: readonly ConfiguredProvider[]): string[] {
  const rows = items.map((p) => [
    p.id,
    p.agencyId ?? 'any',
    p.issuer,
    p.clientId,
    p.enabled ? 'yes' : 'no',
    `${p.createdAt.slice(0, 19).replace('T', ' ')}Z`,
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS), ...rows.map(line)];
}

export function registerOidcCommands(program: Command) {
  const oidc = program.command('oidc').description('single sign-on through agency identity providers');
  const dataDir = () => program.opts().dataDir as string | undefined;

  oidc
    .command('add-provider')
    .description(
      'add an identity provider; register <public URL>/api/v1/oidc/<id>/callback as its redirect URI. ' +
        'It only authenticates: accounts and roles stay in Delegate.',
    )
    .requiredOption('--id <id>', 'short id in URLs: lower-case letters, digits, hyphens')
    .requiredOption('--name <name>', 'shown on the sign-in page')
    .requiredOption('--issuer <url>', 'the issuer (https; its /.well-known/openid-configuration is read)')
    .requiredOption('--client-id <id>')
    .requiredOption(
      '--secret <ref>',
      'where the client secret is: env:VARIABLE_NAME (never the secret itself)',
    )
    .option('--agency <agencyId>', 'only accounts of this agency may use the provider')
    .option('--email-domain <domains>', 'comma-separated domains whose verified emails bind on first use', '')
    .action(
      async (opts: {
        id: string;
        name: string;
        issuer: string;
        clientId: string;
        secret: string;
        agency?: string;
        emailDomain: string;
      }) => {
        await withDeps({ dataDir: dataDir(), holder: 'delegate oidc add-provider' }, async (deps) =>
          unwrap(
            await addOidcProvider(deps, run.actor(), {
              providerId: opts.id,
              displayName: opts.name,
              issuer: opts.issuer,
              clientId: opts.clientId,
              clientSecretRef: opts.secret,
              agencyId: opts.agency ?? null,
              emailDomains: opts.emailDomain.split(','),
            }),
          ),
        );
        print(`identity provider added: ${opts.id} (${opts.issuer})`);
      },
    );

  oidc
    .command('list')
    .description(
      'list the identity providers: id, agency, issuer, client id, enabled, created (never the secret)',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { items } = await withDeps({ dataDir: dataDir(), holder: 'delegate oidc list' }, async (deps) =>
        unwrap(await listConfiguredOidcProviders(deps, run.actor())),
      );
      if (opts.json) printJson(items);
      else if (!items.length) print('no identity providers');
      else for (const l of providerTable(items)) print(l);
    });

  oidc
    .command('disable <id>')
    .description(
      'disable a provider: its sign-in button goes, its callbacks are refused, and the open sessions ' +
        'and pending sign-ins of the accounts bound to it end',
    )
    .action(async (id: string) => {
      const r = await withDeps({ dataDir: dataDir(), holder: 'delegate oidc disable' }, async (deps) =>
        unwrap(await disableOidcProvider(deps, run.actor(), { providerId: id })),
      );
      print(
        `identity provider disabled: ${r.providerId} (${r.accounts} bound accounts, ` +
          `${r.sessionsEnded} sessions and ${r.pendingSignInsEnded} pending sign-ins ended)`,
      );
    });

  oidc
    .command('enable <id>')
    .description('enable a disabled provider again')
    .action(async (id: string) => {
      const r = await withDeps({ dataDir: dataDir(), holder: 'delegate oidc enable' }, async (deps) =>
        unwrap(await enableOidcProvider(deps, run.actor(), { providerId: id })),
      );
      print(`identity provider enabled: ${r.providerId}`);
    });
}
