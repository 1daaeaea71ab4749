// What a shop's page runs to start GrowthBook's JavaScript SDK (feature flags and experiments).
import { GrowthBook } from '@growthbook/growthbook';
const gb = new GrowthBook({ apiHost: 'https://cdn.growthbook.io', clientKey: 'sdk-bench' });
gb.init({ streaming: true });
window.growthbook = gb;
