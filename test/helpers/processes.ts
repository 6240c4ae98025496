import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** A loopback port nothing listens on right now, for a server process started next. */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Polls `condition` every 50 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await delay(50)
  }
}

/**
 * A Körpü process (`src/server.ts`, or `src/cli/main.ts` with a command) started as in production, with only the
 * KORPU_* variables given (none leak in from the test's own environment). Its output is kept for assertions.
 */
export class KorpuProcess {
  private readonly child: ChildProcess
  private text = ''
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>

  constructor(entry: 'src/server.ts' | 'src/cli/main.ts', args: string[], env: Record<string, string>) {
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('KORPU_') && name !== 'NODE_ENV'),
    )
    this.child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const keep = (chunk: Buffer) => {
      this.text += chunk.toString('utf8')
    }
    this.child.stdout?.on('data', keep)
    this.child.stderr?.on('data', keep)
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve({ code, signal }))
    })
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  output(): string {
    return this.text
  }

  /** The JSON log lines (pino) written so far; other output is left out. */
  logLines(): Array<Record<string, unknown> & { msg?: string }> {
    return this.text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown> & { msg?: string })
  }

  /** Waits for a log line whose message matches; fails early, with the output, if the process exits first. */
  async waitForLog(message: RegExp, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    let found: Record<string, unknown> | undefined
    await waitFor(
      () => {
        if (!this.running) throw new Error(`the process exited before logging ${message}:\n${this.text}`)
        found = this.logLines().find((line) => message.test(line.msg ?? ''))
        return found !== undefined
      },
      `a log line ${message}:\n${this.text}`,
      timeoutMs,
    )
    return found ?? {}
  }

  /** Sends a signal and waits for the exit (SIGTERM: the graceful shutdown; SIGKILL: a crash). */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill(signal)
    return this.exited
  }
}

/**
 * A browser over real HTTP: keeps cookies across requests (cookies do not depend on the port, so one client talks
 * to several processes on 127.0.0.1 as a browser would behind one address) and comes from its own client address
 * (X-Forwarded-For; sign-in and registration are rate-limited per address).
 */
export class HttpClient {
  private readonly cookies = new Map<string, string>()

  constructor(private readonly address: string) {}

  cookieNames(): string[] {
    return [...this.cookies.keys()]
  }

  async request(
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; location: string | null; body: string }> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded'
    const response = await fetch(url, {
      method,
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const index = pair.indexOf('=')
      const name = pair.slice(0, index).trim()
      const value = pair.slice(index + 1).trim()
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: await response.text(),
    }
  }

  /** Loads a page with a form and returns the form's CSRF token, as a browser would before submitting it. */
  async formToken(url: string): Promise<string> {
    const page = await this.request('GET', url)
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1]
    if (page.status !== 200 || !token) throw new Error(`no form with a CSRF token at ${url} (${page.status})`)
    return token
  }
}
