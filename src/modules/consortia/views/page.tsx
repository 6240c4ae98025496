import { CsrfField, Notice } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'
import { type ConsortiumDetail, codesOf, titleIn } from '../service.ts'
import { Breadcrumbs, day, money, period } from './shared.tsx'

export function ConsortiumPage(props: { ctx: ViewContext; detail: ConsortiumDetail; done?: string }) {
  const { ctx, detail } = props
  const { t, locale } = ctx
  const { row } = detail
  const title = titleIn(row, locale)
  const summary = row[`summary_${locale}`] ?? row.summary_en ?? row.summary_az ?? row.summary_ru
  const groups = codesOf(row.target_groups)
  return (
    <article>
      <Breadcrumbs ctx={ctx} />
      {props.done && <Notice kind="success">{t(`consortia.done.${props.done}`)}</Notice>}
      <h1>
        {row.acronym ? `${row.acronym} — ` : ''}
        {title}
      </h1>
      {(row.good_practice === 1 || row.success_story === 1) && (
        <p>
          {row.good_practice === 1 && <span class="badge">{t('consortia.flags.good_practice')}</span>}{' '}
          {row.success_story === 1 && <span class="badge">{t('consortia.flags.success_story')}</span>}
        </p>
      )}
      <dl class="summary-list facts">
        {row.reference && (
          <>
            <dt>{t('consortia.fields.reference')}</dt>
            <dd>{row.reference}</dd>
          </>
        )}
        <dt>{t('consortia.fields.programme')}</dt>
        <dd>{[row.programme, row.key_action, row.action_type].filter(Boolean).join(' · ')}</dd>
        {row.funder && (
          <>
            <dt>{t('consortia.fields.funder')}</dt>
            <dd>{row.funder}</dd>
          </>
        )}
        {row.call_year !== null && (
          <>
            <dt>{t('consortia.fields.call_year')}</dt>
            <dd>{row.call_year}</dd>
          </>
        )}
        <dt>{t('consortia.fields.status')}</dt>
        <dd>{t(`consortia.status.${row.status}`)}</dd>
        {(row.start_date || row.end_date) && (
          <>
            <dt>{t('consortia.fields.period')}</dt>
            <dd>{period(ctx, row.start_date, row.end_date)}</dd>
          </>
        )}
        {row.grant_minor !== null && (
          <>
            <dt>{t('consortia.fields.grant')}</dt>
            <dd>{money(ctx, row.grant_minor, row.currency ?? 'EUR')}</dd>
          </>
        )}
        {groups.length > 0 && (
          <>
            <dt>{t('consortia.fields.target_groups')}</dt>
            <dd>{groups.map((g) => t(`consortia.target_groups.${g}`)).join(', ')}</dd>
          </>
        )}
        {row.coordinator_contact_name && (
          <>
            <dt>{t('consortia.fields.coordinator_contact_name')}</dt>
            <dd>{row.coordinator_contact_name}</dd>
          </>
        )}
        {row.website && (
          <>
            <dt>{t('consortia.fields.website')}</dt>
            <dd>
              <a href={row.website} rel="external noopener">
                {row.website}
              </a>
            </dd>
          </>
        )}
        {row.results_url && (
          <>
            <dt>{t('consortia.fields.results_url')}</dt>
            <dd>
              <a href={row.results_url} rel="external noopener">
                {t('consortia.results_link')}
              </a>
            </dd>
          </>
        )}
      </dl>
      {summary && (
        <section aria-labelledby="summary">
          <h2 id="summary">{t('consortia.fields.summary')}</h2>
          {summary.split(/\n{2,}/).map((paragraph) => (
            <p>{paragraph}</p>
          ))}
        </section>
      )}

      <section aria-labelledby="partners">
        <h2 id="partners">{t('consortia.partners.title')}</h2>
        {detail.partners.length === 0 && <p>{t('consortia.partners.none')}</p>}
        <ul class="plain-links">
          {detail.partners.map((p) => (
            <li>
              <a href={`/institutions/${p.slug}`}>{p.name}</a> ({countryName(p.country, locale)}) —{' '}
              {t(`consortia.roles.${p.role}`)}
              {p.erasmus_pic && ` · PIC ${p.erasmus_pic}`}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="work-packages">
        <h2 id="work-packages">{t('consortia.work_packages.title')}</h2>
        {detail.workPackages.length === 0 && <p>{t('consortia.work_packages.none')}</p>}
        {detail.workPackages.map((wp) => (
          <section aria-labelledby={`wp-${wp.number}`}>
            <h3 id={`wp-${wp.number}`}>
              {t('consortia.work_packages.label', { number: wp.number })}: {wp.title}
            </h3>
            <p>
              {wp.lead_name && `${t('consortia.work_packages.lead')}: ${wp.lead_name}`}
              {(wp.start_date || wp.end_date) && ` · ${period(ctx, wp.start_date, wp.end_date)}`}
            </p>
            {wp.description && <p>{wp.description}</p>}
            {wp.deliverables.length > 0 && (
              <table class="table">
                <caption>{t('consortia.deliverables.caption', { number: wp.number })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('consortia.deliverables.code')}</th>
                    <th scope="col">{t('consortia.deliverables.name')}</th>
                    <th scope="col">{t('consortia.deliverables.due_date')}</th>
                    <th scope="col">{t('consortia.deliverables.status_label')}</th>
                  </tr>
                </thead>
                <tbody>
                  {wp.deliverables.map((d) => (
                    <tr>
                      <td>{d.code}</td>
                      <td>{d.title}</td>
                      <td>{d.due_date ? day(ctx, d.due_date) : ''}</td>
                      <td>
                        {t(`consortia.deliverables.status.${d.status}`)}
                        {d.delivered_on && ` (${day(ctx, d.delivered_on)})`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {wp.canEdit && (
              <p>
                <a href={`/consortia/${row.slug}/work-packages/${wp.id}`}>
                  {t('consortia.work_packages.edit', { number: wp.number })}
                </a>
              </p>
            )}
          </section>
        ))}
      </section>

      <section aria-labelledby="outcomes">
        <h2 id="outcomes">{t('consortia.outcomes.title')}</h2>
        <p>
          <a href={`/outcomes?project=${encodeURIComponent(row.slug)}`}>{t('consortia.outcomes.link')}</a>
        </p>
      </section>

      {detail.meetings.length > 0 && (
        <section aria-labelledby="meetings">
          <h2 id="meetings">{t('consortia.meetings.title')}</h2>
          <ul class="plain-links">
            {detail.meetings.map((m) => (
              <li>
                <a href={`/events/${m.slug}`}>{titleIn(m, locale)}</a> —{' '}
                {t(`consortia.meetings.kinds.${m.kind}`)}
                {', '}
                {day(ctx, new Date(m.starts_at).toISOString().slice(0, 10))}
              </li>
            ))}
          </ul>
        </section>
      )}

      {(detail.canEdit || detail.canFlag) && (
        <section class="organiser-tools" aria-labelledby="manager-tools">
          <h2 id="manager-tools">{t('consortia.tools')}</h2>
          {detail.canEdit && (
            <ul class="plain-links">
              <li>
                <a href={`/consortia/${row.slug}/edit`}>{t('consortia.edit')}</a>
              </li>
              <li>
                <a href={`/consortia/${row.slug}/manage`}>{t('consortia.manage')}</a>
              </li>
            </ul>
          )}
          {detail.canFlag && (
            <form method="post" action={`/consortia/${row.slug}/flags`}>
              <CsrfField ctx={ctx} />
              <fieldset>
                <legend>{t('consortia.flags.legend')}</legend>
                {(['good_practice', 'success_story'] as const).map((flag) => (
                  <div class="checkbox">
                    <input
                      type="checkbox"
                      id={`flag-${flag}`}
                      name={flag}
                      value="yes"
                      checked={row[flag] === 1}
                    />
                    <label for={`flag-${flag}`}>{t(`consortia.flags.${flag}`)}</label>
                  </div>
                ))}
              </fieldset>
              <button type="submit" class="button">
                {t('consortia.flags.save')}
              </button>
            </form>
          )}
        </section>
      )}
    </article>
  )
}
