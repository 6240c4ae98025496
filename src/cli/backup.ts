import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { stderr } from 'node:process'
import SQLite from 'better-sqlite3'
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { sql } from 'kysely'
import * as tar from 'tar'
import type { Config } from '../config.ts'
import { createDatabase, type Db } from '../db/database.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { migrations } from '../db/migrations/index.ts'

const FORMAT = 'korpu-backup'
const FORMAT_VERSION = 1
const MANIFEST = 'manifest.json'
const SQLITE_FILE = 'database/korpu.db'
const PG_DUMP_FILE = 'database/korpu.dump'
const FILES_DIR = 'files'

/** What an archive holds, written into it as manifest.json; restore trusts nothing in the archive it does not list. */
export interface BackupManifest {
  format: typeof FORMAT
  formatVersion: number
  /** The Körpü version (package.json) that made the archive. */
  korpuVersion: string
  dialect: 'sqlite' | 'postgres'
  /** The last migration applied to the archived database: restore refuses a level this build does not know. */
  migration: string
  createdAt: string
  /** Tables in the archived database (progress of a restore). */
  tables: number
  /** local: the uploaded files are in the archive under files/; s3: they stay in the bucket (see the docs). */
  files: 'local' | 's3'
  entries: Array<{ path: string; size: number; sha256: string }>
}

/** Reports progress of a step: a database copy in pages or tables, files in files. */
export type Progress = (step: string, done: number, total: number) => void

/** A refusal or failure the operator can act on: printed without a stack trace, exit code 1. */
export class BackupError extends Error {}

const KORPU_VERSION = (
  JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version

/** Reads a file's SHA-256 as a stream, so multi-gigabyte databases are never held in memory. */
async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Every regular file under `dir`, as paths relative to it with '/' separators; symbolic links are refused. */
function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return []
  const found: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) found.push(...listFiles(path.join(dir, entry.name), relative))
    else if (entry.isFile()) found.push(relative)
    else throw new BackupError(`${path.join(dir, entry.name)} is not a regular file or directory`)
  }
  return found.sort()
}

async function migrationLevel(db: Db): Promise<string> {
  const result = await sql<{ name: string }>`
    select name from kysely_migration order by name desc limit 1`.execute(db)
  const name = result.rows[0]?.name
  if (!name) throw new BackupError('the database has no migrations applied: nothing to back up')
  return name
}

async function tableCount(db: Db, dialect: 'sqlite' | 'postgres'): Promise<number> {
  const result =
    dialect === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table'`.execute(db)
      : await sql<{ n: number }>`
          select count(*) as n from information_schema.tables where table_schema = current_schema()`.execute(
          db,
        )
  return Number(result.rows[0]?.n ?? 0)
}

/** pg_dump / pg_restore from KORPU_PG_BIN (a directory) or else the PATH. */
export function findPgTool(name: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv = process.env): string {
  const dirs = env.KORPU_PG_BIN ? [env.KORPU_PG_BIN] : (env.PATH ?? '').split(path.delimiter)
  for (const dir of dirs.filter(Boolean)) {
    const file = path.join(dir, name)
    try {
      fs.accessSync(file, fs.constants.X_OK)
      return file
    } catch {
      // Not in this directory.
    }
  }
  throw new BackupError(
    `${name} was not found ${env.KORPU_PG_BIN ? `in KORPU_PG_BIN (${env.KORPU_PG_BIN})` : 'on the PATH'}: install the PostgreSQL client of the server's major version or newer (Debian: postgresql-client-15) or set KORPU_PG_BIN to the directory that holds it`,
  )
}

/**
 * Runs a PostgreSQL tool with the password in PGPASSWORD rather than on the command line, where every user of the
 * machine could read it in the process list. `onLine` receives its --verbose lines (standard error).
 */
function runPgTool(
  tool: 'pg_dump' | 'pg_restore',
  databaseUrl: string,
  args: string[],
  onLine: (line: string) => void,
): Promise<void> {
  const url = new URL(databaseUrl)
  const password = decodeURIComponent(url.password)
  url.password = ''
  const env = password ? { ...process.env, PGPASSWORD: password } : process.env
  return new Promise((resolve, reject) => {
    const child = spawn(findPgTool(tool), [...args, `--dbname=${url.toString()}`], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    const errors: string[] = []
    let pending = ''
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        onLine(line)
        if (/error|fatal/i.test(line)) errors.push(line)
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve()
      else reject(new BackupError(`${tool} failed (exit ${code}): ${errors.slice(-5).join('\n') || pending}`))
    })
  })
}

