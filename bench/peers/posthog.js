// What a shop's page runs to start PostHog's browser SDK.
import posthog from 'posthog-js';
posthog.init('phc_bench', { api_host: 'https://eu.i.posthog.com' });
window.posthog = posthog;
