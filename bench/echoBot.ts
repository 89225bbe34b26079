/**
 * The benchmark's floor: a bare botbuilder echo bot on the same stack (restify, CloudAdapter, local
 * mode). Whatever our bot costs above this is understanding, cards and state.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import * as restify from 'restify';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`You said: ${context.activity.text}`);
  await next();
});

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT ?? 3979), '127.0.0.1', () => console.log('echo bot ready'));
// Exits through process.exit, so that a CPU profile (BENCH_PROFILE) is written.
process.on('SIGTERM', () => process.exit(0));
