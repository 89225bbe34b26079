import * as fs from 'node:fs';
import * as path from 'node:path';

/** Parses a `.env` file: KEY=value lines, `#` comments, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2].trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    values[match[1]] = value;
  }
  return values;
}

/**
 * Teams Toolkit layout: `env/.env.<name>` holds settings, `env/.env.<name>.user` (git-ignored) the
 * secrets. Variables already in the environment win over both files.
 */
export function loadEnvFiles(
  directory: string,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const loaded: string[] = [];
  const fromFiles: Record<string, string> = {};
  for (const file of [`.env.${name}`, `.env.${name}.user`]) {
    const fullPath = path.join(directory, file);
    if (!fs.existsSync(fullPath)) continue;
    Object.assign(fromFiles, parseEnvFile(fs.readFileSync(fullPath, 'utf8')));
    loaded.push(fullPath);
  }
  for (const [key, value] of Object.entries(fromFiles)) {
    if (env[key] === undefined) env[key] = value;
  }
  return loaded;
}
