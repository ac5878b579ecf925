import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Where to connect for one destination, in the order to try. */
export interface Target {
  host: string;
  ip: string;
  port: number;
}

/** A look-up failure that says whether retrying later can help. */
export class ResolveError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

const permanentCodes = new Set(['ENOTFOUND', 'NXDOMAIN']);
const emptyCodes = new Set(['ENODATA', 'NODATA']);

/** Parse "host" or "host:port" or "[v6]:port", using `defaultPort` when none is given. */
export function parseHostPort(text: string, defaultPort: number): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : defaultPort };
  const colon = text.lastIndexOf(':');
  if (colon > 0 && text.indexOf(':') === colon) return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
  return { host: text, port: defaultPort };
}

/**
 * Resolves destination domains to SMTP targets per RFC 5321 5.1: MX records in
 * preference order, the domain's own A/AAAA records when it has no MX, and no
 * delivery at all for a null MX (RFC 7505). Answers are cached for five minutes.
 */
export class MxResolver {
  readonly #resolver = new Resolver({ timeout: 5000, tries: 2 });
  readonly #cache = new Map<string, { at: number; targets: Target[] | ResolveError }>();
  readonly #hostCache = new Map<string, { at: number; addresses: Promise<string[]> }>();
  /** Look-ups under way, so that callers asking for the same domain share one. */
  readonly #inFlight = new Map<string, Promise<Target[]>>();
  /** Look-ups waiting for a free slot. */
  readonly #waiting: (() => void)[] = [];
  #running = 0;
  static readonly cacheMs = 300_000;
  /**
   * Domains looked up at once. A fan-out to thousands of domains would otherwise send
   * thousands of UDP queries in one burst, and a resolver that drops some makes the
   * copies wait for the 5 s retry.
   */
  static readonly maxConcurrent = 32;

  constructor(
    dnsServers: string,
    private readonly port: number,
  ) {
    const servers = dnsServers
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (servers.length > 0) this.#resolver.setServers(servers);
  }

  async resolve(domain: string): Promise<Target[]> {
    const cached = this.#cache.get(domain);
    if (cached && Date.now() - cached.at < MxResolver.cacheMs) {
      if (cached.targets instanceof ResolveError) throw cached.targets;
      return cached.targets;
    }
    const running = this.#inFlight.get(domain);
    if (running) return running;
    const lookUp = this.#limited(() => this.#lookUp(domain)).then(
      (targets) => {
        this.#cache.set(domain, { at: Date.now(), targets });
        return targets;
      },
      (error: unknown) => {
        if (error instanceof ResolveError) this.#cache.set(domain, { at: Date.now(), targets: error });
        throw error;
      },
    );
    this.#inFlight.set(domain, lookUp);
    try {
      return await lookUp;
    } finally {
      this.#inFlight.delete(domain);
    }
  }

  async #limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= MxResolver.maxConcurrent) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running += 1;
    try {
      return await work();
    } finally {
      this.#running -= 1;
      this.#waiting.shift()?.();
    }
  }

  async #lookUp(domain: string): Promise<Target[]> {
    const literal = /^\[(.+)\]$/.exec(domain)?.[1];
    if (literal && isIP(literal.replace(/^ipv6:/i, ''))) {
      return [{ host: domain, ip: literal.replace(/^ipv6:/i, ''), port: this.port }];
    }
    let hosts: string[];
    try {
      const records = await this.#resolver.resolveMx(domain);
      if (records.length === 1 && (records[0]!.exchange === '' || records[0]!.exchange === '.')) {
        throw new ResolveError(`${domain} publishes a null MX: it accepts no mail`, true);
      }
      hosts = records.sort((a, b) => a.priority - b.priority).map((r) => r.exchange);
    } catch (error) {
      if (error instanceof ResolveError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (permanentCodes.has(code)) throw new ResolveError(`Host or domain name not found: ${domain}`, true);
      if (!emptyCodes.has(code)) throw new ResolveError(`MX look-up for ${domain} failed: ${code}`, false);
      hosts = [domain];
    }

    const targets: Target[] = [];
    let lastError = '';
    for (const host of hosts) {
      for (const ip of await this.#addresses(host).catch((e: Error) => ((lastError = e.message), []))) {
        targets.push({ host, ip, port: this.port });
      }
    }
    if (targets.length === 0) {
      const permanent = hosts.length === 1 && hosts[0] === domain && lastError.includes('not found');
      throw new ResolveError(`No address for the mail hosts of ${domain}${lastError ? `: ${lastError}` : ''}`, permanent);
    }
    return targets;
  }

  /** Addresses of an MX host, cached like the domains, because many domains share their MX hosts. */
  #addresses(host: string): Promise<string[]> {
    const key = host.toLowerCase();
    const cached = this.#hostCache.get(key);
    if (cached && Date.now() - cached.at < MxResolver.cacheMs) return cached.addresses;
    const addresses = this.#lookUpAddresses(host);
    this.#hostCache.set(key, { at: Date.now(), addresses });
    // A failed look-up is not kept, so the next domain with this host tries again.
    addresses.catch(() => this.#hostCache.delete(key));
    return addresses;
  }

  async #lookUpAddresses(host: string): Promise<string[]> {
    if (isIP(host)) return [host];
    const results = await Promise.allSettled([this.#resolver.resolve4(host), this.#resolver.resolve6(host)]);
    const ips = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    if (ips.length > 0) return ips;
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as NodeJS.ErrnoException).code : ''));
    if (codes.every((c) => c && (permanentCodes.has(c) || emptyCodes.has(c)))) {
      throw new Error(`${host} not found`);
    }
    throw new Error(`address look-up for ${host} failed: ${codes.join(',')}`);
  }
}
