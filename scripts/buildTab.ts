/**
 * `node dist/scripts/buildTab.js [outDir]` (part of `npm run build`): bundles the personal tab's
 * front end (tab/) with esbuild into dist/tab/: index.html, app.js (+ a lazily loaded MSAL chunk),
 * app.css and their source maps. The bot serves that folder under /tab/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

/** The repository root, whether this runs from scripts/ (ts-jest) or dist/scripts/ (compiled). */
const ROOT = fs.existsSync(path.resolve(__dirname, '../package.json'))
  ? path.resolve(__dirname, '..')
  : path.resolve(__dirname, '../..');

export const TAB_SOURCE_DIR = path.join(ROOT, 'tab');
export const DEFAULT_TAB_OUT_DIR = path.join(ROOT, 'dist', 'tab');

/** Browsers Teams supports (Edge/Chrome-based desktop and web, Safari on iOS). */
const TARGETS = ['chrome109', 'edge109', 'safari16', 'firefox115'];

/** Builds the tab into `outDir` (emptied first) and returns the files written, relative to it. */
export async function buildTab(outDir: string = DEFAULT_TAB_OUT_DIR): Promise<string[]> {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true,
    minify: true,
    sourcemap: true,
    target: TARGETS,
    outdir: outDir,
    logLevel: 'silent',
  } as const;
  await build({
    ...common,
    entryPoints: { app: path.join(TAB_SOURCE_DIR, 'src', 'main.ts') },
    format: 'esm',
    // MSAL (for Nested App Authentication) is imported dynamically and lands in its own chunk.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: path.join(TAB_SOURCE_DIR, 'tsconfig.json'),
  });
  await build({ ...common, entryPoints: { app: path.join(TAB_SOURCE_DIR, 'styles', 'app.css') } });
  fs.copyFileSync(path.join(TAB_SOURCE_DIR, 'index.html'), path.join(outDir, 'index.html'));
  return fs.readdirSync(outDir).sort();
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? DEFAULT_TAB_OUT_DIR);
  buildTab(outDir)
    .then((files) =>
      console.log(`Built the tab into ${path.relative(process.cwd(), outDir) || '.'}: ${files.join(', ')}`),
    )
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
