import { formatDate, formatNumber, languageName } from '../../../../platform/i18n.ts'
import { Notice } from '../../../../web/components.tsx'
import type { ViewContext } from '../../../../web/view-context.ts'
import { countryName } from '../../../institutions/geo.ts'
import { jsonForScript } from '../../../institutions/views/page.tsx'
import { LabelBadges } from '../../../labels/badges.tsx'
import { inLanguage, type ProjectPageData, type ProjectPublic } from '../../gallery.ts'

/** schema.org LearningResource (a CreativeWork): what search engines and aggregators read from the page. */
function structuredData(
  ctx: ViewContext,
  project: ProjectPublic,
  baseUrl: string,
  name: string,
  description: string | undefined,
) {
  const url = `${baseUrl}${project.url}`
  return {
    '@context': 'https://schema.org',
    '@type': 'LearningResource',
    '@id': url,
    url,
    name,
    ...(description ? { description } : {}),
    ...(project.languages.length > 0 ? { inLanguage: project.languages } : {}),
    ...(project.subjects.length > 0 ? { about: project.subjects.map((s) => s.name) } : {}),
    ...(project.ageFrom !== null && project.ageTo !== null
      ? { typicalAgeRange: `${project.ageFrom}-${project.ageTo}` }
      : {}),
    ...(project.startDate && project.endDate
      ? { temporalCoverage: `${project.startDate}/${project.endDate}` }
      : {}),
    ...(project.approvedAt ? { datePublished: project.approvedAt.slice(0, 10) } : {}),
    ...(project.learningModel ? { learningResourceType: project.learningModel } : {}),
    contributor: project.partners.map((p) => ({
      '@type': 'EducationalOrganization',
      name: p.institution.name,
      url: `${baseUrl}/institutions/${p.institution.slug}`,
      address: { '@type': 'PostalAddress', addressCountry: p.institution.country },
    })),
    ...(project.labels.length > 0
      ? {
          award: project.labels.map(
            (l) => `${ctx.t(`gallery.label_${l.level}`)} (${countryName(l.country, ctx.locale)})`,
          ),
        }
      : {}),
    hasPart: project.pages.map((p) => ({ '@type': 'WebPage', name: p.title, url: `${baseUrl}${p.url}` })),
    associatedMedia: project.files.map((f) => ({
      '@type': 'MediaObject',
      name: f.title,
      encodingFormat: f.mediaType,
      contentUrl: `${baseUrl}${f.url}`,
    })),
  }
}

/** Plain text as paragraphs (blank lines separate them); JSX escapes it. */
function Paragraphs(props: { text: string; lang?: string }) {
  return (
    <>
      {props.text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p lang={props.lang}>{p}</p>
        ))}
    </>
  )
}

