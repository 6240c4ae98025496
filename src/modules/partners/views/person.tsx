import type { Locale } from '../../../config.ts'
import { formatDateTime } from '../../../platform/i18n.ts'
import {
  CsrfField,
  ErrorSummary,
  type FormState,
  Notice,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { LabelBadges } from '../../labels/badges.tsx'
import { type Subject, subjectName } from '../../subjects/service.ts'
import type { InboxMessage, PersonPage } from '../service.ts'

/** A member's profile; the email address is never part of it. */
export function PersonView(props: {
  ctx: ViewContext
  person: PersonPage
  subjects: Subject[]
  form: FormState
  sent?: boolean
}) {
  const { ctx, person, form } = props
  const { t } = ctx
  const names = new Map(props.subjects.map((s) => [s.code, subjectName(s, ctx.locale as Locale)]))
  const labels = { subject: t('partners.contact_subject'), body: t('partners.contact_body') }
  return (
    <section class="narrow">
      <h1>{person.name}</h1>
      {person.projectLabels.length > 0 && (
        <>
          <h2>{t('labels.member_labels')}</h2>
          <LabelBadges ctx={ctx} labels={person.projectLabels} />
        </>
      )}
      {person.isSelf && <Notice>{t(`profiles.visibility_${person.visibility}`)}</Notice>}
      <dl class="summary-list">
        {person.institution && (
          <div>
            <dt>{t('profiles.institution')}</dt>
            <dd>
              {person.institution.name}
              {person.institution.city && `, ${person.institution.city}`}
            </dd>
          </div>
        )}
        {person.subjects.length > 0 && (
          <div>
            <dt>{t('profiles.subjects')}</dt>
            <dd>{person.subjects.map((s) => names.get(s) ?? s).join(', ')}</dd>
          </div>
        )}
        {person.languages.length > 0 && (
          <div>
            <dt>{t('profiles.languages')}</dt>
            <dd>{person.languages.map((l) => t(`profiles.lang.${l}`)).join(', ')}</dd>
          </div>
        )}
        {(person.ageMin !== null || person.ageMax !== null) && (
          <div>
            <dt>{t('profiles.ages')}</dt>
            <dd>
              {person.ageMin ?? '…'}–{person.ageMax ?? '…'}
            </dd>
          </div>
        )}
      </dl>
      {person.lookingForPartners && (
        <>
          <h2>
            <span class="badge badge-ok">{t('partners.looking_badge')}</span>
          </h2>
          {person.idea && <p>{person.idea}</p>}
        </>
      )}
      {props.sent && <Notice kind="success">{t('partners.contact_sent')}</Notice>}
      {person.canContact && (
        <>
          <h2 id="contact">{t('partners.contact_title', { name: person.name })}</h2>
          <p>{t('partners.contact_intro')}</p>
          <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
          <form method="post" action={`/people/${person.id}/contact`} id="field-form" novalidate>
            <CsrfField ctx={ctx} />
            <TextField ctx={ctx} form={form} name="subject" label={labels.subject} maxLength={200} />
            <TextAreaField ctx={ctx} form={form} name="body" label={labels.body} rows={6} maxLength={5000} />
            <button type="submit" class="button">
              {t('partners.contact_send')}
            </button>
          </form>
        </>
      )}
    </section>
  )
}

export function InboxView(props: { ctx: ViewContext; messages: InboxMessage[] }) {
  const { ctx } = props
  const { t } = ctx
  return (
    <section class="narrow">
      <h1>{t('partners.inbox_title')}</h1>
      {props.messages.length === 0 && <p>{t('partners.inbox_empty')}</p>}
      <ol class="results">
        {props.messages.map((m) => (
          <li class="card">
            <h2>{m.subject}</h2>
            <p>
              {m.from.id ? <a href={`/people/${m.from.id}`}>{m.from.name}</a> : m.from.name} ·{' '}
              {formatDateTime(ctx.locale, m.createdAt, ctx.timeZone)}
            </p>
            <p>{m.body}</p>
            {m.from.id && (
              <p>
                <a href={`/people/${m.from.id}#contact`}>{t('partners.reply')}</a>
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
