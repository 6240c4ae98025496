import type { FieldErrors } from '../../../platform/errors.ts'
import { formatNumber } from '../../../platform/i18n.ts'
import { CsrfField, ErrorSummary, FileField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'
import type { ImportReportValue } from '../schemas.ts'
import { Breadcrumbs } from './shared.tsx'

export function ImportView(props: {
  ctx: ViewContext
  report?: ImportReportValue
  reportId?: string
  errors?: FieldErrors
}) {
  const { ctx, report, errors = {} } = props
  const { t, locale } = ctx
  const n = (value: number) => formatNumber(locale, value)
  return (
    <section>
      <Breadcrumbs ctx={ctx} />
      <h1>{t('consortia.import.title')}</h1>
      {report && (
        <section aria-labelledby="import-report">
          <h2 id="import-report">
            {t(report.dry_run ? 'consortia.import.report_dry_run' : 'consortia.import.report')}
          </h2>
          <ul role="status">
            <li>{t('consortia.import.rows', { count: report.rows, n: n(report.rows) })}</li>
            <li>{t('consortia.import.created', { count: report.created, n: n(report.created) })}</li>
            <li>{t('consortia.import.updated', { count: report.updated, n: n(report.updated) })}</li>
            <li>
              {t('consortia.import.proposed', {
                count: report.proposed.length,
                n: n(report.proposed.length),
              })}
            </li>
            <li>
              {t('consortia.import.rejected', {
                count: report.rejected.length,
                n: n(report.rejected.length),
              })}
            </li>
          </ul>
          {report.proposed.length > 0 && (
            <table class="table">
              <caption>{t('consortia.import.proposed_caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('consortia.import.line')}</th>
                  <th scope="col">{t('consortia.import.organisation')}</th>
                  <th scope="col">{t('consortia.import.country')}</th>
                  <th scope="col">{t('consortia.fields.reference')}</th>
                </tr>
              </thead>
              <tbody>
                {report.proposed.slice(0, 1000).map((row) => (
                  <tr>
                    <td>{row.line}</td>
                    <td>{row.name}</td>
                    <td>{countryName(row.country, locale)}</td>
                    <td>{row.reference}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.rejected.length > 0 && (
            <>
              {props.reportId && (
                <p>
                  <a href={`/consortia/import/${props.reportId}/rejected.csv`} download>
                    {t('consortia.import.download_rejected')}
                  </a>
                </p>
              )}
              <table class="table">
                <caption>{t('consortia.import.rejected_caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('consortia.import.line')}</th>
                    <th scope="col">{t('consortia.fields.title_en')}</th>
                    <th scope="col">{t('consortia.import.reasons')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rejected.slice(0, 1000).map((row) => (
                    <tr>
                      <td>{row.line}</td>
                      <td>{row.name}</td>
                      <td>{row.reasons.join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
      <h2>{t('consortia.import.upload')}</h2>
      <p>{t('consortia.import.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} labels={{ file: t('consortia.import.file') }} />
      <form method="post" action="/consortia/import" enctype="multipart/form-data">
        <CsrfField ctx={ctx} />
        <FileField
          ctx={ctx}
          form={{ values: {}, errors }}
          name="file"
          label={t('consortia.import.file')}
          hint={t('consortia.import.file_hint')}
          accept=".csv,text/csv"
        />
        <div class="checkbox">
          <input type="checkbox" id="field-dry_run" name="dry_run" value="yes" />
          <label for="field-dry_run">{t('consortia.import.dry_run')}</label>
        </div>
        <button type="submit" class="button">
          {t('consortia.import.submit')}
        </button>
      </form>
    </section>
  )
}
