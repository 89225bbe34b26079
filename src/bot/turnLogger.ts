import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

const TURN_LOGGER = Symbol('turnLogger');

/** Gives this turn its own logger, whose every line carries the turn's correlation id. */
export function setTurnLogger(context: TurnContext, logger: () => Logger): void {
  context.turnState.set(TURN_LOGGER, logger);
}

/** The turn's logger, or `fallback` for a turn that was not given one (tests). */
export function turnLogger(context: TurnContext, fallback: Logger): Logger {
  const logger = context.turnState.get(TURN_LOGGER) as (() => Logger) | undefined;
  return logger ? logger() : fallback;
}
