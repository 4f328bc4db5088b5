export const DEV_PASSWORD = 'dev password for tests';

/**
 * Seeds the development technician 'admin' (password DEV_PASSWORD) in the test bots started within the
 * calling describe block: the app reads the password from the environment when it starts.
 */
export function withDevTechnician(): void {
  beforeAll(() => {
    process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD = DEV_PASSWORD;
  });
  afterAll(() => {
    delete process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD;
  });
}

/** A technician using the API the way the console does (bearer token instead of the cookie). */
export class TechnicianClient {
  token = '';
  constructor(public url: string) {}

  async call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${this.url}/api/technician${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async login(): Promise<this> {
    const res = await this.call('POST', '/login', { username: 'admin', password: DEV_PASSWORD });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(res.body)}`);
    this.token = res.body.token;
    return this;
  }

  /** The tickets waiting for a technician, as the console lists them. */
  async waiting(): Promise<{ id: string; summary: string; priority: string; followUp: string | null }[]> {
    return (await this.call('GET', '/handoffs?status=waiting')).body.handoffs;
  }
}

/** The development technician signed in to a test bot (which counts them online from then on). */
export function signIn(bot: { url: string }): Promise<TechnicianClient> {
  return new TechnicianClient(bot.url).login();
}
