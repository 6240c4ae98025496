import type { ViewContext } from './view-context.ts'

export function ErrorPage(props: { ctx: ViewContext; status: number; detail?: string }) {
  const { t } = props.ctx
  const key = [400, 403, 404, 413, 429].includes(props.status)
    ? props.status
    : props.status >= 500
      ? 500
      : 400
  return (
    <section class="error-page">
      <h1>{t(`error_pages.${key}.title`)}</h1>
      <p>{props.detail ?? t(`error_pages.${key}.body`)}</p>
      <p>
        <a href="/">{t('error_pages.home_link')}</a>
      </p>
    </section>
  )
}
