export { Router, ROUTER_THRESHOLDS, type Classification } from './router';
export { classifyLines } from './classify-lines';
export { loadNluContent, NluContentError, type NluContent } from './content';
export { INTENTS, DEVICES, type Intent, type Device } from './labels';
