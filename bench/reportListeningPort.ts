/**
 * Preloaded (`node --require`) into the bot processes that `npm run bench:broadcast` starts, which
 * listen on PORT=0 and, at LOG_LEVEL=warn, do not log where: it tells the bench over the IPC channel
 * which port the HTTP server got, and shuts the bot down (SIGTERM, its normal shutdown) when the
 * bench goes away however it ends, so no bot outlives it. It changes nothing else in the bot.
 */
import * as net from 'node:net';

type Listen = (this: net.Server, ...args: unknown[]) => net.Server;
const listen = net.Server.prototype.listen as Listen;
const reporting: Listen = function (...args) {
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object' && process.connected) {
      process.send?.({ listening: address.port });
    }
  });
  return listen.apply(this, args);
};
net.Server.prototype.listen = reporting as unknown as net.Server['listen'];

if (process.send) {
  process.channel?.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
