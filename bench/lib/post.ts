import nodemailer from 'nodemailer';

/** Send one message to the engine's SMTP port on loopback and wait for its 250. */
export async function sendPost(port: number, from: string, to: string, raw: Buffer): Promise<void> {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, pool: false });
  try {
    await client.sendMail({ envelope: { from, to: [to] }, raw });
  } finally {
    client.close();
  }
}
