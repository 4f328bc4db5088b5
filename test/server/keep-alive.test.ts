import http from 'node:http';
import net from 'node:net';
import type { CloudAdapter } from 'botbuilder';
import pino from 'pino';
import type restify from 'restify';
import { createServer } from '../../src/server/server';
import { ForwardingStore } from '../../src/services/storage/forwarding-store';
import { memoryStore } from '../support/memory-store';

/** A store whose health check takes `healthMs`, so a request to /health is still running when the test wants it to be. */
class SlowHealthStore extends ForwardingStore {
  healthMs = 0;
  override async health(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.healthMs));
    return super.health();
  }
}

let server: restify.Server;
let store: SlowHealthStore;
let port: number;

beforeEach(async () => {
  store = new SlowHealthStore(memoryStore().store);
  server = createServer({ adapter: {} as CloudAdapter, botLogic: async () => undefined, store, logger: pino({ level: 'silent' }) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as { port: number }).port;
});

afterEach(async () => {
  server.server.closeAllConnections();
  if (server.server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
});

const HEALTH = 'GET /health HTTP/1.1\r\nHost: helpline\r\nConnection: keep-alive\r\n\r\n';

/** Sends `request` on `socket` and resolves with the head of the answer (status line and headers). */
function ask(socket: net.Socket, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const onData = (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      const end = answer.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData).off('end', onEnd);
      resolve(answer.slice(0, end));
    };
    const onEnd = () => reject(new Error('the server closed the connection without an answer'));
    socket.on('data', onData).once('end', onEnd);
    socket.write(request);
  });
}

describe('keep-alive connections', () => {
  // A client or proxy that pauses longer than Node's default keep-alive timeout (5 s, closed after
  // 6 s) and then sends its next message on the same connection must not meet a closing socket.
  it('a connection idle longer than Node\'s default keep-alive timeout still takes the next request, and the server says how long it keeps one', async () => {
    const socket = net.connect(port, '127.0.0.1');
    let closedByServer = false;
    socket.once('end', () => (closedByServer = true));
    const first = await ask(socket, HEALTH);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(first).toMatch(/^keep-alive: timeout=65$/im);

    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect(closedByServer).toBe(false);
    expect(await ask(socket, HEALTH)).toMatch(/^HTTP\/1\.1 200/);
    socket.destroy();
  }, 20_000);

  it('closing does not wait the keep-alive timeout for a connection that was busy: its answer says "Connection: close"', async () => {
    store.healthMs = 300;
    const agent = new http.Agent({ keepAlive: true });
    const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/health', agent }, (res) => resolve(res.resume())).on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the request is running
    const closed = new Promise<'closed'>((resolve) => server.close(() => resolve('closed')));
    const response = await answered;
    expect(response.statusCode).toBe(200);
    expect(response.headers.connection).toBe('close');
    // Kept alive, the connection would hold close() for 65 s; it ends with its answer instead.
    const giveUp = new Promise((resolve) => setTimeout(() => resolve('still open after 10 s'), 10_000).unref());
    expect(await Promise.race([closed, giveUp])).toBe('closed');
    agent.destroy();
  }, 20_000);
});
