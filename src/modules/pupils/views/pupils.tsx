import { formatDate } from '../../../platform/i18n.ts'
import { CsrfField, ErrorSummary, type FormState, Notice, TextField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { type IssuedCode, PSEUDONYM_MAX, type PupilItem, type PupilsOverview } from '../service.ts'

function Breadcrumbs(props: { ctx: ViewContext; project: { id: string; title: string }; list?: boolean }) {
  const { t } = props.ctx
  return (
    <p class="breadcrumbs no-print">
      <a href={`/projects/${props.project.id}/workspace`}>{props.project.title}</a>
      {props.list && (
        <>
          {' › '}
          <a href={`/projects/${props.project.id}/pupils`}>{t('pupils.title')}</a>
        </>
      )}
    </p>
  )
}

function CodeState(props: { ctx: ViewContext; code: PupilItem['code'] }) {
  const { ctx, code } = props
  const date = (iso: string) => formatDate(ctx.locale, iso, ctx.timeZone)
  if (code.state === 'used') return <>{ctx.t('pupils.code_used', { date: date(code.usedAt) })}</>
  if (code.state === 'valid') return <>{ctx.t('pupils.code_valid', { date: date(code.expiresAt) })}</>
  return <span class="badge badge-pending">{ctx.t('pupils.code_expired')}</span>
}

/** A project's pupils as its teachers manage them: add one, hand out a new code, delete one. */
export function PupilsView(props: {
  ctx: ViewContext
  overview: PupilsOverview
  form: FormState
  deleted?: boolean
}) {
  const { ctx, overview, form } = props
  const { t } = ctx
  const { project } = overview
  const base = `/projects/${project.id}/pupils`
  return (
    <article>
      <Breadcrumbs ctx={ctx} project={project} />
      <h1>{t('pupils.title_of', { project: project.title })}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ pseudonym: t('pupils.pseudonym') }} />
      {props.deleted && <Notice kind="success">{t('pupils.deleted')}</Notice>}
      <p class="lead">{t('pupils.intro')}</p>
      <h2>{t('pupils.list_title')}</h2>
      {overview.pupils.length === 0 ? (
        <p>{t('pupils.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('pupils.pseudonym')}</th>
              <th scope="col">{t('pupils.added')}</th>
              <th scope="col">{t('pupils.code')}</th>
              <th scope="col">{t('pupils.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.pupils.map((p) => (
              <tr>
                <td>{p.name}</td>
                <td>
                  <time dateTime={p.addedAt}>{formatDate(ctx.locale, p.addedAt, ctx.timeZone)}</time>
                </td>
                <td>
                  <CodeState ctx={ctx} code={p.code} />
                </td>
                <td>
                  {overview.canIssueCodes && (
                    <form method="post" action={`${base}/${p.id}/code`} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="button">
                        {t('pupils.new_code')}
                        <span class="visually-hidden"> {p.name}</span>
                      </button>
                    </form>
                  )}{' '}
                  <a href={`${base}/${p.id}/delete`}>
                    {t('pupils.delete')}
                    <span class="visually-hidden"> {p.name}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {overview.canIssueCodes && overview.pupils.length > 0 && (
        <p class="hint">{t('pupils.new_code_hint')}</p>
      )}
      <h2>{t('pupils.add_title')}</h2>
      {overview.canIssueCodes ? (
        <form method="post" action={base} id="field-form" novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            form={form}
            name="pseudonym"
            label={t('pupils.pseudonym')}
            hint={t('pupils.pseudonym_hint', { count: PSEUDONYM_MAX })}
            maxLength={PSEUDONYM_MAX}
            autocomplete="off"
          />
          <button type="submit" class="button">
            {t('pupils.add_submit')}
          </button>
        </form>
      ) : (
        <p>{t('pupils.workspace_not_open')}</p>
      )}
    </article>
  )
}

/**
 * The printable card with a freshly issued code. It is shown this once (only the hash is stored), so the page
 * says so; printing leaves out everything but the card (print styles in style.css).
 */
export function CodeCardView(props: { ctx: ViewContext; issued: IssuedCode; signInUrl: string }) {
  const { ctx, issued } = props
  const { t } = ctx
  return (
    <article>
      <Breadcrumbs ctx={ctx} project={issued.project} list />
      <h1 class="no-print">{t('pupils.card_title', { name: issued.pupil.name })}</h1>
      <div class="no-print">
        <Notice>
          <p>{t('pupils.card_once')}</p>
          <p>{t('pupils.card_print_hint')}</p>
        </Notice>
      </div>
      <section class="pupil-card" aria-labelledby="pupil-card-title">
        <h2 id="pupil-card-title">{t('site.name')}</h2>
        <dl class="summary-list">
          <div>
            <dt>{t('pupils.card_project')}</dt>
            <dd>{issued.project.title}</dd>
          </div>
          <div>
            <dt>{t('pupils.pseudonym')}</dt>
            <dd>{issued.pupil.name}</dd>
          </div>
          <div>
            <dt>{t('pupils.card_address')}</dt>
            <dd>{props.signInUrl}</dd>
          </div>
          <div>
            <dt>{t('pupils.card_code')}</dt>
            <dd>
              <code class="pupil-code">{issued.code}</code>
            </dd>
          </div>
        </dl>
        <p>{t('pupils.card_expires', { date: formatDate(ctx.locale, issued.expiresAt, ctx.timeZone) })}</p>
      </section>
      <p class="no-print">
        <a href={`/projects/${issued.project.id}/pupils`}>{t('pupils.back_to_list')}</a>
      </p>
    </article>
  )
}

export function DeletePupilView(props: {
  ctx: ViewContext
  project: { id: string; title: string }
  pupil: { id: string; name: string }
}) {
  const { ctx, project, pupil } = props
  const { t } = ctx
  const list = `/projects/${project.id}/pupils`
  return (
    <article class="narrow">
      <Breadcrumbs ctx={ctx} project={project} list />
      <h1>{t('pupils.delete_title', { name: pupil.name })}</h1>
      <p>{t('pupils.delete_body')}</p>
      <form method="post" action={`${list}/${pupil.id}/delete`}>
        <CsrfField ctx={ctx} />
        <button type="submit" class="button button-warning">
          {t('pupils.delete_confirm')}
        </button>{' '}
        <a href={list}>{t('pupils.cancel')}</a>
      </form>
    </article>
  )
}
