import type { ComponentChildren } from 'preact'
import { formatDate, formatDateTime, formatNumber } from '../../../platform/i18n.ts'
import {
  CsrfField,
  ErrorSummary,
  FileField,
  type FormState,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { ALLOWED_TAGS } from '../sanitize.ts'
import { MILESTONE_STATUSES } from '../schemas.ts'
import type {
  MembersDetail,
  MilestonesDetail,
  Overview,
  PageDetail,
  StateDetail,
  ThreadDetail,
  WorkspaceHeader,
} from '../service.ts'
import { ALLOWED_EXTENSIONS } from '../uploads.ts'

const base = (project: { id: string }) => `/projects/${project.id}/workspace`

/** The workspace's frame: project title, its sections, and why nothing can be changed when it is read-only. */
function Frame(props: {
  ctx: ViewContext
  project: WorkspaceHeader
  title: string
  notice?: string
  children: ComponentChildren
}) {
  const { ctx, project } = props
  const { t } = ctx
  const sections: Array<[string, string]> = [
    ['', t('workspace.nav.overview')],
    ['/milestones', t('workspace.nav.milestones')],
    ['/members', t('workspace.nav.members')],
    ...(project.can.govern ? [['/state', t('workspace.nav.state')] as [string, string]] : []),
  ]
  return (
    <section>
      <nav aria-label={t('layout.breadcrumbs')} class="breadcrumbs">
        <a href={base(project)}>{project.title}</a>
      </nav>
      <h1>{props.title}</h1>
      <nav aria-label={t('workspace.nav.label')}>
        <ul class="plain-links">
          {sections.map(([path, label]) => {
            const href = `${base(project)}${path}`
            return (
              <li>
                <a href={href} aria-current={ctx.path.split('?')[0] === href ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            )
          })}
          <li>
            <a href={`${base(project)}/archive.zip`} download>
              {t('workspace.nav.download')}
            </a>
          </li>
        </ul>
      </nav>
      {project.state !== 'open' && <Notice>{t(`workspace.read_only_${project.state}`)}</Notice>}
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {props.children}
    </section>
  )
}

function PublicBadge(props: { ctx: ViewContext; since: string | null }) {
  if (!props.since) return null
  return <span class="badge badge-ok">{props.ctx.t('workspace.public_badge')}</span>
}

/** A teacher's switch between private and public (shown on the project's public page). */
function PublicToggle(props: { ctx: ViewContext; action: string; isPublic: boolean }) {
  const { t } = props.ctx
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      <input type="hidden" name="public" value={props.isPublic ? '0' : '1'} />
      <button type="submit" class="link-button">
        {t(props.isPublic ? 'workspace.make_private' : 'workspace.make_public')}
      </button>
    </form>
  )
}

/** Plain text with its line breaks kept; nothing in it is taken as markup. */
function Lines(props: { text: string }) {
  const lines = props.text.split(/\r?\n/)
  return <p>{lines.flatMap((line, i) => (i === 0 ? [line] : [<br />, line]))}</p>
}

function size(ctx: ViewContext, bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${formatNumber(ctx.locale, Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`
    : `${formatNumber(ctx.locale, Math.max(1, Math.round(bytes / 1024)))} KB`
}

export function OverviewView(props: {
  ctx: ViewContext
  data: Overview
  form: FormState
  maxBytes: number
  notice?: string
}) {
  const { ctx, data, form } = props
  const { t } = ctx
  const { project } = data
  const labels = { title: t('workspace.files.title'), file: t('workspace.files.file') }
  return (
    <Frame
      ctx={ctx}
      project={project}
      title={t('workspace.title', { title: project.title })}
      notice={props.notice}
    >
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <h2>{t('workspace.pages.heading')}</h2>
      {data.pages.length === 0 && <p>{t('workspace.pages.none')}</p>}
      <ul>
        {data.pages.map((p) => (
          <li>
            <a href={`${base(project)}/pages/${p.id}`}>{p.title}</a>{' '}
            <PublicBadge ctx={ctx} since={p.public_since} />
            <span class="hint"> · {formatDate(ctx.locale, p.updated_at, ctx.timeZone)}</span>
          </li>
        ))}
      </ul>
      {project.can.author && (
        <p>
          <a class="button" href={`${base(project)}/pages/new`}>
            {t('workspace.pages.new')}
          </a>
        </p>
      )}

      <h2>{t('workspace.forum.heading')}</h2>
      {data.threads.length === 0 && <p>{t('workspace.forum.none')}</p>}
      <ul>
        {data.threads.map((th) => (
          <li>
            <a href={`${base(project)}/forum/${th.id}`}>{th.title}</a>
            <span class="hint">
              {' '}
              · {t('workspace.forum.posts', { count: th.posts })} ·{' '}
              {formatDateTime(ctx.locale, th.last_post_at, ctx.timeZone)}
            </span>
          </li>
        ))}
      </ul>
      {project.can.author && (
        <p>
          <a class="button" href={`${base(project)}/forum/new`}>
            {t('workspace.forum.new')}
          </a>
        </p>
      )}

      <h2>{t('workspace.milestones.heading')}</h2>
      {data.milestones.length === 0 ? (
        <p>{t('workspace.milestones.none')}</p>
      ) : (
        <ol>
          {data.milestones.map((m) => (
            <li>
              {m.title} · {t(`workspace.milestones.status.${m.status}`)}
              {m.due_date && ` · ${formatDate(ctx.locale, `${m.due_date}T12:00:00Z`, 'UTC')}`}
            </li>
          ))}
        </ol>
      )}

      <h2 id="materials">{t('workspace.files.heading')}</h2>
      {data.materials.length === 0 && <p>{t('workspace.files.none')}</p>}
      {data.materials.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('workspace.files.title')}</th>
              <th scope="col">{t('workspace.files.size')}</th>
              <th scope="col">{t('workspace.files.uploaded')}</th>
              {project.can.teach && <th scope="col">{t('workspace.public_column')}</th>}
            </tr>
          </thead>
          <tbody>
            {data.materials.map((f) => (
              <tr>
                <td>
                  <a href={`${base(project)}/files/${f.id}`}>{f.title}</a>{' '}
                  <PublicBadge ctx={ctx} since={f.public_since} />
                </td>
                <td>{size(ctx, f.size)}</td>
                <td>
                  {f.uploader ?? t('workspace.former_member')} ·{' '}
                  {formatDate(ctx.locale, f.created_at, ctx.timeZone)}
                </td>
                {project.can.teach && (
                  <td>
                    <PublicToggle
                      ctx={ctx}
                      action={`${base(project)}/files/${f.id}/public`}
                      isPublic={f.public_since !== null}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {project.can.contribute && (
        <form
          method="post"
          action={`${base(project)}/files`}
          enctype="multipart/form-data"
          id="field-form"
          novalidate
        >
          <h3>{t('workspace.files.upload')}</h3>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            form={form}
            name="title"
            label={labels.title}
            hint={t('workspace.files.title_hint')}
            maxLength={200}
          />
          <FileField
            ctx={ctx}
            form={form}
            name="file"
            label={labels.file}
            hint={t('workspace.files.hint', {
              size: size(ctx, props.maxBytes),
              types: ALLOWED_EXTENSIONS.join(', '),
            })}
            accept={ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(',')}
          />
          <button type="submit" class="button">
            {t('workspace.files.submit')}
          </button>
        </form>
      )}
    </Frame>
  )
}

export function PageView(props: { ctx: ViewContext; data: PageDetail; notice?: string }) {
  const { ctx, data } = props
  const { t } = ctx
  const { project, page } = data
  return (
    <Frame ctx={ctx} project={project} title={page.title} notice={props.notice}>
      <p class="hint">
        {t('workspace.pages.by', {
          name: page.author ?? t('workspace.former_member'),
          date: formatDateTime(ctx.locale, page.updated_at, ctx.timeZone),
        })}{' '}
        <PublicBadge ctx={ctx} since={page.public_since} />
      </p>
      {/* Cleaned by sanitizePage before it was stored; nothing else reaches this. */}
      <div class="page-body" dangerouslySetInnerHTML={{ __html: page.body_html }} />
      <div>
        {project.can.author && (
          <a href={`${base(project)}/pages/${page.id}/edit`}>{t('workspace.pages.edit')}</a>
        )}{' '}
        {project.can.teach && (
          <PublicToggle
            ctx={ctx}
            action={`${base(project)}/pages/${page.id}/public`}
            isPublic={page.public_since !== null}
          />
        )}
      </div>
    </Frame>
  )
}

export function PageEditView(props: {
  ctx: ViewContext
  project: WorkspaceHeader
  page?: PageDetail
  form: FormState
  notice?: string
}) {
  const { ctx, project, page, form } = props
  const { t } = ctx
  const labels = {
    title: t('workspace.pages.title'),
    body: t('workspace.pages.body'),
    file: t('workspace.pages.image'),
  }
  const action = page ? `${base(project)}/pages/${page.page.id}` : `${base(project)}/pages`
  return (
    <Frame
      ctx={ctx}
      project={project}
      title={page ? t('workspace.pages.edit_title', { title: page.page.title }) : t('workspace.pages.new')}
      notice={props.notice}
    >
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <form method="post" action={action} id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} form={form} name="title" label={labels.title} maxLength={200} />
        <TextAreaField
          ctx={ctx}
          form={form}
          name="body"
          label={labels.body}
          hint={t('workspace.pages.body_hint', { tags: ALLOWED_TAGS.join(', ') })}
          rows={18}
        />
        <button type="submit" class="button">
          {t('workspace.pages.save')}
        </button>
      </form>
      {page && (
        <>
          <h2>{t('workspace.pages.images')}</h2>
          {page.images.length === 0 && <p>{t('workspace.pages.no_images')}</p>}
          {page.images.length > 0 && (
            <ul>
              {page.images.map((image) => (
                <li>
                  <a href={`${base(project)}/files/${image.id}`}>{image.original_name}</a>:{' '}
                  <code>{`<img src="${base(project)}/files/${image.id}" alt="">`}</code>
                </li>
              ))}
            </ul>
          )}
          <form
            method="post"
            action={`${base(project)}/pages/${page.page.id}/images`}
            enctype="multipart/form-data"
            novalidate
          >
            <CsrfField ctx={ctx} />
            <FileField
              ctx={ctx}
              form={form}
              name="file"
              label={labels.file}
              hint={t('workspace.pages.image_hint')}
              accept=".png,.jpg,.jpeg,.gif,.webp"
            />
            <button type="submit" class="button">
              {t('workspace.pages.image_submit')}
            </button>
          </form>
        </>
      )}
    </Frame>
  )
}

export function NewThreadView(props: { ctx: ViewContext; project: WorkspaceHeader; form: FormState }) {
  const { ctx, project, form } = props
  const { t } = ctx
  const labels = { title: t('workspace.forum.title'), body: t('workspace.forum.body') }
  return (
    <Frame ctx={ctx} project={project} title={t('workspace.forum.new')}>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <form method="post" action={`${base(project)}/forum`} id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} form={form} name="title" label={labels.title} maxLength={200} />
        <TextAreaField
          ctx={ctx}
          form={form}
          name="body"
          label={labels.body}
          hint={t('workspace.forum.mention_hint')}
          rows={8}
        />
        <button type="submit" class="button">
          {t('workspace.forum.start')}
        </button>
      </form>
    </Frame>
  )
}

export function ThreadView(props: { ctx: ViewContext; data: ThreadDetail; form: FormState }) {
  const { ctx, data, form } = props
  const { t } = ctx
  const { project } = data
  const labels = { body: t('workspace.forum.reply') }
  return (
    <Frame ctx={ctx} project={project} title={data.thread.title}>
      <ol class="notification-list">
        {data.posts.map((post) => (
          <li>
            <p class="hint">
              {post.author ?? t('workspace.former_member')} ·{' '}
              {formatDateTime(ctx.locale, post.created_at, ctx.timeZone)}
            </p>
            <Lines text={post.body} />
          </li>
        ))}
      </ol>
      {project.can.contribute && (
        <>
          <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
          <form method="post" action={`${base(project)}/forum/${data.thread.id}`} id="field-form" novalidate>
            <CsrfField ctx={ctx} />
            <TextAreaField
              ctx={ctx}
              form={form}
              name="body"
              label={labels.body}
              hint={t('workspace.forum.mention_hint')}
              rows={6}
            />
            <button type="submit" class="button">
              {t('workspace.forum.send')}
            </button>
          </form>
        </>
      )}
    </Frame>
  )
}

function MilestoneFields(props: { ctx: ViewContext; form: FormState; idPrefix: string }) {
  const { ctx, form, idPrefix } = props
  const { t } = ctx
  return (
    <>
      <TextField
        ctx={ctx}
        form={form}
        name="title"
        label={t('workspace.milestones.title')}
        maxLength={200}
        idPrefix={idPrefix}
      />
      <TextAreaField
        ctx={ctx}
        form={form}
        name="description"
        label={t('workspace.milestones.description')}
        rows={3}
        idPrefix={idPrefix}
      />
      <TextField
        ctx={ctx}
        form={form}
        name="due_date"
        label={t('workspace.milestones.due')}
        hint={t('workspace.milestones.due_hint')}
        maxLength={10}
        idPrefix={idPrefix}
      />
      <SelectField
        ctx={ctx}
        form={form}
        name="status"
        label={t('workspace.milestones.status_label')}
        options={MILESTONE_STATUSES.map((s) => [s, t(`workspace.milestones.status.${s}`)] as const)}
        idPrefix={idPrefix}
      />
    </>
  )
}

export function MilestonesView(props: {
  ctx: ViewContext
  data: MilestonesDetail
  form: FormState
  /** The milestone whose form came back with errors; null for the new-milestone form. */
  failed?: string | null
}) {
  const { ctx, data, form } = props
  const { t } = ctx
  const { project } = data
  const labels = {
    title: t('workspace.milestones.title'),
    description: t('workspace.milestones.description'),
    due_date: t('workspace.milestones.due'),
    status: t('workspace.milestones.status_label'),
  }
  const formFor = (id: string | null, values: Record<string, unknown>): FormState =>
    props.failed === id ? form : { values, errors: {} }
  // The form that came back with errors gets the ids the error summary links to; every other one its own.
  const prefixFor = (id: string | null) => (props.failed === id ? 'field' : id ? `m${id.slice(-8)}` : 'new')
  return (
    <Frame ctx={ctx} project={project} title={t('workspace.milestones.heading')}>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      {data.milestones.length === 0 && <p>{t('workspace.milestones.none')}</p>}
      <ol class="timeline">
        {data.milestones.map((m) => (
          <li>
            <h2>{m.title}</h2>
            <p>
              <span class={m.status === 'done' ? 'badge badge-ok' : 'badge badge-pending'}>
                {t(`workspace.milestones.status.${m.status}`)}
              </span>
              {m.due_date &&
                ` · ${t('workspace.milestones.due_on', { date: formatDate(ctx.locale, `${m.due_date}T12:00:00Z`, 'UTC') })}`}
            </p>
            {m.description && <Lines text={m.description} />}
            {project.can.teach && (
              <details open={props.failed === m.id}>
                <summary>{t('workspace.milestones.edit')}</summary>
                <form method="post" action={`${base(project)}/milestones/${m.id}`} novalidate>
                  <CsrfField ctx={ctx} />
                  <MilestoneFields
                    ctx={ctx}
                    idPrefix={prefixFor(m.id)}
                    form={formFor(m.id, {
                      title: m.title,
                      description: m.description ?? '',
                      due_date: m.due_date ?? '',
                      status: m.status,
                    })}
                  />
                  <button type="submit" class="button">
                    {t('workspace.milestones.save')}
                  </button>
                </form>
              </details>
            )}
          </li>
        ))}
      </ol>
      {project.can.teach && (
        <form method="post" action={`${base(project)}/milestones`} id="field-form" novalidate>
          <h2>{t('workspace.milestones.new')}</h2>
          <CsrfField ctx={ctx} />
          <MilestoneFields ctx={ctx} idPrefix={prefixFor(null)} form={formFor(null, { status: 'planned' })} />
          <button type="submit" class="button">
            {t('workspace.milestones.add')}
          </button>
        </form>
      )}
    </Frame>
  )
}

export function MembersView(props: {
  ctx: ViewContext
  data: MembersDetail
  form: FormState
  notice?: string
}) {
  const { ctx, data, form } = props
  const { t } = ctx
  const { project } = data
  const labels = { email: t('workspace.members.email') }
  return (
    <Frame ctx={ctx} project={project} title={t('workspace.members.heading')} notice={props.notice}>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('workspace.members.name')}</th>
            <th scope="col">{t('workspace.members.role')}</th>
            <th scope="col">{t('workspace.members.institution')}</th>
          </tr>
        </thead>
        <tbody>
          {data.members.map((m) => (
            <tr>
              <td>{m.name}</td>
              <td>
                {t(`workspace.members.roles.${m.role}`)}
                {m.status === 'invited' && ` · ${t('workspace.members.invited')}`}
                {m.pupil_admin && ` · ${t('workspace.members.pupil_admin')}`}
                {project.can.teach && m.role === 'pupil' && m.status === 'active' && (
                  <form
                    method="post"
                    action={`${base(project)}/members/${m.person_id}/pupil-admin`}
                    class="inline-form"
                  >
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="pupil_admin" value={m.pupil_admin ? '0' : '1'} />{' '}
                    <button type="submit" class="link-button">
                      {t(m.pupil_admin ? 'workspace.members.revoke_admin' : 'workspace.members.make_admin')}
                    </button>
                  </form>
                )}
              </td>
              <td>
                {m.institution ? <a href={`/institutions/${m.institution_slug}`}>{m.institution}</a> : '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {project.can.teach && (
        <>
          <p>
            <a href={`/projects/${project.id}/pupils`}>{t('workspace.members.pupils_link')}</a>
          </p>
          <form method="post" action={`${base(project)}/members/invite`} id="field-form" novalidate>
            <h2>{t('workspace.members.invite')}</h2>
            <CsrfField ctx={ctx} />
            <TextField
              ctx={ctx}
              form={form}
              name="email"
              type="email"
              label={labels.email}
              hint={t('workspace.members.email_hint')}
              maxLength={254}
            />
            <button type="submit" class="button">
              {t('workspace.members.invite_submit')}
            </button>
          </form>
        </>
      )}
    </Frame>
  )
}

export function StateView(props: { ctx: ViewContext; data: StateDetail; form: FormState }) {
  const { ctx, data, form } = props
  const { t } = ctx
  const { project } = data
  return (
    <Frame ctx={ctx} project={project} title={t('workspace.state.heading')}>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ confirm: t('workspace.state.confirm') }} />
      <h2>{t('workspace.state.archive')}</h2>
      <p>{t('workspace.state.archive_explained')}</p>
      <p>
        <strong>{t('workspace.state.pupils_deleted', { count: data.pupils })}</strong>
      </p>
      <form method="post" action={`${base(project)}/state`} id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="state" value="archived" />
        <p class="field">
          <label>
            <input type="checkbox" name="confirm" value="yes" id="field-confirm" />{' '}
            {t('workspace.state.confirm')}
          </label>
        </p>
        <button type="submit" class="button">
          {t('workspace.state.archive_submit')}
        </button>
      </form>
      <h2>{t('workspace.state.close')}</h2>
      <p>{t('workspace.state.close_explained')}</p>
      <form method="post" action={`${base(project)}/state`} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="state" value="closed" />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="button">
          {t('workspace.state.close_submit')}
        </button>
      </form>
    </Frame>
  )
}
