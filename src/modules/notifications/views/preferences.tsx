import { ChoiceGroup, CsrfField, ErrorSummary, type FormState, Notice } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { MODES, TOPIC_IDS } from '../kinds.ts'

/** The form's field for a kind: "mode_events" etc. */
export const fieldOf = (topic: string) => `mode_${topic}`

export function PreferencesView(props: { ctx: ViewContext; form: FormState; saved: boolean }) {
  const { ctx, form, saved } = props
  const { t } = ctx
  const modes = MODES.map((m) => [m, t(`notification_settings.modes.${m}`)] as const)
  const labels = Object.fromEntries(
    TOPIC_IDS.map((id) => [fieldOf(id), t(`notification_settings.topics.${id}.label`)]),
  )
  return (
    <section class="narrow">
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <h1>{t('notification_settings.title')}</h1>
      {saved && <Notice kind="success">{t('notification_settings.saved')}</Notice>}
      <p>{t('notification_settings.intro')}</p>
      <p class="hint">{t('notification_settings.digest_hint')}</p>
      <form method="post" action="/settings/notifications" novalidate>
        <CsrfField ctx={ctx} />
        {TOPIC_IDS.map((id) => (
          <ChoiceGroup
            ctx={ctx}
            form={form}
            type="radio"
            name={fieldOf(id)}
            legend={t(`notification_settings.topics.${id}.label`)}
            hint={t(`notification_settings.topics.${id}.hint`)}
            options={modes}
          />
        ))}
        <button type="submit" class="button">
          {t('notification_settings.save')}
        </button>
      </form>
      <p>
        <a href="/notifications">{t('notification_settings.back_to_centre')}</a>
      </p>
    </section>
  )
}
