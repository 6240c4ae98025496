import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import type { Queryable } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import { enqueue, type JobPayloads } from './jobs.ts'

export type Mail = JobPayloads['mail.send']

/**
 * Whether an address lies under the reserved `.invalid` top-level domain (RFC 2606), which no mail can reach:
 * pupils' project-only accounts carry such a placeholder because every person needs a unique address.
 */
export function isUndeliverable(address: string): boolean {
  const domain = address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
  return domain === 'invalid' || domain.endsWith('.invalid')
}

/**
 * Queues a message in the caller's transaction; the worker delivers it (and retries) after commit. Mail to a
 * `.invalid` address is dropped here, the one place every message passes: pupils hear from the site only.
 */
export async function queueMail(db: Queryable, mail: Mail): Promise<void> {
  if (isUndeliverable(mail.to)) return
  await enqueue(db, 'mail.send', mail)
}

export interface MailSender {
  send(mail: Mail): Promise<void>
  close(): void
}

/**
 * SMTP when a URL is configured; otherwise each message is written as an .eml file under `dropDir`
 * so that a local portal without a mail server still shows its verification links.
 */
export function createMailSender(options: { smtpUrl: string; from: string; dropDir: string }): MailSender {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl)
    return {
      async send(mail) {
        await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          attachments: mail.attachments,
          headers: mail.headers,
        })
      },
      close: () => transport.close(),
    }
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true })
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        attachments: mail.attachments,
        headers: mail.headers,
      })
      await fs.mkdir(options.dropDir, { recursive: true })
      await fs.writeFile(path.join(options.dropDir, `${newId()}.eml`), info.message as Buffer)
    },
    close: () => transport.close(),
  }
}
