/**
 * `npm run package [-- <env name>]`: fills appPackage/manifest.json from env/.env.<name> (+ .user),
 * validates it against the bundled Teams manifest schema, and writes appPackage/build/appPackage.<name>.zip.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest/build/generated-types';
import JSZip from 'jszip';
import { loadEnvFiles } from '../src/envFiles';

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

export class PackageError extends Error {}

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
