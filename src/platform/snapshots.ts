import type { Db } from '../db/database.ts'

/**
 * A compact copy of some rows kept in memory per database, for reads that would otherwise scan or count many rows on
 * every request (the outcomes catalogue, the events calendar).
 *
 * - After this process changes the rows, `forget` makes the next reader wait for a fresh copy: a change shows at once.
 * - Other processes sharing the database (scale-out) are noticed by a cheap fingerprint (a count, a latest update),
 *   checked in the background once per `ttlMs`: when it differs, or after `fullReloadMs` in any case, a new copy
 *   loads in the background while readers keep the old one.
 * - A failed load is not kept: the next reader tries again.
 */
export interface SnapshotOptions<T> {
  ttlMs: number
  fullReloadMs: number
  /** Reads the rows and builds the copy. */
  load(readDb: Db): Promise<T>
  /** Changes whenever the rows do, as far as other processes' changes should show before the full reload. */
  fingerprint(readDb: Db): Promise<string>
}

interface Loaded<T> {
  value: T
  fingerprint: string
  at: number
}

interface Entry<T> {
  checkedAt: number
  stale: boolean
  loaded: Promise<Loaded<T>>
  value: Promise<T>
}

export class Snapshots<T> {
  readonly #options: SnapshotOptions<T>
  readonly #entries = new WeakMap<Db, Entry<T>>()

  constructor(options: SnapshotOptions<T>) {
    this.#options = options
  }

  /** The current copy for `db` (the database the writes go to), loaded through `readDb`. */
  get(db: Db, readDb: Db, now = Date.now()): Promise<T> {
    const entry = this.#entries.get(db)
    if (entry && !entry.stale) {
      if (now - entry.checkedAt >= this.#options.ttlMs) {
        entry.checkedAt = now
        void this.#refresh(db, entry, readDb, now).catch(() => undefined)
      }
      return entry.value
    }
    const fresh = this.#load(readDb, now)
    this.#entries.set(db, fresh)
    fresh.value.catch(() => {
      if (this.#entries.get(db) === fresh) this.#entries.delete(db)
    })
    return fresh.value
  }

  /** This process changed the rows: the next reader waits for a fresh copy. */
  forget(db: Db): void {
    const entry = this.#entries.get(db)
    if (entry) entry.stale = true
  }

  async #refresh(db: Db, entry: Entry<T>, readDb: Db, now: number): Promise<void> {
    const loaded = await entry.loaded
    const fingerprint = await this.#options.fingerprint(readDb)
    if (now - loaded.at < this.#options.fullReloadMs && fingerprint === loaded.fingerprint) return
    const fresh = this.#load(readDb, now)
    await fresh.value
    if (this.#entries.get(db) === entry && !entry.stale) this.#entries.set(db, fresh)
  }

  #load(readDb: Db, now: number): Entry<T> {
    const loaded = (async () => {
      // The fingerprint before the rows: a change made while they are read shows as a difference at the next check.
      const fingerprint = await this.#options.fingerprint(readDb)
      return { value: await this.#options.load(readDb), fingerprint, at: now }
    })()
    return { checkedAt: now, stale: false, loaded, value: loaded.then((l) => l.value) }
  }
}
