// Public IP addresses and URLs. Private LAN addresses, loopback, netmasks and well-known
// resolvers are technical data a technician needs, so only subscriber-identifying addresses count.
import { isPersonalIPv4, isPersonalIPv6 } from './checks';
import { before, spansOf, trimValueEnd } from './scan';
import type { Span } from './types';

const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)/g;
// A dotted quad right after one of these is a version number ("firmware 2.1.3.4").
const VERSION_BEFORE = /(?:version|ver\.?|firmware|fw|build|driver|bios|release|update|rev(?:ision)?|v|kernel|os|ios|macos|android|windows|app|software|patch)\s*(?:is\s+|:\s*|=\s*|#\s*)?$/i;
const IPV6 = /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{1,4})?(?::[0-9A-Fa-f]{0,4}){2,7}(?:%[\w.-]{1,20})?(?![0-9A-Za-z:])/g;
const MAC_SHAPE = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$/;

export function detectIps(text: string): Span[] {
  return [
    ...spansOf(IPV4, text, 'ip_address', (v, s) => isPersonalIPv4(v) && !VERSION_BEFORE.test(before(text, s, 20))),
    ...spansOf(IPV6, text, 'ip_address', (v) => !MAC_SHAPE.test(v) && isPersonalIPv6(v)),
  ];
}

const SCHEME_URL = /(?<![\p{L}\p{N}@.+-])(?:(?:https?|ftps?|sftp|file|smb|wss?|rtsp|ssh):\/\/|www\.)[^\s<>"'`{}|\\^]{1,2048}/giu;
// A bare domain only counts as a URL with a path ("support.hp.com/drivers"); "outlook.com" alone is a product name.
const BARE_URL =
  /(?<![\p{L}\p{N}@.\/_-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,6}(?:com|net|org|edu|gov|io|co|uk|us|de|fr|info|biz|me|app|dev|ly|tv|ca|au|nl|es|it|ru|jp|cn|in|br|ch|se|no|pl|eu|xyz|site|online|shop|ai)(?::\d{1,5})?\/[^\s<>"'`{}|\\^]{0,2048}/giu;

// Links to a device on the user's own network (router admin page, NAS share) are technical.
const LOCAL_HOST = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^\s/@]*@)?(?:localhost|(?:10|127)\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|\[?fe80:[^\]/]*\]?|[\w-]+\.(?:local|lan|home\.arpa))(?=[:/?#]|$)/i;

export function detectUrls(text: string): Span[] {
  const trim = (_v: string, s: number, e: number): [number, number] | false => {
    const end = trimValueEnd(text, s, e);
    return !LOCAL_HOST.test(text.slice(s, end)) && [s, end];
  };
  return [...spansOf(SCHEME_URL, text, 'url', trim), ...spansOf(BARE_URL, text, 'url', trim)];
}
