import type { Locale } from '../../../config.ts'
import { formatDate, formatDateTime } from '../../../platform/i18n.ts'
import type { StoredAnswer } from '../../../platform/questions.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import type { ApplicationDetail } from '../service.ts'
import { localised } from '../service.ts'

export function Timeline(props: { ctx: ViewContext; events: ApplicationDetail['timeline'] }) {
  const { ctx } = props
  return (
    <ol class="timeline">
      {props.events.map((e) => (
        <li>
          <strong>{ctx.t(`applications.events.${e.kind}`)}</strong> ·{' '}
          {formatDateTime(ctx.locale, e.at, ctx.timeZone)}
          {e.actor ? ` · ${e.actor}` : ''}
          {e.message && <p>{e.message}</p>}
        </li>
      ))}
    </ol>
  )
}

function answerText(ctx: ViewContext, a: ApplicationDetail['labelledAnswers'][number]): string {
  const label = (value: string) => {
    const option = a.options.find((o) => o.value === value)
    return option ? localised({ ...option }, 'label', ctx.locale as Locale) : value
  }
  const value: StoredAnswer = a.value
  if (typeof value === 'boolean') return ctx.t(value ? 'applications.yes' : 'applications.no')
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value)) return value.map(label).join(', ')
  if (typeof value === 'string') {
    if (a.kind === 'date') return formatDate(ctx.locale, `${value}T12:00:00Z`, 'UTC')
    return a.kind === 'choice' ? label(value) : value
  }
  return ''
}

export function AnswerList(props: { ctx: ViewContext; application: ApplicationDetail }) {
  const { ctx, application: a } = props
  const { t } = ctx
  return (
    <dl class="summary-list">
      <div>
        <dt>{t('applications.institution')}</dt>
        <dd>
          {a.institution ? a.institution.name : '–'}
          {a.institution?.proposed && ` (${t('applications.proposed')})`}
          {a.proposal &&
            ` · ${[a.proposal.type && t(`institution_types.${a.proposal.type}`), a.proposal.city, a.proposal.region, a.proposal.country].filter(Boolean).join(', ')}`}
        </dd>
      </div>
      <div>
        <dt>{t('applications.staff_role')}</dt>
        <dd>{t(`applications.staff_roles.${a.staffRole}`)}</dd>
      </div>
      <div>
        <dt>{t('applications.subjects')}</dt>
        <dd>{a.subjects.join(', ') || '–'}</dd>
      </div>
      <div>
        <dt>{t('applications.age_range')}</dt>
        <dd>{a.ageFrom !== null || a.ageTo !== null ? `${a.ageFrom ?? '?'}–${a.ageTo ?? '?'}` : '–'}</dd>
      </div>
      <div>
        <dt>{t('applications.languages')}</dt>
        <dd>{a.languages.join(', ') || '–'}</dd>
      </div>
      {a.labelledAnswers.map((answer) => (
        <div>
          <dt>{answer.label}</dt>
          <dd>
            {typeof answer.value === 'object' && answer.value !== null && 'file' in answer.value ? (
              <a href={`/application-files/${answer.value.file}`}>{t('applications.download_file')}</a>
            ) : (
              answerText(ctx, answer)
            )}
          </dd>
        </div>
      ))}
    </dl>
  )
}
