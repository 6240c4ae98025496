import type { Static } from 'typebox'
import { languageName } from '../../../platform/i18n.ts'
import { CsrfField, ErrorSummary, type FormState, Notice, TextField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { LabelBadges } from '../../labels/badges.tsx'
import type { InstitutionDetail } from '../schemas.ts'
import type { InstitutionAbilities } from '../service.ts'

type Detail = Static<typeof InstitutionDetail>

/**
 * JSON for a <script type="application/ld+json"> block. Inside a script element the HTML parser ends at
 * "</script" whatever JSON thinks, so <, > and & are written as \u escapes (still the same JSON); U+2028/2029
 * likewise, for older parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** schema.org EducationalOrganization (CollegeOrUniversity / School where the type says so). */
function structuredData(detail: Detail, baseUrl: string) {
  const type =
    detail.type === 'university' || detail.type === 'academy'
      ? 'CollegeOrUniversity'
      : detail.type === 'school'
        ? 'School'
        : 'EducationalOrganization'
  const identifiers = Object.entries(detail.identifiers)
    .filter(([, value]) => value)
    .map(([name, value]) => ({ '@type': 'PropertyValue', propertyID: name, value }))
  return {
    '@context': 'https://schema.org',
    '@type': type,
    '@id': `${baseUrl}/institutions/${detail.slug}`,
    name: detail.name,
    url: detail.website ?? `${baseUrl}/institutions/${detail.slug}`,
    ...(detail.description ? { description: detail.description } : {}),
    address: {
      '@type': 'PostalAddress',
      addressCountry: detail.country,
      ...(detail.region_name ? { addressRegion: detail.region_name } : {}),
      ...(detail.city ? { addressLocality: detail.city } : {}),
    },
    ...(detail.logo_url ? { logo: `${baseUrl}${detail.logo_url}` } : {}),
    ...(identifiers.length > 0 ? { identifier: identifiers } : {}),
    ...(detail.languages.length > 0 ? { knowsLanguage: detail.languages } : {}),
  }
}

export function InstitutionPageView(props: {
  ctx: ViewContext
  detail: Detail
  abilities: InstitutionAbilities
  baseUrl: string
  notice?: 'saved' | 'merged' | 'requested' | undefined
  mergeForm?: FormState
  /** The "I work here" form, re-rendered with its error (a duplicate request). */
  requestForm?: FormState
}) {
  const { ctx, detail } = props
  const { t } = ctx
  const identifiers = Object.entries(detail.identifiers).filter(([, value]) => value)
  const mergeForm = props.mergeForm ?? { values: {}, errors: {} }
  return (
    <article>
      {/* A JSON data block, never run as script (so the CSP allows it); jsonForScript escapes it for HTML. */}
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{ __html: jsonForScript(structuredData(detail, props.baseUrl)) }}
      />
      <p class="breadcrumbs">
        <a href="/institutions">{t('institutions.title')}</a>
      </p>
      {detail.logo_url && (
        <img
          src={detail.logo_url}
          alt={t('institutions.logo.alt', { name: detail.name })}
          class="institution-logo"
        />
      )}
      <h1>{detail.name}</h1>
      <LabelBadges
        ctx={ctx}
        school={detail.school_label_valid_until ? { validUntil: detail.school_label_valid_until } : undefined}
      />
      {props.notice && <Notice kind="success">{t(`institutions.notice_${props.notice}`)}</Notice>}
      {detail.description && <p>{detail.description}</p>}
      <dl class="summary-list facts">
        <div>
          <dt>{t('institutions.type')}</dt>
          <dd>{t(`institution_types.${detail.type}`)}</dd>
        </div>
        <div>
          <dt>{t('institutions.country')}</dt>
          <dd>{detail.country_name}</dd>
        </div>
        {detail.region_name && (
          <div>
            <dt>{t('institutions.region')}</dt>
            <dd>{detail.region_name}</dd>
          </div>
        )}
        {detail.economic_region && (
          <div>
            <dt>{t('institutions.economic_region')}</dt>
            <dd>
              <a href={`/institutions?economic_region=${detail.economic_region.code}`}>
                {detail.economic_region.name}
              </a>
            </dd>
          </div>
        )}
        {detail.city && (
          <div>
            <dt>{t('institutions.city')}</dt>
            <dd>{detail.city}</dd>
          </div>
        )}
        {detail.education_levels.length > 0 && (
          <div>
            <dt>{t('institutions.fields.education_levels')}</dt>
            <dd>{detail.education_levels.map((l) => t(`institutions.levels.${l}`)).join(', ')}</dd>
          </div>
        )}
        {detail.languages.length > 0 && (
          <div>
            <dt>{t('institutions.fields.languages')}</dt>
            <dd>{detail.languages.map((l) => languageName(l, ctx.locale)).join(', ')}</dd>
          </div>
        )}
        {detail.website && (
          <div>
            <dt>{t('institutions.fields.website')}</dt>
            <dd>
              <a href={detail.website} rel="noopener nofollow ugc">
                {detail.website}
              </a>
            </dd>
          </div>
        )}
        {identifiers.map(([name, value]) => (
          <div>
            <dt>{t(`institutions.fields.${name}`)}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </div>
        ))}
      </dl>
      {props.abilities.update && (
        <p>
          <a class="button" href={`/institutions/${detail.slug}/edit`}>
            {t('institutions.edit')}
          </a>
        </p>
      )}
      <h2>{t('institutions.members')}</h2>
      {detail.members.length === 0 ? (
        <p>{t('institutions.no_members')}</p>
      ) : (
        <ul>
          {detail.members.map((m) => (
            <li>
              <a href={`/people/${m.id}`}>{m.name}</a>
            </li>
          ))}
        </ul>
      )}
      {props.abilities.members && (
        <p>
          <a class="button" href={`/institutions/${detail.slug}/members`}>
            {t('institutions.membership.manage_link')}
          </a>
        </p>
      )}
      {props.abilities.membership === 'pending' && <p>{t('institutions.membership.you_pending')}</p>}
      {props.requestForm && <ErrorSummary ctx={ctx} errors={props.requestForm.errors} labels={{}} />}
      {props.abilities.request && (
        <form method="post" action={`/institutions/${detail.slug}/membership`}>
          <CsrfField ctx={ctx} />
          <p class="hint">{t('institutions.membership.request_hint')}</p>
          <button type="submit" class="button">
            {t('institutions.membership.request')}
          </button>
        </form>
      )}
      {props.abilities.merge && (
        <section>
          <h2>{t('institutions.merge_title')}</h2>
          <p>{t('institutions.merge_intro')}</p>
          <ErrorSummary ctx={ctx} errors={mergeForm.errors} labels={{ into: t('institutions.merge_into') }} />
          <form method="post" action={`/institutions/${detail.slug}/merge`} novalidate>
            <CsrfField ctx={ctx} />
            <TextField
              ctx={ctx}
              form={mergeForm}
              name="into"
              label={t('institutions.merge_into')}
              hint={t('institutions.merge_hint')}
              maxLength={160}
            />
            <button type="submit" class="button button-warning">
              {t('institutions.merge_submit')}
            </button>
          </form>
        </section>
      )}
    </article>
  )
}
