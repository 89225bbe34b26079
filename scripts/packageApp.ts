/**
 * `npm run package [-- <env name>]`: fills appPackage/manifest.json from env/.env.<name> (+ .user)
 * (the tab's domain from TAB_DOMAIN, else from PUBLIC_BASE_URL),
 * validates it against the bundled Teams manifest schema, and writes appPackage/build/appPackage.<name>.zip.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest/build/generated-types';
import JSZip from 'jszip';
import { loadEnvFiles } from '../src/envFiles';

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const HOST_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export class PackageError extends Error {}

/**
 * The host name the personal tab is served from: TAB_DOMAIN, else the host of PUBLIC_BASE_URL (the
 * bot serves the tab itself). Teams loads tabs over https only, and the domain must be a bare host.
 */
export function tabDomain(values: Record<string, string | undefined>): string {
  const configured = values.TAB_DOMAIN?.trim();
  if (configured) {
    if (!HOST_NAME.test(configured))
      throw new PackageError(
        `TAB_DOMAIN must be a host name only, such as onboarding.contoso.com (no https://, path or port); got "${configured}"`,
      );
    return configured.toLowerCase();
  }
  const publicBaseUrl = values.PUBLIC_BASE_URL?.trim();
  if (!publicBaseUrl)
    throw new PackageError(
      'TAB_DOMAIN is not set: set TAB_DOMAIN (the public host name the bot serves /tab/ from, e.g. onboarding.contoso.com) ' +
        'or PUBLIC_BASE_URL in env/',
    );
  let url: URL;
  try {
    url = new URL(publicBaseUrl);
  } catch {
    throw new PackageError(
      `PUBLIC_BASE_URL is not a URL ("${publicBaseUrl}"); set TAB_DOMAIN in env/ instead`,
    );
  }
  if (url.protocol !== 'https:' || url.port !== '' || !HOST_NAME.test(url.hostname))
    throw new PackageError(
      `TAB_DOMAIN is not set and PUBLIC_BASE_URL ("${publicBaseUrl}") is not an https address on the default port, ` +
        'which Teams needs for a tab: set TAB_DOMAIN in env/',
    );
  return url.hostname.toLowerCase();
}

/** Replaces every `${{NAME}}` with its value; names every placeholder left without one. */
export function fillManifest(template: string, values: Record<string, string | undefined>): unknown {
  const missing = new Set<string>();
  const filled = template.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') {
      missing.add(name);
      return '';
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0)
    throw new PackageError(`Missing values for ${[...missing].join(', ')} (set them in env/)`);
  return JSON.parse(filled) as unknown;
}

export async function validateManifest(manifest: unknown): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(
    manifest as Parameters<typeof AppManifestUtils.validateAgainstSchema>[0],
  );
}

export async function buildAppPackage(
  appPackageDir: string,
  values: Record<string, string | undefined>,
  outFile: string,
): Promise<string[]> {
  if (!values.BOT_ID || !GUID.test(values.BOT_ID)) {
    throw new PackageError(
      `BOT_ID must be the Azure Bot's Microsoft App ID (a GUID); got "${values.BOT_ID ?? ''}"`,
    );
  }
  const manifest = fillManifest(fs.readFileSync(path.join(appPackageDir, 'manifest.json'), 'utf8'), {
    ...values,
    TEAMS_APP_ID: values.TEAMS_APP_ID || values.BOT_ID,
    TAB_DOMAIN: tabDomain(values),
    // The Entra app whose `access_as_user` scope the tab's SSO token is for (the server's default too).
    TAB_CLIENT_ID: values.TAB_CLIENT_ID || values.BOT_ID,
  });
  const errors = await validateManifest(manifest);
  if (errors.length > 0)
    throw new PackageError(`The manifest does not match its schema:\n  ${errors.join('\n  ')}`);
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  for (const icon of ['color.png', 'outline.png'])
    zip.file(icon, fs.readFileSync(path.join(appPackageDir, icon)));
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return Object.keys(zip.files);
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const envName = process.argv[2] ?? process.env.APP_ENV ?? 'local';
  loadEnvFiles(path.join(root, 'env'), envName);
  const outFile = path.join(root, 'appPackage', 'build', `appPackage.${envName}.zip`);
  const files = await buildAppPackage(path.join(root, 'appPackage'), process.env, outFile);
  console.log(`Wrote ${path.relative(root, outFile)} (${files.join(', ')})`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof PackageError ? `Cannot package: ${error.message}` : error);
    process.exit(1);
  });
}
