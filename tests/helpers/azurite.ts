/** One Azurite launcher for the tests and the benches: see `devTools/azurite.ts`. */
export { startAzurite, type RunningAzurite } from '../../devTools/azurite';
