import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildService, startBotProcess } from '../helpers/botProcess';

/** SIGTERM stops the service in bounded time, whatever a client is doing. */
describe('Shutdown', () => {
  beforeAll(() => buildService(), 60_000);

  it('exits within the grace period while a request is only half sent', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shutdown-'));
    const bot = await startBotProcess({ DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: '800' });
    const { port } = new URL(bot.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.on('error', () => undefined);
    socket.write(
      'POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const exited = new Promise<number | null>((resolve) => bot.child.once('exit', (code) => resolve(code)));
    bot.child.kill('SIGTERM');
    const code = await exited;
    expect(code).toBe(0);
    expect(performance.now() - started).toBeLessThan(3000);
    socket.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);
});
