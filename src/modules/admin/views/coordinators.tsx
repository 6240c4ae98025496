import { CsrfField, ErrorSummary, type FormState, Notice, TextField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import type { CoordinatorRow, RegionOptionGroup } from '../service.ts'

export const COORDINATOR_NOTICES = ['regions', 'grant', 'revoke'] as const

/** Platform admins: who coordinates, which regions each reviews (none = all), and granting or revoking the role. */
export function CoordinatorsView(props: {
  ctx: ViewContext
  coordinators: CoordinatorRow[]
  groups: RegionOptionGroup[]
  notice?: (typeof COORDINATOR_NOTICES)[number] | undefined
  /** A form re-rendered with its errors: the role form, or one coordinator's regions. */
  form?: FormState & { personId?: string }
}) {
  const { ctx } = props
  const { t } = ctx
  const roleForm: FormState = props.form && !props.form.personId ? props.form : { values: {}, errors: {} }
  return (
    <section>
      <p class="breadcrumbs">
        <a href="/admin/audit">{t('admin.audit_title')}</a>
      </p>
      <h1>{t('admin.coordinators.title')}</h1>
      <p>{t('admin.coordinators.intro')}</p>
      {props.form && (
        <ErrorSummary
          ctx={ctx}
          errors={props.form.errors}
          labels={{ email: t('admin.coordinators.email'), regions: t('admin.coordinators.regions') }}
        />
      )}
      {props.notice && <Notice kind="success">{t(`admin.coordinators.notice_${props.notice}`)}</Notice>}
      {props.coordinators.length === 0 ? (
        <p>{t('admin.coordinators.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('admin.coordinators.name')}</th>
              <th scope="col">{t('admin.coordinators.email')}</th>
              <th scope="col">{t('admin.coordinators.regions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.coordinators.map((c) => {
              const chosen = new Set(c.regions.map((r) => r.code))
              const id = `regions-${c.id}`
              return (
                <tr>
                  <td>{c.name}</td>
                  <td>{c.email}</td>
                  <td>
                    <p>
                      {c.regions.length === 0
                        ? t('admin.coordinators.all_regions')
                        : c.regions.map((r) => r.name).join(', ')}
                    </p>
                    <form method="post" action={`/admin/coordinators/${c.id}/regions`}>
                      <CsrfField ctx={ctx} />
                      <label for={id}>{t('admin.coordinators.regions_label', { name: c.name })}</label>
                      <p class="hint" id={`${id}-hint`}>
                        {t('admin.coordinators.regions_hint')}
                      </p>
                      <select id={id} name="regions" multiple size={8} aria-describedby={`${id}-hint`}>
                        {props.groups.map((group) => (
                          <optgroup label={group.label}>
                            {group.options.map((o) => (
                              <option value={o.code} selected={chosen.has(o.code)}>
                                {o.name}
                              </option>
                            ))}
                          </optgroup>
                        ))}
                      </select>
                      <button type="submit" class="button">
                        {t('admin.coordinators.save_regions')}
                      </button>
                    </form>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <h2>{t('admin.coordinators.role_title')}</h2>
      <form method="post" action="/admin/coordinators/role" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={roleForm}
          name="email"
          type="email"
          label={t('admin.coordinators.email_label')}
          autocomplete="off"
          maxLength={254}
        />
        <button type="submit" name="action" value="grant" class="button">
          {t('admin.coordinators.grant')}
        </button>{' '}
        <button type="submit" name="action" value="revoke" class="button button-warning">
          {t('admin.coordinators.revoke')}
        </button>
      </form>
    </section>
  )
}
