import { TestDnsServer, type Zone } from './dns-server.ts';
import { SmtpSink, type SinkBehaviour } from './smtp-sink.ts';

export interface MxHostSpec {
  name: string;
  /** A loopback address of its own, 127.0.0.2 and up. */
  ip: string;
  behaviour?: SinkBehaviour;
}

/**
 * A small mail network on loopback: MX hosts as real SMTP sinks, each on its own
 * 127.x address and all on one port, and a DNS server that points domains at them.
 */
export class MxNetwork {
  readonly sinks = new Map<string, SmtpSink>();
  readonly dns: TestDnsServer;
  port = 0;

  constructor(
    private readonly hosts: MxHostSpec[],
    zone: Zone,
  ) {
    const a = { ...(zone.a ?? {}) };
    for (const host of hosts) a[host.name] = [host.ip];
    this.dns = new TestDnsServer({ mx: zone.mx, a });
  }

  async start(): Promise<void> {
    await this.dns.listen();
    for (const host of this.hosts) {
      const sink = new SmtpSink(host.behaviour);
      this.port = await sink.listen(this.port, host.ip);
      this.sinks.set(host.name, sink);
    }
  }

  /** Settings that aim the engine's MX delivery at this network. */
  settings(): Record<string, unknown> {
    return { 'delivery.mode': 'mx', 'delivery.dnsServers': `127.0.0.1:${this.dns.port}`, 'delivery.mxPort': this.port };
  }

  messages() {
    return [...this.sinks.values()].flatMap((s) => s.messages);
  }

  async close(): Promise<void> {
    await Promise.all([...this.sinks.values()].map((s) => s.close()));
    await this.dns.close();
  }
}
