import { formatDate } from '../../../platform/i18n.ts'
import { CsrfField, ErrorSummary, type FormState, Notice, TextAreaField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import type { ProjectDetail, reviewQueue } from '../service.ts'
import { titleIn } from '../service.ts'
import { FoundersList, History, NextActorText, ProjectSummary, StatusBadge } from './shared.tsx'

type Queue = Awaited<ReturnType<typeof reviewQueue>>

const STATUSES = ['in_review', 'awaiting_cofounders', 'returned', 'approved'] as const

export function QueueView(props: { ctx: ViewContext; queue: Queue; status: string; scope: string }) {
  const { ctx, queue } = props
  const { t } = ctx
  const pageLink = (page: number) =>
    `/admin/projects?${new URLSearchParams({ status: props.status, ...(props.scope ? { scope: props.scope } : {}), page: String(page) }).toString()}`
  return (
    <section>
      <h1>{t('projects.queue_title')}</h1>
      <form method="get" action="/admin/projects" class="filters">
        <div class="field">
          <label for="filter-status">{t('projects.status')}</label>
          <select id="filter-status" name="status">
            {STATUSES.map((s) => (
              <option value={s} selected={s === props.status}>
                {t(`projects.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-scope">{t('projects.fields.scope')}</label>
          <select id="filter-scope" name="scope">
            <option value="">{t('projects.any_scope')}</option>
            {(['national', 'international'] as const).map((s) => (
              <option value={s} selected={s === props.scope}>
                {t(`projects.scopes.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          {t('projects.filter')}
        </button>
      </form>
      {queue.items.length === 0 ? (
        <p>{t('projects.queue_empty')}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">{t('projects.queue_title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('projects.fields.title_plain')}</th>
              <th scope="col">{t('projects.fields.scope')}</th>
              <th scope="col">{t('projects.fields.institutions')}</th>
              <th scope="col">{t('projects.submitted_at')}</th>
              <th scope="col">{t('projects.waiting')}</th>
            </tr>
          </thead>
          <tbody>
            {queue.items.map((item) => (
              <tr>
                <td>
                  <a href={`/admin/projects/${item.id}`}>{item.title}</a>
                </td>
                <td>{t(`projects.scopes.${item.scope}`)}</td>
                <td>{item.institutions.join('; ') || '–'}</td>
                <td>{item.submittedAt ? formatDate(ctx.locale, item.submittedAt, ctx.timeZone) : '–'}</td>
                <td>{t('projects.waiting_days', { count: item.waitingDays })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(queue.page > 1 || queue.hasNext) && (
        <nav class="pagination" aria-label={t('projects.pages')}>
          {queue.page > 1 && <a href={pageLink(queue.page - 1)}>{t('projects.previous_page')}</a>}{' '}
          {queue.hasNext && <a href={pageLink(queue.page + 1)}>{t('projects.next_page')}</a>}
        </nav>
      )}
    </section>
  )
}

export function ReviewView(props: {
  ctx: ViewContext
  detail: ProjectDetail
  form: FormState
  /** Why this coordinator may not decide (they are part of the project), or null. */
  refusal: string | null
}) {
  const { ctx, detail, form } = props
  const { t } = ctx
  const p = detail.project
  return (
    <section class="narrow">
      <p>
        <a href="/admin/projects">{t('projects.back_to_queue')}</a>
      </p>
      <h1>{titleIn(p, ctx.locale)}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ comment: t('projects.review.comment') }} />
      <dl class="summary-list">
        <div>
          <dt>{t('projects.status')}</dt>
          <dd>
            <StatusBadge ctx={ctx} status={p.status} />
          </dd>
        </div>
        <div>
          <dt>{t('projects.next_actor')}</dt>
          <dd>
            <NextActorText ctx={ctx} next={detail.next} />
          </dd>
        </div>
      </dl>
      <h2>{t('projects.fields.founders')}</h2>
      <FoundersList ctx={ctx} founders={detail.founders} />
      <h2>{t('projects.plan_title')}</h2>
      <ProjectSummary ctx={ctx} detail={detail} />
      <h2>{t('projects.history_title')}</h2>
      <History ctx={ctx} events={detail.history} />
      {p.status === 'in_review' &&
        (props.refusal ? (
          <Notice>{props.refusal}</Notice>
        ) : (
          <form method="post" action={`/admin/projects/${p.id}`} novalidate>
            <h2>{t('projects.review.decision')}</h2>
            <CsrfField ctx={ctx} />
            <TextAreaField
              ctx={ctx}
              form={form}
              name="comment"
              label={t('projects.review.comment')}
              hint={t('projects.review.comment_hint')}
              maxLength={5000}
            />
            <p>
              <button type="submit" name="decision" value="approve" class="button">
                {t('projects.review.approve')}
              </button>{' '}
              <button type="submit" name="decision" value="return" class="button">
                {t('projects.review.return')}
              </button>
            </p>
          </form>
        ))}
    </section>
  )
}
