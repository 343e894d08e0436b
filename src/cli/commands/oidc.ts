/** `delegate oidc add-provider`: configures an agency's OpenID Connect identity provider. */
import type { Command } from 'commander';
import { addOidcProvider } from '../../app/accounts/oidc-add-provider.ts';
import { print, run, unwrap, withDeps } from '../run.ts';

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
}
