import { randomBytes } from 'node:crypto'
import { type App, sessionCookieName } from '../../src/app.ts'
import { Client } from './client.ts'
import type { TestPerson } from './factories.ts'
import type { Harness } from './harness.ts'

let addressCounter = 0

/**
 * A client with its own address: sign-in, registration and recovery are rate-limited per client address,
 * and a suite of many requests would otherwise trip the limit it does not test. `network` is the address's
 * second number, one per test file, so two files never share an address.
 */
export class AddressedClient extends Client {
  private readonly address: string

  constructor(app: App, network: number) {
    super(app)
    ++addressCounter
    this.address = `10.${network}.${Math.floor(addressCounter / 250)}.${addressCounter % 250}`
  }

  override request(options: Parameters<Client['request']>[0]) {
    return super.request({ ...options, headers: { 'x-forwarded-for': this.address, ...options.headers } })
  }
}

/** An addressed client on the harness's app, signed in as `person` when one is given. */
export function addressedClient(h: Harness, network: number, person?: TestPerson): Client {
  const client = new AddressedClient(h.app, network)
  if (person) client.setCookie(sessionCookieName(h.config), person.sessionToken)
  return client
}

/** An email address no other test uses. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@example.org`
}
