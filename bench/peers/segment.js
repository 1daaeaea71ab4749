// What a shop's page runs to start Segment's browser SDK (analytics-next).
import { AnalyticsBrowser } from '@segment/analytics-next';
window.analytics = AnalyticsBrowser.load({ writeKey: 'bench' });
