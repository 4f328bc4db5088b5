import { sanitizeDiagnostics } from '../../../src/services/privacy/diagnostics';

const count = (removed: { type: string; count: number }[], type: string): number => removed.find((r) => r.type === type)?.count ?? 0;

describe('sanitizeDiagnostics (P5)', () => {
  it('keeps a Windows systeminfo report intact apart from the owner email and the global IPv6 address', () => {
    const report = [
      'Host Name:                 DESKTOP-7Q2K9LM',
      'OS Name:                   Microsoft Windows 11 Pro',
      'OS Version:                10.0.22631 N/A Build 22631',
      'System Model:              XPS 13 9310',
      'Registered Owner:          jane@example.com',
      'Hotfix(s):                 KB5034441',
      '                           [01]: Intel(R) Wi-Fi 6 AX201 160MHz',
      '                                 DHCP Server:     192.168.1.1',
      '                                 [01]: 192.168.1.34',
      '                                 [02]: fe80::1c2b:3ff:fe4a:1e2f',
      '                                 [03]: 2a02:c7f:1234:5600:1c2b:3ff:fe4a:1e2f',
      'Physical Address: 00-1A-2B-3C-4D-5E',
    ].join('\n');
    const r = sanitizeDiagnostics(report);
    const expected = report.replace('jane@example.com', '[EMAIL]').replace('2a02:c7f:1234:5600:1c2b:3ff:fe4a:1e2f', '[IP]');
    expect(r.text).toBe(expected);
    expect(r.removed).toEqual([
      { type: 'email', count: 1 },
      { type: 'ip_address', count: 1 },
    ]);
  });

  it('strips visited sites and secrets from a router log but keeps MACs, LAN addresses and the events', () => {
    const log = [
      '2024-03-01 10:22:33 [DHCP] lease 192.168.1.23 to 3C:22:FB:91:0A:7E',
      '2024-03-01 10:22:35 [DNS] query www.facebook.com from 192.168.1.23',
      '2024-03-01 10:22:36 [DNS] query mail.google.com from 192.168.1.23',
      '2024-03-01 10:23:05 [ADMIN] login admin password=Sup3rSecret! from 192.168.1.23',
      'wpa_passphrase=MyHomeWifi2024',
      '2024-03-01 10:24:00 [WAN] connected, IP 81.2.69.160, error 0x80070005',
    ].join('\n');
    const r = sanitizeDiagnostics(log);
    expect(r.text).toBe(
      [
        '2024-03-01 10:22:33 [DHCP] lease 192.168.1.23 to 3C:22:FB:91:0A:7E',
        '2024-03-01 10:22:35 [DNS] query [URL] from 192.168.1.23',
        '2024-03-01 10:22:36 [DNS] query [URL] from 192.168.1.23',
        '2024-03-01 10:23:05 [ADMIN] login admin password=[removed] from 192.168.1.23',
        'wpa_passphrase=[removed]',
        '2024-03-01 10:24:00 [WAN] connected, IP [IP], error 0x80070005',
      ].join('\n'),
    );
    expect(count(r.removed, 'password')).toBe(2);
    expect(count(r.removed, 'url')).toBe(2);
  });

  it('drops every line of a browsing-history section and history-like lines elsewhere', () => {
    const dump = [
      'Browsing history:',
      'https://www.bank.example.com/login  2024-03-01 09:00',
      'news.example.org/politics/article-123',
      'reddit.com',
      '',
      'Chrome version 122.0.6261.112',
      'Visited: https://health.example.net/symptoms at 08:12',
    ].join('\n');
    const r = sanitizeDiagnostics(dump);
    expect(r.text).toBe(['Browsing history:', '', 'Chrome version 122.0.6261.112', ''].join('\n'));
    expect(count(r.removed, 'browsing_history')).toBe(4);
  });

  it('removes mail subjects, bodies, quoted text and recipient addresses from a mail log', () => {
    const log = [
      '[2024-03-01 08:00:01] IMAP sync start for jane@example.com',
      'From: Bob Smith <bob@example.org>',
      'To: jane@example.com',
      'Subject: Our trip and the alarm code',
      'Date: Fri, 1 Mar 2024 07:59:00',
      '',
      'Hi Jane, the alarm code is 4482 and I will be there at 6.',
      'See you!',
      '',
      '> earlier quoted text',
      '[2024-03-01 08:00:03] IMAP error 0x800CCC0E on server imap.example.com:993',
    ].join('\n');
    const r = sanitizeDiagnostics(log);
    expect(r.text).toBe(
      [
        '[2024-03-01 08:00:01] IMAP sync start for [EMAIL]',
        'From: [EMAIL]',
        'To: [EMAIL]',
        'Subject: [removed]',
        'Date: Fri, 1 Mar 2024 07:59:00',
        '',
        '',
        '[2024-03-01 08:00:03] IMAP error 0x800CCC0E on server imap.example.com:993',
      ].join('\n'),
    );
    expect(r.text).not.toContain('Bob Smith');
    expect(r.text).not.toContain('4482');
    expect(count(r.removed, 'email')).toBe(3);
    expect(count(r.removed, 'message_body')).toBe(4);
  });

  it('removes the value after a Body: header and the lines that continue it', () => {
    const r = sanitizeDiagnostics('Outlook 16.0.17328 send failed\nBody: see you at 5, love M\ncontinued text\n\nerror 0x800CCC0E');
    expect(r.text).toBe('Outlook 16.0.17328 send failed\nBody: [removed]\n\nerror 0x800CCC0E');
    expect(count(r.removed, 'message_body')).toBe(2);
  });

  it('keeps a Windows event "Message:" line, which is not mail, when there are no mail headers', () => {
    const text = 'Event ID: 41\nSource: Kernel-Power\nMessage: The system has rebooted without cleanly shutting down first.';
    expect(sanitizeDiagnostics(text).text).toBe(text);
  });

  it('removes a card number and API key pasted into a log, and preserves CRLF line endings', () => {
    const r = sanitizeDiagnostics('payment 4111 1111 1111 1111 failed\r\nkey=sk-proj-4fT9xQ2mZ7vB1nL8kR3sW6yH0cJ5dA\r\ndone');
    expect(r.text).toBe('payment [removed] failed\r\nkey=[removed]\r\ndone');
    expect(r.removed).toEqual([
      { type: 'credit_card', count: 1 },
      { type: 'api_key', count: 1 },
    ]);
  });
});