/** The archive's file name when the operator names a directory: dialect and time, sortable. */
function archiveName(dialect: string, now: Date): string {
  return `korpu-backup-${dialect}-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`
}

/**
 * Writes one archive (tar, gzip when the name ends in .gz/.tgz) holding a consistent copy of the database, the
 * uploaded files and a manifest with their checksums. `target` is a file name, or a directory to put a named one in.
 * The archive appears under its final name only when complete.
 */
export async function backup(
  config: Config,
  target: string,
  onProgress: Progress = () => {},
): Promise<{ file: string; manifest: BackupManifest }> {
  const now = new Date()
  const isDirectory =
    target.endsWith(path.sep) || (fs.existsSync(target) && fs.statSync(target).isDirectory())
  const file = path.resolve(isDirectory ? path.join(target, archiveName(config.dialect, now)) : target)
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists: a backup never overwrites another`)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  // Staged beside the archive (same disk): the database copy may be large.
  const staging = fs.mkdtempSync(path.join(path.dirname(file), '.korpu-backup-'))
  const partial = `${file}.partial-${randomBytes(4).toString('hex')}`
  try {
    fs.mkdirSync(path.join(staging, 'database'))
    let migration: string
    let tables: number
    if (config.dialect === 'sqlite') {
      ;({ migration, tables } = await backupSqlite(
        config.databaseUrl,
        path.join(staging, SQLITE_FILE),
        onProgress,
      ))
    } else {
      const db = createDatabase(config.databaseUrl)
      try {
        migration = await migrationLevel(db)
        tables = await tableCount(db, 'postgres')
      } finally {
        await db.destroy()
      }
      let dumped = 0
      // pg_dump reads everything in one repeatable-read transaction: a consistent snapshot while the site runs.
      await runPgTool(
        'pg_dump',
        config.databaseUrl,
        [
          '--format=custom',
          '--no-owner',
          '--no-privileges',
          '--verbose',
          `--file=${path.join(staging, PG_DUMP_FILE)}`,
        ],
        (line) => {
          if (line.includes('dumping contents of table')) onProgress('database', ++dumped, tables)
        },
      )
    }

    // Files after the database: a file the database copy refers to was uploaded before it and is here, unless it
    // was deleted in the meantime (uploads are written once under generated names and never changed).
    const files = config.storage.backend === 'local' ? listFiles(config.filesDir) : []
    files.forEach((name, index) => {
      const source = path.join(config.filesDir, name)
      const copy = path.join(staging, FILES_DIR, name)
      fs.mkdirSync(path.dirname(copy), { recursive: true })
      try {
        // A hard link costs no space and keeps the content even if the upload is deleted during the backup.
        fs.linkSync(source, copy)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT') return
        fs.copyFileSync(source, copy)
      }
      onProgress('files', index + 1, files.length)
    })

    const names = listFiles(staging)
    const entries: BackupManifest['entries'] = []
    for (const [index, name] of names.entries()) {
      const full = path.join(staging, name)
      entries.push({ path: name, size: fs.statSync(full).size, sha256: await sha256(full) })
      onProgress('checksums', index + 1, names.length)
    }
    const manifest: BackupManifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      korpuVersion: KORPU_VERSION,
      dialect: config.dialect,
      migration,
      createdAt: now.toISOString(),
      tables,
      files: config.storage.backend,
      entries,
    }
    fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
    await tar.c({ file: partial, cwd: staging, gzip: /\.(gz|tgz)$/.test(file), portable: true }, [
      MANIFEST,
      ...fs.readdirSync(staging).filter((n) => n !== MANIFEST),
    ])
    fs.renameSync(partial, file)
    return { file, manifest }
  } finally {
    fs.rmSync(partial, { force: true })
    fs.rmSync(staging, { recursive: true, force: true })
  }
}

/**
 * SQLite's online backup API, in one step: copied in steps, the backup restarts whenever another process (the
 * running server) writes between two of them, and under steady writes it might never end. One step reads the whole
 * database in one read transaction, which in WAL mode does not hold up the server's writes.
 */
async function backupSqlite(
  databaseFile: string,
  copy: string,
  onProgress: Progress,
): Promise<{ migration: string; tables: number }> {
  if (!fs.existsSync(databaseFile)) throw new BackupError(`the database file ${databaseFile} does not exist`)
  const source = new SQLite(databaseFile, { fileMustExist: true })
  try {
    source.pragma('busy_timeout = 5000')
    await source.backup(copy, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress('database', totalPages - remainingPages, totalPages)
        return 0x7fffffff
      },
    })
  } finally {
    source.close()
  }
  const db = createDatabase(copy)
  try {
    return { migration: await migrationLevel(db), tables: await tableCount(db, 'sqlite') }
  } finally {
    await db.destroy()
  }
}

/** Whether the configured database already holds tables (a restore over it needs --force). */
async function databaseInUse(config: Config): Promise<boolean> {
  if (config.dialect === 'sqlite' && !fs.existsSync(config.databaseUrl)) return false
  const db = createDatabase(config.databaseUrl)
  try {
    return (await tableCount(db, config.dialect)) > 0
  } finally {
    await db.destroy()
  }
}

function readManifest(staging: string): BackupManifest {
  let manifest: BackupManifest
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(staging, MANIFEST), 'utf8')) as BackupManifest
  } catch {
    throw new BackupError('the archive has no readable manifest.json: it is not a Körpü backup')
  }
  if (manifest.format !== FORMAT || manifest.formatVersion !== FORMAT_VERSION) {
    throw new BackupError(`the archive is not a Körpü backup of format ${FORMAT_VERSION}`)
  }
  return manifest
}

/** Every file the manifest lists is there with its size and SHA-256, and nothing else is. */
async function verifyEntries(staging: string, manifest: BackupManifest, onProgress: Progress): Promise<void> {
  const present = listFiles(staging).filter((name) => name !== MANIFEST)
  const listed = new Set(manifest.entries.map((e) => e.path))
  const unlisted = present.filter((name) => !listed.has(name))
  if (unlisted.length)
    throw new BackupError(`the archive holds files its manifest does not list: ${unlisted[0]}`)
  for (const [index, entry] of manifest.entries.entries()) {
    const file = path.join(staging, entry.path)
    if (!fs.existsSync(file)) throw new BackupError(`the archive lacks ${entry.path}`)
    if (fs.statSync(file).size !== entry.size || (await sha256(file)) !== entry.sha256) {
      throw new BackupError(`checksum mismatch for ${entry.path}: the archive is damaged`)
    }
    onProgress('checksums', index + 1, manifest.entries.length)
  }
}

/** Moves a file into place, copying when the staging directory is on another disk. */
function moveFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true })
  try {
    fs.renameSync(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    fs.copyFileSync(from, to)
  }
}

/**
 * Restores an archive into the configured database and files directory, then migrates to the latest schema.
 * Refuses a database with tables or a non-empty files directory unless `force` (which replaces them), an archive
 * whose checksums do not match, another dialect, or a migration level this build does not know (a newer release).
 * The server must be stopped meanwhile.
 */
export async function restore(
  config: Config,
  archive: string,
  options: { force: boolean },
  onProgress: Progress = () => {},
): Promise<{ manifest: BackupManifest; applied: string[] }> {
  if (!fs.existsSync(archive)) throw new BackupError(`${archive} does not exist`)
  if (!options.force) {
    if (await databaseInUse(config)) {
      throw new BackupError('the database is not empty: restore into a new one, or add --force to replace it')
    }
    if (config.storage.backend === 'local' && listFiles(config.filesDir).length > 0) {
      throw new BackupError(
        `the files directory ${config.filesDir} is not empty: restore into a new one, or add --force to replace it`,
      )
    }
  }
  // Staged next to the files directory, so the files are moved into place rather than copied.
  const parent = path.dirname(config.filesDir)
  fs.mkdirSync(parent, { recursive: true })
  const staging = fs.mkdtempSync(path.join(parent, '.korpu-restore-'))
  try {
    await tar.x({ file: archive, cwd: staging, strict: true })
    const manifest = readManifest(staging)
    if (manifest.dialect !== config.dialect) {
      throw new BackupError(
        `the archive holds a ${manifest.dialect} database and this installation uses ${config.dialect}`,
      )
    }
    if (manifest.files === 'local' && config.storage.backend === 's3') {
      throw new BackupError(
        'the archive holds uploaded files but this installation keeps them in S3: restore with KORPU_STORAGE=local, then copy the files directory into the bucket',
      )
    }
    if (!(manifest.migration in migrations)) {
      throw new BackupError(
        `the archive's schema (${manifest.migration}) is newer than this Körpü (${KORPU_VERSION}): upgrade Körpü first`,
      )
    }
    await verifyEntries(staging, manifest, onProgress)

    if (config.dialect === 'sqlite') {
      const target = config.databaseUrl
      fs.mkdirSync(path.dirname(target), { recursive: true })
      // A stale write-ahead log beside the new file would be replayed into it.
      for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${suffix}`, { force: true })
      moveFile(path.join(staging, SQLITE_FILE), target)
      onProgress('database', manifest.tables, manifest.tables)
    } else {
      if (options.force) {
        const db = createDatabase(config.databaseUrl)
        try {
          await sql`drop schema if exists public cascade`.execute(db)
          await sql`create schema public`.execute(db)
        } finally {
          await db.destroy()
        }
      }
      let restored = 0
      await runPgTool(
        'pg_restore',
        config.databaseUrl,
        [
          '--no-owner',
          '--no-privileges',
          '--exit-on-error',
          '--single-transaction',
          '--verbose',
          path.join(staging, PG_DUMP_FILE),
        ],
        (line) => {
          if (line.includes('processing data for table')) onProgress('database', ++restored, manifest.tables)
        },
      )
    }

    if (manifest.files === 'local') {
      fs.rmSync(config.filesDir, { recursive: true, force: true })
      fs.mkdirSync(config.filesDir, { recursive: true })
      const files = manifest.entries.filter((e) => e.path.startsWith(`${FILES_DIR}/`))
      files.forEach((entry, index) => {
        moveFile(
          path.join(staging, entry.path),
          path.join(config.filesDir, entry.path.slice(FILES_DIR.length + 1)),
        )
        onProgress('files', index + 1, files.length)
      })
    }

    const db = createDatabase(config.databaseUrl)
    try {
      const applied = await migrateToLatest(db)
      return { manifest, applied: (applied ?? []).map((r) => r.migrationName) }
    } finally {
      await db.destroy()
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
}

/** A progress bar on standard error (only on a terminal), one per step. */
function progressBar(): { onProgress: Progress; stop(): void } {
  const bar = new cliProgress.SingleBar(
    { format: '{step} [{bar}] {percentage}% | {value}/{total}', stream: stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  )
  let current = ''
  return {
    onProgress(step, done, total) {
      if (step !== current) {
        if (current) bar.stop()
        current = step
        bar.start(total, done, { step: step.padEnd(9) })
      } else bar.update(done)
    },
    stop() {
      if (current) bar.stop()
      current = ''
    },
  }
}

const S3_NOTE =
  'Uploaded files are kept in the S3 bucket and are not in this archive: the bucket is backed up by the object store itself (turn on versioning and replication). See docs/deploy/backups.md.'

async function runCommand(work: (onProgress: Progress) => Promise<void>): Promise<void> {
  const bar = progressBar()
  try {
    await work(bar.onProgress)
    bar.stop()
  } catch (error) {
    bar.stop()
    if (!(error instanceof BackupError)) throw error
    console.error(error.message)
    process.exitCode = 1
  }
}

export function registerBackupCommands(program: Command, config: () => Config): void {
  program
    .command('backup')
    .description(
      'write one archive with a consistent copy of the database (while the site runs), the uploaded files and checksums',
    )
    .argument('<target>', 'archive file (.tar or .tar.gz), or a directory to write a dated .tar.gz in')
    .action(async (target: string) => {
      const cfg = config()
      await runCommand(async (onProgress) => {
        const { file, manifest } = await backup(cfg, target, onProgress)
        const size = manifest.entries.reduce((sum, e) => sum + e.size, 0)
        console.log(
          `backup written: ${file} (${cfg.dialect}, schema ${manifest.migration}, ${manifest.entries.length} file(s), ${(size / 1024 / 1024).toFixed(1)} MB before compression)`,
        )
        if (manifest.files === 's3') console.log(S3_NOTE)
      })
    })

  program
    .command('restore')
    .description(
      'restore an archive made by korpu backup into this installation (server stopped), then migrate to the latest schema',
    )
    .argument('<archive>', 'archive written by korpu backup')
    .option('--force', 'replace a database or files directory that is not empty')
    .action(async (archive: string, options: { force?: boolean }) => {
      const cfg = config()
      await runCommand(async (onProgress) => {
        const { manifest, applied } = await restore(
          cfg,
          archive,
          { force: options.force === true },
          onProgress,
        )
        console.log(
          `restored the backup of ${manifest.createdAt} (schema ${manifest.migration}, Körpü ${manifest.korpuVersion})`,
        )
        console.log(applied.length ? `migrated: ${applied.join(', ')}` : 'schema is up to date')
        if (manifest.files === 's3') console.log(S3_NOTE)
      })
    })
}
