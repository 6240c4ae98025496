import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  to: string
  /** The From and Reply-To headers as text ('' when absent), to check whose address a message carries. */
  from: string
  replyTo: string
  subject: string
  text: string
  /** The List-Unsubscribe and List-Unsubscribe-Post headers as sent ('' when absent). */
  listUnsubscribe: string
  listUnsubscribePost: string
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>
}

/** A real SMTP server on a free loopback port that keeps what it receives, for tests to read. */
export class MailCatcher {
  readonly messages: ReceivedMail[] = []
  private readonly server: SMTPServer
  private waiters: Array<() => void> = []

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text
            this.messages.push({
              to: to ?? '',
              from: parsed.from?.text ?? '',
              replyTo: parsed.replyTo?.text ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              listUnsubscribe: String(
                parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '',
              ),
              listUnsubscribePost: String(
                parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line ?? '',
              ),
              attachments: parsed.attachments.map((a) => ({
                filename: a.filename ?? '',
                contentType: a.contentType,
                content: a.content,
              })),
            })
            for (const wake of this.waiters.splice(0)) wake()
            callback()
          })
          .catch(callback)
      },
    })
    // A sender killed mid-message (a crash test's server) resets its connection: that client is gone, the catcher
    // keeps serving the others instead of failing the test process with ECONNRESET.
    this.server.on('error', () => undefined)
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    const { port } = this.server.server.address() as AddressInfo
    return `smtp://127.0.0.1:${port}`
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address))
  }

  /** The first link to this site in the newest message to `address`. */
  linkTo(address: string, pathPrefix: string): string {
    const mail = this.to(address).at(-1)
    const match = mail?.text.match(new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[?]/g, '\\?')}[^\\s]*`))
    if (!match) throw new Error(`no ${pathPrefix} link in mail to ${address}`)
    return match[0]
  }
}
