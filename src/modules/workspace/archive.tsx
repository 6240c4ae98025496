import { Readable } from 'node:stream'
import type { ComponentChildren } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { ZipFile } from 'yazl'
import type { Locale } from '../../config.ts'
import { openStoredFile } from '../../platform/files.ts'
import { formatDate, formatDateTime, type TFunction } from '../../platform/i18n.ts'
import type { Storage } from '../../platform/storage.ts'
import type { ArchiveContents } from './service.ts'

/** A name safe in every unzip tool: letters, digits, dot, dash and underscore only, numbered so none repeat. */
function entryName(index: number, name: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80)
  return `${String(index + 1).padStart(3, '0')}-${safe || 'file'}`
}

function Document(props: { lang: Locale; title: string; children: ComponentChildren }) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <title>{props.title}</title>
      </head>
      <body>{props.children}</body>
    </html>
  )
}

const html = (node: preact.VNode) => Buffer.from(`<!doctype html>\n${renderToString(node)}\n`, 'utf8')

/**
 * The whole workspace as a ZIP stream: index.html linking everything, each page as HTML (its images as files
 * beside it), the materials, each forum thread as HTML, and the milestones. Built from what the database holds
 * now; each file is opened from the storage only when the stream reaches it (one open download at a time, however
 * many files the workspace has).
 */
export function workspaceZip(
  data: ArchiveContents,
  options: { locale: Locale; t: TFunction; timeZone: string; storage: Storage },
): NodeJS.ReadableStream {
  const { locale, t, timeZone, storage } = options
  const zip = new ZipFile()
  const title = data.project.title
  const fileNames = new Map<string, string>()
  data.files.forEach((file, i) => {
    const name = `${file.page_id ? 'images' : 'materials'}/${entryName(i, file.original_name)}`
    fileNames.set(file.id, name)
    zip.addReadStreamLazy(name, { mtime: new Date(file.created_at) }, (done) => {
      openStoredFile(storage, file.key).then(
        (object) => done(null, object.body),
        // yazl reads no stream when given an error: it fails the archive (the file vanished after the check).
        (error: unknown) => done(error, Readable.from([])),
      )
    })
  })
  // Pages point at their images by their workspace URL; inside the archive they point at the copies.
  const localImages = (body: string) =>
    body.replace(/\/projects\/[0-9a-f-]{36}\/workspace\/files\/([0-9a-f-]{36})/g, (whole, id: string) => {
      const name = fileNames.get(id)
      return name ? `../${name}` : whole
    })

  const pageNames = data.pages.map((p, i) => `pages/${entryName(i, p.title)}.html`)
  data.pages.forEach((p, i) => {
    zip.addBuffer(
      html(
        <Document lang={locale} title={p.title}>
          <h1>{p.title}</h1>
          <div dangerouslySetInnerHTML={{ __html: localImages(p.body_html) }} />
        </Document>,
      ),
      pageNames[i] ?? '',
    )
  })

  const threadNames = data.threads.map((th, i) => `forum/${entryName(i, th.title)}.html`)
  data.threads.forEach((th, i) => {
    zip.addBuffer(
      html(
        <Document lang={locale} title={th.title}>
          <h1>{th.title}</h1>
          {th.posts.map((post) => (
            <article>
              <p>
                <strong>{post.author ?? t('workspace.former_member')}</strong> ·{' '}
                {formatDateTime(locale, post.created_at, timeZone)}
              </p>
              <pre>{post.body}</pre>
            </article>
          ))}
        </Document>,
      ),
      threadNames[i] ?? '',
    )
  })

  zip.addBuffer(
    html(
      <Document lang={locale} title={t('workspace.milestones.heading')}>
        <h1>{t('workspace.milestones.heading')}</h1>
        <ol>
          {data.milestones.map((m) => (
            <li>
              <strong>{m.title}</strong> · {t(`workspace.milestones.status.${m.status}`)}
              {m.due_date && ` · ${formatDate(locale, `${m.due_date}T12:00:00Z`, 'UTC')}`}
              {m.description && <pre>{m.description}</pre>}
            </li>
          ))}
        </ol>
      </Document>,
    ),
    'milestones.html',
  )

  zip.addBuffer(
    html(
      <Document lang={locale} title={title}>
        <h1>{title}</h1>
        <p>
          {t('workspace.zip.exported', { date: formatDateTime(locale, new Date().toISOString(), timeZone) })}
        </p>
        <h2>{t('workspace.pages.heading')}</h2>
        <ul>
          {data.pages.map((p, i) => (
            <li>
              <a href={pageNames[i]}>{p.title}</a>
            </li>
          ))}
        </ul>
        <h2>{t('workspace.files.heading')}</h2>
        <ul>
          {data.files
            .filter((f) => !f.page_id)
            .map((f) => (
              <li>
                <a href={fileNames.get(f.id)}>{f.title}</a>
              </li>
            ))}
        </ul>
        <h2>{t('workspace.forum.heading')}</h2>
        <ul>
          {data.threads.map((th, i) => (
            <li>
              <a href={threadNames[i]}>{th.title}</a>
            </li>
          ))}
        </ul>
        <h2>{t('workspace.milestones.heading')}</h2>
        <p>
          <a href="milestones.html">{t('workspace.milestones.heading')}</a>
        </p>
        <h2>{t('workspace.members.heading')}</h2>
        <ul>
          {data.members.map((m) => (
            <li>
              {m.name} · {t(`workspace.members.roles.${m.role}`)}
              {m.institution && ` · ${m.institution}`}
            </li>
          ))}
        </ul>
      </Document>,
    ),
    'index.html',
  )
  zip.end()
  return zip.outputStream
}
