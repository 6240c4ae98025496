import type { ViewContext } from '../../../web/view-context.ts'
import { CriteriaList } from './shared.tsx'

/** The public page of the quality-label criteria and the rules each label follows. */
export function CriteriaView(props: {
  ctx: ViewContext
  rules: {
    europeanMinCountries: number
    schoolMinYears: number
    schoolMinActiveMembers: number
    schoolMinNationalLabels: number
    schoolValidYears: number
  }
}) {
  const { ctx, rules } = props
  const { t } = ctx
  return (
    <section>
      <h1>{t('labels.criteria_title')}</h1>
      <p>{t('labels.criteria_intro')}</p>
      <CriteriaList ctx={ctx} />
      <h2>{t('labels.rules_title')}</h2>
      <ul>
        <li>{t('labels.rule_national')}</li>
        <li>{t('labels.rule_european', { count: rules.europeanMinCountries })}</li>
        <li>
          {t('labels.rule_school', {
            years: rules.schoolMinYears,
            members: rules.schoolMinActiveMembers,
            labels: rules.schoolMinNationalLabels,
            valid: rules.schoolValidYears,
          })}
        </li>
      </ul>
    </section>
  )
}
