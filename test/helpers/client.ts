import type { App } from '../../src/app.ts'

export interface Response {
  status: number
  headers: Record<string, string | string[] | number | undefined>
  body: string
  json<T = Record<string, unknown>>(): T
}

export interface UploadFile {
  field: string
  filename: string
  contentType: string
  content: Buffer
}

/** A multipart/form-data body as a browser builds it. */
export function multipartBody(
  fields: Record<string, string | string[]>,
  files: UploadFile[] = [],
): { body: Buffer; contentType: string } {
  const boundary = `----korpu${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`),
      )
    }
  }
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** A browser-like client over app.inject: keeps cookies, and adds the CSRF token to forms and API writes. */
export class Client {
  private readonly cookies = new Map<string, string>()
  private csrfToken: string | null = null

  constructor(private readonly app: App) {}

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value)
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name)
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private remember(setCookie: string | string[] | number | undefined): void {
    const list = Array.isArray(setCookie) ? setCookie : typeof setCookie === 'string' ? [setCookie] : []
    for (const line of list) {
      const [pair = '', ...attributes] = line.split(';')
      const index = pair.indexOf('=')
      const name = pair.slice(0, index).trim()
      const value = pair.slice(index + 1).trim()
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  async request(options: {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
    url: string
    headers?: Record<string, string>
    payload?: string | Buffer | Record<string, unknown>
  }): Promise<Response> {
    const response = await this.app.inject({
      method: options.method,
      url: options.url,
      headers: { cookie: this.cookieHeader(), ...options.headers },
      payload: options.payload,
    })
    this.remember(response.headers['set-cookie'])
    return {
      status: response.statusCode,
      headers: response.headers,
      body: response.body,
      json: <T>() => JSON.parse(response.body) as T,
    }
  }

  get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request({ method: 'GET', url, headers })
  }

  /** A CSRF token bound to this client's cookie, fetched once like a page load would. */
  async csrf(): Promise<string> {
    if (!this.csrfToken || !this.cookies.size) {
      const response = await this.get('/api/v1/session')
      this.csrfToken = response.json<{ csrfToken: string }>().csrfToken
    }
    return this.csrfToken
  }

  /** Submits an HTML form (urlencoded) with the CSRF field, as a browser would. */
  async form(
    url: string,
    fields: Record<string, string>,
    options: { csrf?: boolean } = {},
  ): Promise<Response> {
    const body = new URLSearchParams(fields)
    if (options.csrf !== false) body.set('_csrf', await this.csrf())
    return this.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    })
  }

  /**
   * Submits a multipart form with files, as a browser sends an upload form (with the CSRF field unless told
   * otherwise). Fields may repeat (arrays); each file names its field, file name and claimed type.
   */
  async upload(
    url: string,
    fields: Record<string, string | string[]>,
    files: UploadFile[] = [],
    options: { csrf?: boolean } = {},
  ): Promise<Response> {
    const all = options.csrf === false ? fields : { _csrf: await this.csrf(), ...fields }
    const { body, contentType } = multipartBody(all, files)
    return this.request({ method: 'POST', url, headers: { 'content-type': contentType }, payload: body })
  }

  /** Calls the JSON API with the CSRF header on writes. */
  async api(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<Response> {
    const headers: Record<string, string> = {}
    if (method !== 'GET') headers['x-csrf-token'] = await this.csrf()
    if (body !== undefined) headers['content-type'] = 'application/json'
    return this.request({
      method,
      url,
      headers,
      payload: body === undefined ? undefined : JSON.stringify(body),
    })
  }
}
