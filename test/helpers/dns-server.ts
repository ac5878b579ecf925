import dns2 from 'dns2';

const { Packet } = dns2;

/** A zone for the test DNS server: names (lowercase, no trailing dot) to their records. */
export interface Zone {
  mx?: Record<string, { exchange: string; priority: number }[]>;
  a?: Record<string, string[]>;
}

/**
 * A real DNS server on 127.0.0.1 (UDP) that answers MX and A queries from a zone, and
 * NXDOMAIN for names it does not know, so delivery can resolve test domains to MX
 * hosts on loopback addresses.
 */
export class TestDnsServer {
  readonly #server: ReturnType<typeof dns2.createServer>;
  port = 0;

  constructor(private readonly zone: Zone) {
    this.#server = dns2.createServer({
      udp: true,
      handle: (request, send) => {
        const response = Packet.createResponseFromRequest(request);
        const question = request.questions[0];
        if (!question) return send(response);
        const name = question.name.toLowerCase().replace(/\.$/, '');
        const known = this.zone.mx?.[name] !== undefined || this.zone.a?.[name] !== undefined;
        if (!known) {
          response.header.rcode = 3; // NXDOMAIN
          return send(response);
        }
        if (question.type === Packet.TYPE.MX) {
          for (const mx of this.zone.mx?.[name] ?? []) {
            response.answers.push({ name, type: Packet.TYPE.MX, class: Packet.CLASS.IN, ttl: 300, exchange: mx.exchange, priority: mx.priority } as never);
          }
        } else if (question.type === Packet.TYPE.A) {
          for (const address of this.zone.a?.[name] ?? []) {
            response.answers.push({ name, type: Packet.TYPE.A, class: Packet.CLASS.IN, ttl: 300, address } as never);
          }
        }
        send(response);
      },
    });
  }

  async listen(): Promise<number> {
    const addresses = (await this.#server.listen({ udp: { port: 0, address: '127.0.0.1' } })) as unknown as {
      udp: { port: number };
    };
    this.port = addresses.udp.port;
    return this.port;
  }

  close(): Promise<void> {
    return this.#server.close() as unknown as Promise<void>;
  }
}
