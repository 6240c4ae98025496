import type { TFunction } from '../../../platform/i18n.ts'
import { formatNumber, languageName } from '../../../platform/i18n.ts'
import {
  CsrfField,
  FileField,
  type FormState,
  Notice,
  SelectField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'
import { jsonForScript } from '../../institutions/views/page.tsx'
import { inLanguage } from '../../projects/gallery.ts'
import { READINESS } from '../schemas.ts'
import { type OutcomePageData, PACKAGE_EXTENSIONS, TAKES_FILE } from '../service.ts'
import { catalogueUrl } from './catalogue.tsx'

export const OUTCOME_NOTICES = ['created', 'saved', 'package', 'participant'] as const
export type OutcomeNotice = (typeof OUTCOME_NOTICES)[number]

/** An SPDX identifier as shown: the identifier itself, except the plain "all rights reserved". */
export function licenceName(code: string, t: TFunction): string {
  return code === 'LicenseRef-all-rights-reserved' ? t('outcomes.all_rights_reserved') : code
}

/** schema.org Course for an e-learning module: what search engines and course aggregators read. */
function courseData(data: OutcomePageData, baseUrl: string, locale: ViewContext['locale']) {
  const o = data.outcome
  const name = inLanguage(o.title, locale)
  const description = inLanguage(o.description, locale)
  return {
    '@context': 'https://schema.org',
    '@type': 'Course',
    name: name?.text,
    description: description?.text,
    url: `${baseUrl}${o.url}`,
    inLanguage: o.language ?? undefined,
    educationalLevel: o.level ?? undefined,
    numberOfCredits: o.ects ?? undefined,
    license: o.licence?.startsWith('LicenseRef-')
      ? undefined
      : o.licence
        ? `https://spdx.org/licenses/${o.licence}`
        : undefined,
    about: o.subjects.length > 0 ? o.subjects.map((s) => s.name) : undefined,
    provider: {
      '@type': 'CollegeOrUniversity',
      name: o.owner.name,
      url: `${baseUrl}/institutions/${o.owner.slug}`,
    },
    hasCourseInstance: o.deliveryMode
      ? {
          '@type': 'CourseInstance',
          courseMode:
            { online: 'online', blended: 'blended', on_site: 'onsite' }[o.deliveryMode] ?? o.deliveryMode,
        }
      : undefined,
    sameAs: o.link ?? undefined,
  }
}

export function OutcomePageView(props: {
  ctx: ViewContext
  data: OutcomePageData
  baseUrl: string
  notice?: OutcomeNotice
  /** The package or participant form, re-rendered with its error. */
  packageForm?: FormState
  participantForm?: FormState
}) {
  const { ctx, data } = props
  const { t, locale } = ctx
  const o = data.outcome
  const title = inLanguage(o.title, locale)
  const description = inLanguage(o.description, locale)
  const fact = (label: string, value: preact.ComponentChildren) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
  const base = `/outcomes/${o.slug}`
  return (
    <article>
      {o.type === 'e_learning_module' && (
        // A JSON data block, never run as script (so the CSP allows it); jsonForScript escapes it for HTML.
        <script
          type="application/ld+json"
          dangerouslySetInnerHTML={{ __html: jsonForScript(courseData(data, props.baseUrl, locale)) }}
        />
      )}
      <p class="breadcrumbs">
        <a href="/outcomes">{t('outcomes.catalogue')}</a>
      </p>
      <h1 lang={title?.lang}>{title?.text}</h1>
      {props.notice && <Notice kind="success">{t(`outcomes.notice_${props.notice}`)}</Notice>}
      <p>{t(`outcomes.type_${o.type}`)}</p>
      {description && (
        <p lang={description.lang} class="prose">
          {description.text}
        </p>
      )}
      <dl class="summary-list facts">
        {fact(
          t('outcomes.owner'),
          <>
            <a href={`/institutions/${o.owner.slug}`}>{o.owner.name}</a> (
            {countryName(o.owner.country, locale)})
          </>,
        )}
        {o.project &&
          fact(
            t('outcomes.project'),
            <>
              <a href={`/consortia/${o.project.slug}`}>{o.project.title}</a>
              {o.project.acronym && ` (${o.project.acronym})`} ·{' '}
              <a href={catalogueUrl({ project: o.project.slug })}>{t('outcomes.all_of_project')}</a>
            </>,
          )}
        {o.category && fact(t('outcomes.category'), o.category)}
        {o.subjects.length > 0 && fact(t('outcomes.subjects'), o.subjects.map((s) => s.name).join(', '))}
        {o.language && fact(t('outcomes.language'), languageName(o.language, locale))}
        {o.level && fact(t('outcomes.level'), t(`outcomes.level_${o.level}`))}
        {o.ects !== null && fact(t('outcomes.ects'), formatNumber(locale, o.ects))}
        {o.deliveryMode && fact(t('outcomes.delivery_mode'), t(`outcomes.delivery_${o.deliveryMode}`))}
        {o.degree && fact(t('outcomes.degree'), o.degree)}
        {o.degreeStatus && fact(t('outcomes.degree_status'), t(`outcomes.degree_status_${o.degreeStatus}`))}
        {o.network &&
          fact(t('outcomes.network'), <a href={`/networks/${o.network.slug}`}>{o.network.name}</a>)}
        {o.licence && fact(t('outcomes.licence'), licenceName(o.licence, t))}
        {o.link &&
          fact(
            t('outcomes.link'),
            <a href={o.link} rel="noopener nofollow">
              {o.link}
            </a>,
          )}
        {o.package &&
          fact(
            t('outcomes.package'),
            <a href={o.package.url} download>
              {o.package.name}
            </a>,
          )}
      </dl>
      {(o.participants.length > 0 || data.canEdit) && (
        <section>
          <h2>{t('outcomes.participants')}</h2>
          {o.participants.length === 0 ? (
            <p>{t('outcomes.no_participants')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('outcomes.institution')}</th>
                  <th scope="col">{t('outcomes.readiness')}</th>
                  <th scope="col">{t('outcomes.note')}</th>
                  {data.canEdit && <th scope="col">{t('outcomes.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {o.participants.map((p) => (
                  <tr>
                    <td>
                      <a href={`/institutions/${p.institution.slug}`}>{p.institution.name}</a> (
                      {countryName(p.institution.country, locale)})
                    </td>
                    <td>{p.readiness ? t(`outcomes.readiness_${p.readiness}`) : ''}</td>
                    <td>{p.note}</td>
                    {data.canEdit && (
                      <td>
                        <form method="post" action={`${base}/participants/${p.institution.id}/remove`}>
                          <CsrfField ctx={ctx} />
                          <button type="submit" class="link-button">
                            {t('outcomes.remove_participant', { name: p.institution.name })}
                          </button>
                        </form>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {data.canEdit && data.participantOptions.length > 0 && (
            <form method="post" action={`${base}/participants`} novalidate>
              <h3>{t('outcomes.add_participant')}</h3>
              <CsrfField ctx={ctx} />
              <SelectField
                ctx={ctx}
                form={props.participantForm ?? { values: {}, errors: {} }}
                idPrefix="participant"
                name="institution_id"
                label={t('outcomes.institution')}
                options={data.participantOptions.map(
                  (p) => [p.id, `${p.name} (${countryName(p.country, locale)})`] as const,
                )}
              />
              <SelectField
                ctx={ctx}
                form={props.participantForm ?? { values: {}, errors: {} }}
                idPrefix="participant"
                name="readiness"
                label={t('outcomes.readiness')}
                options={READINESS.map((r) => [r, t(`outcomes.readiness_${r}`)] as const)}
              />
              <TextField
                ctx={ctx}
                form={props.participantForm ?? { values: {}, errors: {} }}
                idPrefix="participant"
                name="note"
                label={t('outcomes.note')}
                maxLength={500}
              />
              <button type="submit" class="button">
                {t('outcomes.save_participant')}
              </button>
            </form>
          )}
        </section>
      )}
      {data.canEdit && (
        <section>
          <h2>{t('outcomes.manage')}</h2>
          <p>
            <a href={`${base}/edit`} class="button">
              {t('outcomes.edit')}
            </a>
          </p>
          {TAKES_FILE.has(o.type) && (
            <form method="post" action={`${base}/package`} enctype="multipart/form-data" novalidate>
              <CsrfField ctx={ctx} />
              <FileField
                ctx={ctx}
                form={props.packageForm ?? { values: {}, errors: {} }}
                name="file"
                label={o.package ? t('outcomes.replace_package') : t('outcomes.upload_package')}
                hint={t('outcomes.package_hint', { types: PACKAGE_EXTENSIONS.join(', ') })}
                accept={PACKAGE_EXTENSIONS.map((e) => `.${e}`).join(',')}
              />
              <button type="submit" class="button">
                {t('outcomes.upload')}
              </button>
            </form>
          )}
          {o.package && (
            <form method="post" action={`${base}/package/remove`}>
              <CsrfField ctx={ctx} />
              <button type="submit" class="button button-secondary">
                {t('outcomes.remove_package')}
              </button>
            </form>
          )}
          <form method="post" action={`${base}/delete`}>
            <CsrfField ctx={ctx} />
            <button type="submit" class="button button-warning">
              {t('outcomes.delete')}
            </button>
          </form>
        </section>
      )}
    </article>
  )
}
