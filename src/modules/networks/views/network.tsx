import type { Locale } from '../../../config.ts'
import { formatDate, formatNumber } from '../../../platform/i18n.ts'
import {
  CsrfField,
  ErrorSummary,
  type FieldProps,
  type FormState,
  LocalisedFields,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'
import type { DocumentRow } from '../queries.ts'
import { NETWORK_KINDS } from '../schemas.ts'
import { documentUrl, groupUrl, type NetworkCard, type NetworkPage } from '../service.ts'

/** Text in the language it is written in: the lang attribute tells a screen reader when it differs from the page. */
export function Text(props: { ctx: ViewContext; value: { text: string; lang: Locale } | null }) {
  if (!props.value) return null
  return props.value.lang === props.ctx.locale ? (
    <>{props.value.text}</>
  ) : (
    <span lang={props.value.lang}>{props.value.text}</span>
  )
}

export const day = (ctx: ViewContext, iso: string) => formatDate(ctx.locale, iso, 'UTC')

export function NetworksListView(props: { ctx: ViewContext; networks: NetworkCard[] }) {
  const { ctx, networks } = props
  const { t } = ctx
  return (
    <section>
      <h1>{t('networks.title')}</h1>
      <p class="lead">{t('networks.lead')}</p>
      {ctx.actor.roles.has('coordinator') && (
        <p>
          <a class="button" href="/networks/new">
            {t('networks.new')}
          </a>
        </p>
      )}
      {networks.length === 0 ? (
        <p>{t('networks.none')}</p>
      ) : (
        <ul class="results">
          {networks.map((n) => (
            <li class="card">
              <h2>
                <a href={n.url}>
                  <Text ctx={ctx} value={n.name} />
                </a>
                {n.acronym ? ` (${n.acronym})` : ''}
              </h2>
              <p>
                {t(`networks.kinds.${n.kind}`)} ·{' '}
                {t('networks.counter_line', {
                  members: t('networks.members_count', { count: n.members }),
                  countries: t('networks.countries_count', { count: n.countries }),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** A document or material: a link, or its uploaded file. */
export function DocumentLink(props: { ctx: ViewContext; slug: string; doc: DocumentRow }) {
  const { ctx, doc } = props
  const href = doc.url ?? documentUrl(props.slug, doc.id)
  return (
    <>
      <a href={href}>{doc.title}</a>{' '}
      <span class="hint">
        {doc.url
          ? ctx.t('networks.link')
          : `${doc.original_name ?? ''}, ${formatNumber(ctx.locale, Math.ceil((doc.size ?? 0) / 1024))} KB`}{' '}
        · {ctx.t(`networks.visibility.${doc.visibility}`)}
      </span>
    </>
  )
}

/** Members per country as a bar chart drawn on the server: no script, no map tiles, no outside requests. */
function CountryChart(props: { ctx: ViewContext; rows: NetworkPage['membersByCountry'] }) {
  const { ctx, rows } = props
  const max = Math.max(1, ...rows.map((r) => r.members.length))
  const rowHeight = 22
  const labelWidth = 180
  const barWidth = 300
  return (
    <svg
      role="img"
      aria-labelledby="country-chart-title"
      viewBox={`0 0 ${labelWidth + barWidth + 50} ${rows.length * rowHeight}`}
      width="100%"
      class="country-chart"
    >
      <title id="country-chart-title">{ctx.t('networks.chart_title')}</title>
      {rows.map((r, i) => (
        <g>
          <text x={0} y={i * rowHeight + 15} font-size="13">
            {countryName(r.country, ctx.locale)}
          </text>
          <rect
            x={labelWidth}
            y={i * rowHeight + 4}
            height={14}
            width={Math.max(2, Math.round((r.members.length / max) * barWidth))}
            fill="#1d5fa8"
          />
          <text
            x={labelWidth + Math.max(2, Math.round((r.members.length / max) * barWidth)) + 6}
            y={i * rowHeight + 15}
            font-size="13"
          >
            {formatNumber(ctx.locale, r.members.length)}
          </text>
        </g>
      ))}
    </svg>
  )
}

export function NetworkView(props: {
  ctx: ViewContext
  data: NetworkPage
  materials: DocumentRow[]
  notice?: string
}) {
  const { ctx, data } = props
  const { t, locale } = ctx
  const base = `/networks/${data.slug}`
  return (
    <article>
      <p class="breadcrumbs">
        <a href="/networks">{t('networks.title')}</a>
      </p>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <h1>
        <Text ctx={ctx} value={data.name} />
        {data.acronym ? ` (${data.acronym})` : ''}
      </h1>
      <p>
        {t(`networks.kinds.${data.kind}`)}
        {data.foundedOn ? ` · ${t('networks.founded_on', { date: day(ctx, data.foundedOn) })}` : ''}
      </p>
      {data.foundedBy && (
        <p>
          {t('networks.founded_by')} <a href={`/consortia/${data.foundedBy.slug}`}>{data.foundedBy.title}</a>
        </p>
      )}
      {data.mission && (
        <p class="lead">
          <Text ctx={ctx} value={data.mission} />
        </p>
      )}
      {data.website && (
        <p>
          <a href={data.website} rel="noopener">
            {t('networks.website')}
          </a>
        </p>
      )}
      <p>
        {data.abilities.manage && (
          <>
            <a class="button" href={`${base}/manage`}>
              {t('networks.manage')}
            </a>{' '}
            <a href={`${base}/edit`}>{t('networks.edit')}</a>{' '}
          </>
        )}
        {data.abilities.canJoin && <a href={`${base}/join`}>{t('networks.join')}</a>}
      </p>

      <section aria-labelledby="counters-title">
        <h2 id="counters-title" class="visually-hidden">
          {t('networks.counters_title')}
        </h2>
        <ul class="counters">
          <li>
            <span class="counter-value">{formatNumber(locale, data.counters.members)}</span>
            <span class="counter-label">{t('networks.members_label', { count: data.counters.members })}</span>
          </li>
          {data.counters.universities > 0 && (
            <li>
              <span class="counter-value">{formatNumber(locale, data.counters.universities)}</span>
              <span class="counter-label">
                {t('networks.universities_label', { count: data.counters.universities })}
              </span>
            </li>
          )}
          <li>
            <span class="counter-value">{formatNumber(locale, data.counters.countries)}</span>
            <span class="counter-label">
              {t('networks.countries_label', { count: data.counters.countries })}
            </span>
          </li>
        </ul>
        <p>
          {t('networks.counter_line', {
            members: t(
              data.counters.universities === data.counters.members && data.counters.members > 0
                ? 'networks.universities_count'
                : 'networks.members_count',
              { count: data.counters.members },
            ),
            countries: t('networks.countries_count', { count: data.counters.countries }),
          })}
        </p>
      </section>

      {data.officers.length > 0 && (
        <section aria-labelledby="officers-title">
          <h2 id="officers-title">{t('networks.officers')}</h2>
          <ul class="summary-list">
            {data.officers.map((o) => (
              <li>
                {o.name} — {t(`networks.roles.${o.role}`)} (
                {t('networks.term_since', { date: day(ctx, o.term_start) })}
                {o.term_end ? ` – ${day(ctx, o.term_end)}` : ''})
              </li>
            ))}
          </ul>
        </section>
      )}

      {data.centres.length > 0 && (
        <section aria-labelledby="centres-title">
          <h2 id="centres-title">{t('networks.centres')}</h2>
          <ul>
            {data.centres.map((c) => (
              <li>
                <strong>
                  <Text ctx={ctx} value={c.name} />
                </strong>
                {' — '}
                <a href={`/institutions/${c.institution_slug}`}>{c.institution_name}</a>
                {c.countries.length > 0 &&
                  ` · ${c.countries.map((code) => countryName(code, locale)).join(', ')}`}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="members-title">
        <h2 id="members-title">{t('networks.members_by_country')}</h2>
        {data.membersByCountry.length === 0 ? (
          <p>{t('networks.no_members')}</p>
        ) : (
          <>
            <CountryChart ctx={ctx} rows={data.membersByCountry} />
            {data.membersByCountry.map((c) => (
              <details>
                <summary>
                  {countryName(c.country, locale)} ({formatNumber(locale, c.members.length)})
                </summary>
                <ul>
                  {c.members.map((m) => (
                    <li>
                      <a href={`/institutions/${m.institution_slug}`}>{m.institution_name}</a>
                      {m.category !== 'member' ? ` — ${t(`networks.categories.${m.category}`)}` : ''}
                      {m.member_since ? ` · ${t('networks.since', { date: day(ctx, m.member_since) })}` : ''}
                    </li>
                  ))}
                </ul>
              </details>
            ))}
          </>
        )}
      </section>

      {data.documents.length > 0 && (
        <section aria-labelledby="documents-title">
          <h2 id="documents-title">{t('networks.documents')}</h2>
          <ul>
            {data.documents.map((d) => (
              <li>
                {d.kind === 'statute' ? `${t('networks.statute')}: ` : ''}
                <DocumentLink ctx={ctx} slug={data.slug} doc={d} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {props.materials.length > 0 && (
        <section aria-labelledby="materials-title">
          <h2 id="materials-title">{t('networks.public_materials')}</h2>
          <ul>
            {props.materials.map((d) => (
              <li>
                <DocumentLink ctx={ctx} slug={data.slug} doc={d} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {data.groups.length > 0 && (
        <section aria-labelledby="groups-title">
          <h2 id="groups-title">{t('networks.groups')}</h2>
          <ul>
            {data.groups.map((g) => (
              <li>
                <a href={groupUrl(data.slug, g.id)}>{g.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}

      {data.events.length > 0 && (
        <section aria-labelledby="events-title">
          <h2 id="events-title">{t('networks.events')}</h2>
          <ul>
            {data.events.map((e) => (
              <li>
                <a href={`/events/${e.slug}`}>
                  <Text ctx={ctx} value={e.title} />
                </a>{' '}
                · {day(ctx, e.startsAt)}
              </li>
            ))}
          </ul>
        </section>
      )}

      {data.outcomes.length > 0 && (
        <section aria-labelledby="outcomes-title">
          <h2 id="outcomes-title">{t('networks.outcomes')}</h2>
          <ul>
            {data.outcomes.map((o) => (
              <li>
                <a href={`/outcomes/${o.slug}`}>
                  <Text ctx={ctx} value={o.title} />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  )
}

function LongText(props: FieldProps) {
  return <TextAreaField {...props} rows={5} />
}

export const NETWORK_FIELD_LABELS = (ctx: ViewContext): Record<string, string> => ({
  form: '',
  kind: ctx.t('networks.fields.kind'),
  name_az: ctx.t('networks.fields.name_az'),
  name_en: ctx.t('networks.fields.name_en'),
  name_ru: ctx.t('networks.fields.name_ru'),
  acronym: ctx.t('networks.fields.acronym'),
  mission_az: ctx.t('networks.fields.mission_az'),
  mission_en: ctx.t('networks.fields.mission_en'),
  mission_ru: ctx.t('networks.fields.mission_ru'),
  founded_on: ctx.t('networks.fields.founded_on'),
  founded_by: ctx.t('networks.fields.founded_by'),
  website: ctx.t('networks.fields.website'),
})

/** Setting a network up (no slug) or editing it. */
export function NetworkFormView(props: { ctx: ViewContext; form: FormState; slug?: string }) {
  const { ctx, form } = props
  const { t } = ctx
  return (
    <section class="narrow">
      {props.slug && (
        <p class="breadcrumbs">
          <a href={`/networks/${props.slug}`}>{t('networks.back')}</a>
        </p>
      )}
      <h1>{props.slug ? t('networks.edit') : t('networks.new')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={NETWORK_FIELD_LABELS(ctx)} />
      <form
        method="post"
        action={props.slug ? `/networks/${props.slug}` : '/networks'}
        id="field-form"
        novalidate
      >
        <CsrfField ctx={ctx} />
        <SelectField
          ctx={ctx}
          form={form}
          name="kind"
          label={t('networks.fields.kind')}
          options={NETWORK_KINDS.map((k) => [k, t(`networks.kinds.${k}`)] as const)}
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="name"
          maxLength={300}
          label={(l) => t(`networks.fields.name_${l}`)}
        />
        <TextField ctx={ctx} form={form} name="acronym" label={t('networks.fields.acronym')} maxLength={60} />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="mission"
          maxLength={10_000}
          field={LongText}
          label={(l) => t(`networks.fields.mission_${l}`)}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="founded_on"
          label={t('networks.fields.founded_on')}
          hint={t('networks.fields.date_hint')}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="founded_by"
          label={t('networks.fields.founded_by')}
          hint={t('networks.fields.founded_by_hint')}
          maxLength={160}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="website"
          label={t('networks.fields.website')}
          maxLength={500}
        />
        <button type="submit" class="button">
          {t('networks.save')}
        </button>
      </form>
    </section>
  )
}