export function ProjectPublicPage(props: { ctx: ViewContext; data: ProjectPageData; baseUrl: string }) {
  const { ctx } = props
  const { project, links } = props.data
  const { t, locale } = ctx
  const title = inLanguage(project.title, locale)
  const summary = inLanguage(project.summary, locale)
  const name = title?.text ?? t('gallery.untitled')
  return (
    <article>
      {/* A JSON data block, never run as script (so the CSP allows it); jsonForScript escapes it for HTML. */}
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{
          __html: jsonForScript(structuredData(ctx, project, props.baseUrl, name, summary?.text)),
        }}
      />
      <p class="breadcrumbs">
        <a href="/projects">{t('gallery.title')}</a>
      </p>
      <h1 lang={title?.lang}>{name}</h1>
      {!project.public && (
        <Notice>
          {t('gallery.not_public')}
          {links.status && (
            <>
              {' '}
              <a href={`/projects/${project.id}/status`}>{t('gallery.link_status')}</a>
            </>
          )}
          {links.workspace && (
            <>
              {' '}
              <a href={`/projects/${project.id}/workspace`}>{t('gallery.link_workspace')}</a>
            </>
          )}
        </Notice>
      )}
      <LabelBadges ctx={ctx} labels={project.labels} />
      {summary && <Paragraphs text={summary.text} lang={summary.lang} />}
      <dl class="summary-list facts">
        <div>
          <dt>{t('gallery.filter_scope')}</dt>
          <dd>{t(`gallery.scope_${project.scope}`)}</dd>
        </div>
        {project.subjects.length > 0 && (
          <div>
            <dt>{t('gallery.subjects')}</dt>
            <dd>{project.subjects.map((s) => s.name).join(', ')}</dd>
          </div>
        )}
        {project.ageFrom !== null && project.ageTo !== null && (
          <div>
            <dt>{t('gallery.pupils_ages')}</dt>
            <dd>{t('gallery.ages', { from: project.ageFrom, to: project.ageTo })}</dd>
          </div>
        )}
        {project.languages.length > 0 && (
          <div>
            <dt>{t('gallery.languages')}</dt>
            <dd>{project.languages.map((l) => languageName(l, locale)).join(', ')}</dd>
          </div>
        )}
        {project.startDate && project.endDate && (
          <div>
            <dt>{t('gallery.dates')}</dt>
            <dd>
              {formatDate(locale, project.startDate, 'UTC')} – {formatDate(locale, project.endDate, 'UTC')}
            </dd>
          </div>
        )}
        {project.learningModel && (
          <div>
            <dt>{t('gallery.learning_model')}</dt>
            <dd>{project.learningModel}</dd>
          </div>
        )}
        {project.approvedAt && (
          <div>
            <dt>{t('gallery.approved')}</dt>
            <dd>{formatDate(locale, project.approvedAt, ctx.timeZone)}</dd>
          </div>
        )}
      </dl>
      <section aria-labelledby="partners-title">
        <h2 id="partners-title">{t('gallery.partners')}</h2>
        <ul>
          {project.partners.map((p) => (
            <li>
              <a href={`/institutions/${p.institution.slug}`}>{p.institution.name}</a> (
              {countryName(p.institution.country, locale)})
              {p.members.length > 0 && (
                <>
                  {': '}
                  {p.members.map((m, i) => (
                    <>
                      {i > 0 && ', '}
                      <a href={`/people/${m.id}`}>{m.name}</a>
                    </>
                  ))}
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
      {project.activities && (
        <section aria-labelledby="activities-title">
          <h2 id="activities-title">{t('gallery.activities')}</h2>
          <Paragraphs text={project.activities} />
        </section>
      )}
      {project.expectedResults && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t('gallery.expected_results')}</h2>
          <Paragraphs text={project.expectedResults} />
        </section>
      )}
      {(project.pages.length > 0 || project.files.length > 0) && (
        <section aria-labelledby="public-title">
          <h2 id="public-title">{t('gallery.public_work')}</h2>
          <ul>
            {project.pages.map((p) => (
              <li>
                <a href={p.url}>{p.title}</a>
              </li>
            ))}
            {project.files.map((f) => (
              <li>
                <a href={f.url}>{f.title}</a> ({f.mediaType},{' '}
                {t('gallery.kilobytes', { size: formatNumber(locale, Math.ceil(f.size / 1024)) })})
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  )
}

/** A page the team made public, with the project it belongs to. Its HTML was sanitised when it was saved. */
export function PublicPageView(props: {
  ctx: ViewContext
  project: { id: string; title: string }
  page: { title: string; body_html: string }
}) {
  return (
    <article>
      <p class="breadcrumbs">
        <a href="/projects">{props.ctx.t('gallery.title')}</a> ›{' '}
        <a href={`/projects/${props.project.id}`}>{props.project.title}</a>
      </p>
      <h1>{props.page.title}</h1>
      <div class="rich-text" dangerouslySetInnerHTML={{ __html: props.page.body_html }} />
    </article>
  )
}
