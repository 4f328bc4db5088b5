import {
  AuthenticationConstants,
  ConnectorFactory,
  type BotFrameworkAuthentication,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { LruMap } from '../services/lru-map';

/** How many clients are kept: one per bot app id, channel service URL and audience in use. */
const MAX_CLIENTS = 64;

/**
 * CloudAdapter builds a new ConnectorClient and UserTokenClient, each with its own HTTP pipeline
 * and credentials, for every turn and every proactive message: about a twentieth of a turn's CPU.
 * They hold nothing of the turn (only the bot's credentials and the channel's address), so one
 * client per app id, service URL and audience serves every turn, and keeps its access token
 * between turns instead of starting without one. Authentication of each request is unchanged.
 */
export function cacheClients(auth: BotFrameworkAuthentication): void {
  const connectors = new BoundedCache<ConnectorClient>(MAX_CLIENTS);
  const tokenClients = new BoundedCache<UserTokenClient>(MAX_CLIENTS);
  const caching = (inner: ConnectorFactory, claims: ClaimsIdentity) => new CachingConnectorFactory(inner, appIdOf(claims), connectors);

  const authenticateRequest = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: caching(result.connectorFactory, result.claimsIdentity) } : result;
  };
  const createConnectorFactory = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (claims) => caching(createConnectorFactory(claims), claims);
  const createUserTokenClient = auth.createUserTokenClient.bind(auth);
  auth.createUserTokenClient = (claims) => tokenClients.get(appIdOf(claims), () => createUserTokenClient(claims));
}

class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: BoundedCache<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(`${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () => this.inner.create(serviceUrl, audience));
  }
}

/** The app id the SDK builds clients for: the audience claim of a channel's token, else the appid claim (the emulator's). */
function appIdOf(claims: ClaimsIdentity): string {
  return claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/**
 * Made values by key, the least recently used dropped first beyond `max`: without a bot app id
 * the service URL is whatever the caller sent, so the number of keys has to be bounded. A failed
 * making is not kept.
 */
export class BoundedCache<T> {
  private readonly made: LruMap<string, Promise<T>>;

  constructor(max: number) {
    this.made = new LruMap(max);
  }

  get(key: string, make: () => Promise<T>): Promise<T> {
    const known = this.made.get(key);
    if (known) return known;
    const value = make();
    value.catch(() => this.made.get(key) === value && this.made.delete(key));
    this.made.set(key, value);
    return value;
  }

  get size(): number {
    return this.made.size;
  }
}
