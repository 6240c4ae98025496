import { formatDate } from '../../../platform/i18n.ts'
import { CsrfField, ErrorSummary, type FormState, Notice } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import type { MembersOverview } from '../service.ts'

function DecisionButton(props: {
  ctx: ViewContext
  slug: string
  personId: string
  decision: 'confirm' | 'decline' | 'make_admin'
  label: string
  warning?: boolean
}) {
  return (
    <form method="post" action={`/institutions/${props.slug}/members/${props.personId}`} class="inline-form">
      <CsrfField ctx={props.ctx} />
      <input type="hidden" name="decision" value={props.decision} />
      <button type="submit" class={props.warning ? 'button button-warning' : 'button'}>
        {props.label}
      </button>
    </form>
  )
}

/** The institution's people as its admins and coordinators manage them: who waits, and who belongs. */
export function InstitutionMembersView(props: {
  ctx: ViewContext
  overview: MembersOverview
  notice?: string | undefined
  form?: FormState
}) {
  const { ctx, overview } = props
  const { t } = ctx
  const { slug, name } = overview.institution
  const errors = props.form?.errors ?? {}
  return (
    <article>
      <p class="breadcrumbs">
        <a href="/institutions">{t('institutions.title')}</a> › <a href={`/institutions/${slug}`}>{name}</a>
      </p>
      <h1>{t('institutions.membership.manage_title', { name })}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={{}} />
      {props.notice && <Notice kind="success">{t(`institutions.membership.done_${props.notice}`)}</Notice>}
      <h2>{t('institutions.membership.waiting')}</h2>
      {overview.pending.length === 0 ? (
        <p>{t('institutions.membership.none_waiting')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('institutions.name')}</th>
              <th scope="col">{t('institutions.membership.requested_at')}</th>
              <th scope="col">{t('institutions.membership.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.pending.map((p) => (
              <tr>
                <td>{p.name}</td>
                <td>
                  <time dateTime={p.requested_at}>
                    {formatDate(ctx.locale, p.requested_at, ctx.timeZone)}
                  </time>
                </td>
                <td>
                  <DecisionButton
                    ctx={ctx}
                    slug={slug}
                    personId={p.id}
                    decision="confirm"
                    label={t('institutions.membership.confirm')}
                  />{' '}
                  <DecisionButton
                    ctx={ctx}
                    slug={slug}
                    personId={p.id}
                    decision="decline"
                    label={t('institutions.membership.decline')}
                    warning
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('institutions.members')}</h2>
      {overview.members.length === 0 ? (
        <p>{t('institutions.no_members')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('institutions.name')}</th>
              <th scope="col">{t('institutions.membership.role')}</th>
              <th scope="col">{t('institutions.membership.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.members.map((m) => (
              <tr>
                <td>{m.name}</td>
                <td>{t(`institutions.membership.roles.${m.role}`)}</td>
                <td>
                  {m.role === 'member' && (
                    <DecisionButton
                      ctx={ctx}
                      slug={slug}
                      personId={m.id}
                      decision="make_admin"
                      label={t('institutions.membership.make_admin')}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  )
}
