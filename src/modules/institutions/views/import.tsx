import type { Static } from 'typebox'
import type { FieldErrors } from '../../../platform/errors.ts'
import { formatNumber, translate } from '../../../platform/i18n.ts'
import { CsrfField, ErrorSummary } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { type ImportReport, INSTITUTION_TYPES } from '../schemas.ts'
import { IMPORT_FIELDS } from '../transfer.ts'

export function ImportView(props: {
  ctx: ViewContext
  state: { report?: Static<typeof ImportReport>; reportId?: string; errors?: FieldErrors }
}) {
  const { ctx } = props
  const { t } = ctx
  const { report, reportId, errors = {} } = props.state
  const n = (value: number) => formatNumber(ctx.locale, value)
  return (
    <section>
      <p class="breadcrumbs">
        <a href="/institutions">{t('institutions.title')}</a>
      </p>
      <h1>{t('institutions.import.title')}</h1>
      {report && (
        <section aria-labelledby="import-report">
          <h2 id="import-report">
            {t(report.dry_run ? 'institutions.import.report_dry_run' : 'institutions.import.report')}
          </h2>
          <ul role="status">
            <li>{t('institutions.import.rows', { count: report.rows, formatted: n(report.rows) })}</li>
            <li>
              {t('institutions.import.created', { count: report.created, formatted: n(report.created) })}
            </li>
            <li>
              {t('institutions.import.existing', { count: report.existing, formatted: n(report.existing) })}
            </li>
            <li>
              {t('institutions.import.rejected', {
                count: report.rejected.length,
                formatted: n(report.rejected.length),
              })}
            </li>
          </ul>
          {report.rejected.length > 0 && (
            <>
              {reportId && (
                <p>
                  <a href={`/institutions/import/${reportId}/rejected.csv`} download>
                    {t('institutions.import.download_rejected')}
                  </a>
                </p>
              )}
              <table class="table">
                <caption>{t('institutions.import.rejected_caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('institutions.import.line')}</th>
                    <th scope="col">{t('institutions.name')}</th>
                    <th scope="col">{t('institutions.import.reasons')}</th>
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
      <h2>{t('institutions.import.upload')}</h2>
      <p>{t('institutions.import.intro')}</p>
      <p>
        {t('institutions.import.columns')}{' '}
        {Object.keys(IMPORT_FIELDS).map((field, i) => (
          <>
            {i > 0 && ', '}
            <code>{field}</code>
          </>
        ))}
      </p>
      <ErrorSummary ctx={ctx} errors={errors} labels={{ file: t('institutions.import.file') }} />
      <form method="post" action="/institutions/import" enctype="multipart/form-data">
        <CsrfField ctx={ctx} />
        <div class={errors.file ? 'field field-error' : 'field'}>
          <label for="field-file">{t('institutions.import.file')}</label>
          <p class="hint" id="field-file-hint">
            {t('institutions.import.file_hint')}
          </p>
          {errors.file && (
            <p class="error-message" id="field-file-error">
              <span class="visually-hidden">{t('forms.error_prefix')} </span>
              {translate(t, errors.file)}
            </p>
          )}
          <input
            id="field-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-invalid={errors.file ? 'true' : undefined}
            aria-describedby={errors.file ? 'field-file-hint field-file-error' : 'field-file-hint'}
          />
        </div>
        <div class="field">
          <label for="field-type">{t('institutions.import.default_type')}</label>
          <select id="field-type" name="type">
            {INSTITUTION_TYPES.map((type) => (
              <option value={type} selected={type === 'other'}>
                {t(`institution_types.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="checkbox">
          <input type="checkbox" id="field-dry_run" name="dry_run" value="yes" />
          <label for="field-dry_run">{t('institutions.import.dry_run')}</label>
        </div>
        <button type="submit" class="button">
          {t('institutions.import.submit')}
        </button>
      </form>
    </section>
  )
}
