/** What time it is. Injected everywhere time matters, so that tests can move it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
