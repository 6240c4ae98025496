import type { Locale } from '../../../config.ts'
import { ALLOWED_TAGS } from '../../../platform/rich-text.ts'
import {
  CsrfField,
  ErrorSummary,
  FileField,
  type FormState,
  LocalisedFields,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { MAX_BODY, MAX_LEAD, MAX_TITLE } from '../schemas.ts'

const languageLabel = (ctx: ViewContext, key: string) => (locale: Locale) =>
  ctx.t(`news.fields.${key}`, { language: locale.toUpperCase() })

/** The labels of every field, for the error summary. */
function labels(ctx: ViewContext, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of keys) {
    if (['title', 'lead', 'body', 'cover_alt'].includes(key)) {
      for (const l of ['az', 'en', 'ru'] as const) out[`${key}_${l}`] = languageLabel(ctx, key)(l)
    } else out[key] = ctx.t(`news.fields.${key}`)
  }
  return out
}

function BodyFields(props: { ctx: ViewContext; form: FormState }) {
  const { ctx } = props
  return (
    <>
      <p class="hint">{ctx.t('news.fields.body_hint', { tags: ALLOWED_TAGS.join(', ') })}</p>
      <LocalisedFields
        ctx={ctx}
        form={props.form}
        name="body"
        label={languageLabel(ctx, 'body')}
        maxLength={MAX_BODY}
        field={(p) => <TextAreaField {...p} rows={12} />}
      />
    </>
  )
}

/** Writing or changing an article (multipart: the cover image goes with the texts). */
export function ArticleFormView(props: { ctx: ViewContext; form: FormState; slug?: string }) {
  const { ctx, form } = props
  const { t } = ctx
  const action = props.slug ? `/newsroom/${props.slug}/edit` : '/newsroom/new'
  return (
    <section>
      <h1>{props.slug ? t('news.edit') : t('news.new')}</h1>
      <ErrorSummary
        ctx={ctx}
        errors={form.errors}
        labels={labels(ctx, ['slug', 'title', 'lead', 'body', 'cover_alt', 'file', 'tags', 'links'])}
      />
      <form method="post" action={action} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        <p class="hint">{t('news.languages_hint')}</p>
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="title"
          label={languageLabel(ctx, 'title')}
          maxLength={MAX_TITLE}
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="lead"
          label={languageLabel(ctx, 'lead')}
          maxLength={MAX_LEAD}
          field={(p) => <TextAreaField {...p} rows={3} />}
        />
        <BodyFields ctx={ctx} form={form} />
        <FileField
          ctx={ctx}
          form={form}
          name="file"
          label={t('news.fields.file')}
          hint={t('news.fields.file_hint')}
          accept="image/png,image/jpeg,image/gif,image/webp"
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="cover_alt"
          label={languageLabel(ctx, 'cover_alt')}
          maxLength={MAX_TITLE}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="tags"
          label={t('news.fields.tags')}
          hint={t('news.fields.tags_hint')}
          maxLength={600}
        />
        <TextAreaField
          ctx={ctx}
          form={form}
          name="links"
          label={t('news.fields.links')}
          hint={t('news.fields.links_hint')}
          rows={4}
          maxLength={4000}
        />
        {!props.slug && (
          <TextField
            ctx={ctx}
            form={form}
            name="slug"
            label={t('news.fields.slug')}
            hint={t('news.fields.slug_hint')}
            maxLength={160}
          />
        )}
        <button type="submit" class="button">
          {props.slug ? t('news.save') : t('news.create')}
        </button>
      </form>
    </section>
  )
}

/** Changing a static page's texts. */
export function PageFormView(props: { ctx: ViewContext; form: FormState; slug: string }) {
  const { ctx, form } = props
  return (
    <section>
      <h1>{ctx.t('news.edit_page')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels(ctx, ['title', 'body'])} />
      <form method="post" action={`/pages/${props.slug}/edit`} novalidate>
        <CsrfField ctx={ctx} />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="title"
          label={languageLabel(ctx, 'title')}
          maxLength={MAX_TITLE}
        />
        <BodyFields ctx={ctx} form={form} />
        <button type="submit" class="button">
          {ctx.t('news.save')}
        </button>
      </form>
    </section>
  )
}
