import type { Locale } from '../../../config.ts'
import { formatDate, formatNumber, languageName } from '../../../platform/i18n.ts'
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  FileField,
  type FormState,
  LocalisedFields,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { licenceName } from '../../outcomes/views/page.tsx'
import {
  MAX_DESCRIPTION,
  MAX_TAGS_TEXT,
  MAX_TITLE,
  RESOURCE_AUDIENCES,
  RESOURCE_KINDS,
  RESOURCE_LANGUAGES,
  RESOURCE_LICENCES,
  VISIBILITIES,
} from '../schemas.ts'
import { LIBRARY_EXTENSIONS, localText, type ResourceData } from '../service.ts'

function fileSize(locale: Locale, bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${formatNumber(locale, Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`
    : `${formatNumber(locale, Math.max(1, Math.round(bytes / 1024)))} KB`
}

/** The title in the reader's language or another, marked with its language when it is not the page's. */
function Title(props: { ctx: ViewContext; resource: ResourceData }) {
  const title = localText(props.resource.title, props.ctx.locale)
  return (
    <span lang={title && title.lang !== props.ctx.locale ? title.lang : undefined}>
      {title?.text ?? props.resource.slug}
    </span>
  )
}

function Facts(props: { ctx: ViewContext; resource: ResourceData }) {
  const { ctx, resource: r } = props
  const { t, locale } = ctx
  return (
    <dl class="facts">
      <dt>{t('resources.kind')}</dt>
      <dd>{t(`resources.kinds.${r.kind}`)}</dd>
      {r.language && (
        <>
          <dt>{t('resources.language')}</dt>
          <dd>{languageName(r.language, locale)}</dd>
        </>
      )}
      {r.audience.length > 0 && (
        <>
          <dt>{t('resources.audience')}</dt>
          <dd>{r.audience.map((a) => t(`events.audience.${a}`)).join(', ')}</dd>
        </>
      )}
      {r.licence && (
        <>
          <dt>{t('resources.licence')}</dt>
          <dd>{licenceName(r.licence, t)}</dd>
        </>
      )}
      <dt>{t('resources.file')}</dt>
      <dd>
        {r.file.name} ({fileSize(locale, r.file.size)})
      </dd>
      <dt>{t('resources.downloads')}</dt>
      <dd>{formatNumber(locale, r.downloads)}</dd>
      {r.visibility === 'members' && (
        <>
          <dt>{t('resources.visibility')}</dt>
          <dd>{t('resources.visibilities.members')}</dd>
        </>
      )}
    </dl>
  )
}

export interface LibraryFilter {
  kind?: string
  language?: string
  tag?: string
}

export function LibraryPage(props: {
  ctx: ViewContext
  resources: ResourceData[]
  filter: LibraryFilter
  canManage: boolean
  membersOnlyHidden: boolean
}) {
  const { ctx, resources, filter } = props
  const { t, locale } = ctx
  const form = { values: { ...filter }, errors: {} }
  return (
    <>
      <h1>{t('resources.title')}</h1>
      <p>{t('resources.intro')}</p>
      {props.membersOnlyHidden && <p class="hint">{t('resources.members_hint')}</p>}
      {props.canManage && (
        <p>
          <a href="/resources/new" class="button">
            {t('resources.new')}
          </a>
        </p>
      )}
      <search>
        <form method="get" action="/resources" class="filters">
          <SelectField
            ctx={ctx}
            form={form}
            name="kind"
            label={t('resources.kind')}
            options={[
              ['', t('resources.any')],
              ...RESOURCE_KINDS.map((k) => [k, t(`resources.kinds.${k}`)] as const),
            ]}
          />
          <SelectField
            ctx={ctx}
            form={form}
            name="language"
            label={t('resources.language')}
            options={[
              ['', t('resources.any')],
              ...RESOURCE_LANGUAGES.map((l) => [l, languageName(l, locale)] as const),
            ]}
          />
          {filter.tag && <input type="hidden" name="tag" value={filter.tag} />}
          <button type="submit">{t('resources.filter')}</button>
        </form>
      </search>
      {filter.tag && (
        <p>
          {t('resources.tag')}: {filter.tag} <a href="/resources">{t('resources.all')}</a>
        </p>
      )}
      <h2>
        {t('resources.count', { count: resources.length, formatted: formatNumber(locale, resources.length) })}
      </h2>
      <ul class="resource-list">
        {resources.map((r) => {
          const description = localText(r.description, locale)
          return (
            <li>
              <h3>
                <a href={r.url}>
                  <Title ctx={ctx} resource={r} />
                </a>
              </h3>
              <p class="meta">
                {t(`resources.kinds.${r.kind}`)}
                {r.language ? ` · ${languageName(r.language, locale)}` : ''} · {fileSize(locale, r.file.size)}
                {r.visibility === 'members' ? ` · ${t('resources.visibilities.members')}` : ''}
              </p>
              {description && (
                <p lang={description.lang !== locale ? description.lang : undefined}>{description.text}</p>
              )}
            </li>
          )
        })}
      </ul>
    </>
  )
}

export function ResourcePage(props: {
  ctx: ViewContext
  resource: ResourceData
  canManage: boolean
  saved: boolean
}) {
  const { ctx, resource: r } = props
  const { t, locale } = ctx
  const description = localText(r.description, locale)
  return (
    <>
      {props.saved && <Notice kind="success">{t('resources.saved')}</Notice>}
      <p>
        <a href="/resources">{t('resources.back')}</a>
      </p>
      <h1>
        <Title ctx={ctx} resource={r} />
      </h1>
      {description && (
        <p class="lead" lang={description.lang !== locale ? description.lang : undefined}>
          {description.text}
        </p>
      )}
      <p>
        <a href={r.file.url} class="button" download>
          {t('resources.download')}
        </a>
      </p>
      <Facts ctx={ctx} resource={r} />
      {r.tags.length > 0 && (
        <p>
          {t('resources.tags')}:{' '}
          {r.tags.map((tag, i) => (
            <>
              {i > 0 && ', '}
              <a href={`/resources?${new URLSearchParams({ tag }).toString()}`}>{tag}</a>
            </>
          ))}
        </p>
      )}
      <p class="hint">{t('resources.updated', { date: formatDate(locale, r.updatedAt, ctx.timeZone) })}</p>
      {props.canManage && (
        <div class="actions">
          <a href={`${r.url}/edit`} class="button">
            {t('resources.edit')}
          </a>
          <form method="post" action={`${r.url}/delete`} class="inline-form">
            <CsrfField ctx={ctx} />
            <button type="submit" class="button-secondary">
              {t('resources.delete')}
            </button>
          </form>
        </div>
      )}
    </>
  )
}

/** Adding a resource, or changing the one at `slug` (its file is then replaced only when a new one is chosen). */
export function ResourceFormView(props: { ctx: ViewContext; form: FormState; slug?: string }) {
  const { ctx, form, slug } = props
  const { t, locale } = ctx
  const labels: Record<string, string> = {
    kind: t('resources.kind'),
    title_az: t('resources.title_in', { language: 'AZ' }),
    title_en: t('resources.title_in', { language: 'EN' }),
    title_ru: t('resources.title_in', { language: 'RU' }),
    description_az: t('resources.description_in', { language: 'AZ' }),
    description_en: t('resources.description_in', { language: 'EN' }),
    description_ru: t('resources.description_in', { language: 'RU' }),
    audience: t('resources.audience'),
    language: t('resources.language'),
    licence: t('resources.licence'),
    visibility: t('resources.visibility'),
    tags: t('resources.tags'),
    file: t('resources.file'),
  }
  const none = ['', t('resources.none')] as const
  return (
    <>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <h1>{slug ? t('resources.edit') : t('resources.new')}</h1>
      <form
        method="post"
        action={slug ? `/resources/${slug}/edit` : '/resources/new'}
        enctype="multipart/form-data"
      >
        <CsrfField ctx={ctx} />
        <SelectField
          ctx={ctx}
          form={form}
          name="kind"
          label={labels.kind ?? ''}
          options={RESOURCE_KINDS.map((k) => [k, t(`resources.kinds.${k}`)] as const)}
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="title"
          label={(l) => t('resources.title_in', { language: l.toUpperCase() })}
          maxLength={MAX_TITLE}
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="description"
          label={(l) => t('resources.description_in', { language: l.toUpperCase() })}
          maxLength={MAX_DESCRIPTION}
          field={TextAreaField}
        />
        <ChoiceGroup
          ctx={ctx}
          form={form}
          name="audience"
          legend={labels.audience ?? ''}
          options={RESOURCE_AUDIENCES.map((a) => [a, t(`events.audience.${a}`)] as const)}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="language"
          label={labels.language ?? ''}
          options={[none, ...RESOURCE_LANGUAGES.map((l) => [l, languageName(l, locale)] as const)]}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="licence"
          label={labels.licence ?? ''}
          options={[none, ...RESOURCE_LICENCES.map((l) => [l, licenceName(l, t)] as const)]}
        />
        <ChoiceGroup
          ctx={ctx}
          form={form}
          name="visibility"
          type="radio"
          legend={labels.visibility ?? ''}
          options={VISIBILITIES.map((v) => [v, t(`resources.visibilities.${v}`)] as const)}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="tags"
          label={labels.tags ?? ''}
          hint={t('resources.tags_hint')}
          maxLength={MAX_TAGS_TEXT}
        />
        <FileField
          ctx={ctx}
          form={form}
          name="file"
          label={labels.file ?? ''}
          hint={t(slug ? 'resources.file_hint_replace' : 'resources.file_hint', {
            types: LIBRARY_EXTENSIONS.join(', '),
          })}
          accept={LIBRARY_EXTENSIONS.map((e) => `.${e}`).join(',')}
          required={!slug}
        />
        <button type="submit">{slug ? t('resources.save') : t('resources.create')}</button>
      </form>
    </>
  )
}
