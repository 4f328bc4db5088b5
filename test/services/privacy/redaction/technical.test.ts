import { redactAll, redactSecrets } from '../../../../src/services/privacy/redaction';

// Technical details a technician needs: none of these may be touched by either function.
const TECHNICAL_LINES = [
  'Echo Dot 4th gen shows an orange ring',
  'HP LaserJet Pro M404n error 49.4C02',
  'iPhone 14 on iOS 17.4.1, Galaxy S23 on Android 14',
  'Windows Update fails with 0x80070005 on Windows 11 23H2',
  'blue screen 0xc000021a after KB5034441',
  'printer shows E-04',
  'macOS 14.2 on a MacBook Air M2',
  'firmware 2.1.3.4 on the router',
  'firmware version 5.12.0.7, Chrome 122.0.6261.112',
  'MAC 00:1A:2B:3C:4D:5E and 3C-22-FB-91-0A-7E',
  'LAN 192.168.1.23, 10.0.0.1, 172.16.4.20, 127.0.0.1',
  'IMEI 356938035643809, serial C02XK1JHJG5H',
  'it costs $49.99 and 20% off',
  'since last Tuesday, 2024-03-01 at 10:30',
  'build 10.0.19045.3803, event ID 41',
  'error code 1603 during install of version 4.2.1',
  'Device Manager shows Code 43',
  'fe80::1c2b:3ff:fe4a:1e2f is link-local',
  'order number 1234567890123 is pending',
  'Windows 10 runs way too slow',
];

describe('technical data survives redaction', () => {
  it.each(TECHNICAL_LINES)('%j is unchanged', (text) => {
    expect(redactSecrets(text).text).toBe(text);
    expect(redactAll(text).text).toBe(text);
    expect(redactAll(text).found).toEqual([]);
  });

  it('keeps the technical parts of a message around the data it removes', () => {
    const r = redactAll('Hi, I am Grace (grace@example.com), card 4111-1111-1111-1111 was charged $59.99 for my Echo Dot 4th gen, error 0x80070005');
    expect(r.text).toBe('Hi, I am [NAME] ([EMAIL]), card [removed] was charged $59.99 for my Echo Dot 4th gen, error 0x80070005');
  });
});
