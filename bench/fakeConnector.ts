import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingConnector {
  readonly url: string;
  count(): number;
  close(): void;
}

/** A Bot Connector on loopback that accepts every reply with a fresh id and counts them. */
export async function startConnector(): Promise<CountingConnector> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${received}` }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    count: () => received,
    close: () => server.close(),
  };
}
