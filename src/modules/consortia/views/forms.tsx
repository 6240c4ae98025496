import type { ComponentChildren } from 'preact'
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FormState,
  LocalisedFields,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'
import type * as q from '../queries.ts'
import {
  CONSORTIUM_STATUSES,
  DELIVERABLE_STATUSES,
  MEETING_KINDS,
  PARTNER_ROLES,
  TARGET_GROUPS,
} from '../schemas.ts'
import { type ConsortiumDetail, titleIn } from '../service.ts'
import { Breadcrumbs, day } from './shared.tsx'

type Partners = Awaited<ReturnType<typeof q.partnersOf>>

/** Labels of every field a form may report on, for the error summary. */
function labels(ctx: ViewContext): Record<string, string> {
  const { t } = ctx
  const names = [
    'reference',
    'acronym',
    'title_en',
    'programme',
    'key_action',
    'action_type',
    'funder',
    'call_year',
    'coordinator',
    'coordinator_contact_name',
    'coordinator_contact_email',
    'target_groups',
    'start_date',
    'end_date',
    'grant',
    'currency',
    'status',
    'summary_en',
    'website',
    'results_url',
  ]
  return {
    ...Object.fromEntries(names.map((n) => [n, t(`consortia.fields.${n}`)])),
    institution: t('consortia.partners.institution'),
    role: t('consortia.partners.role'),
    number: t('consortia.work_packages.number'),
    title: t('consortia.work_packages.name'),
    lead: t('consortia.work_packages.lead'),
    description: t('consortia.work_packages.description'),
    code: t('consortia.deliverables.code'),
    due_date: t('consortia.deliverables.due_date'),
    delivered_on: t('consortia.deliverables.delivered_on'),
    event: t('consortia.meetings.event'),
    kind: t('consortia.meetings.kind'),
  }
}

function Section(props: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  )
}

/** The record's form: new (with the coordinating institution) or edit. */
export function ConsortiumForm(props: {
  ctx: ViewContext
  form: FormState
  action: string
  /** On creation: the institutions the person may name as coordinator (their own, or all for coordinators). */
  coordinators?: ReadonlyArray<{ id: string; name: string }>
  slug?: string
  title?: string
}) {
  const { ctx, form } = props
  const { t } = ctx
  const field = (name: string, extra: { hint?: string; maxLength?: number } = {}) => (
    <TextField ctx={ctx} form={form} name={name} label={t(`consortia.fields.${name}`)} {...extra} />
  )
  return (
    <section>
      <Breadcrumbs ctx={ctx} slug={props.slug} title={props.title} />
      <h1>{props.slug ? t('consortia.edit') : t('consortia.new')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels(ctx)} />
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={ctx} />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="title"
          label={(l) => t('consortia.fields.title_in', { language: t(`consortia.language_names.${l}`) })}
          maxLength={500}
        />
        {field('acronym', { maxLength: 60 })}
        {field('reference', { hint: t('consortia.hints.reference'), maxLength: 120 })}
        {props.coordinators && (
          <SelectField
            ctx={ctx}
            form={form}
            name="coordinator"
            label={t('consortia.fields.coordinator')}
            options={[['', t('consortia.choose')], ...props.coordinators.map((i) => [i.id, i.name] as const)]}
          />
        )}
        {field('programme', { hint: t('consortia.hints.programme'), maxLength: 200 })}
        {field('key_action', { maxLength: 100 })}
        {field('action_type', { hint: t('consortia.hints.action_type'), maxLength: 300 })}
        {field('funder', { maxLength: 200 })}
        {field('call_year', { maxLength: 4 })}
        <SelectField
          ctx={ctx}
          form={form}
          name="status"
          label={t('consortia.fields.status')}
          options={CONSORTIUM_STATUSES.map((s) => [s, t(`consortia.status.${s}`)] as const)}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="start_date"
          label={t('consortia.fields.start_date')}
          hint={t('consortia.hints.date')}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="end_date"
          label={t('consortia.fields.end_date')}
          hint={t('consortia.hints.date')}
        />
        {field('grant', { hint: t('consortia.hints.grant'), maxLength: 24 })}
        {field('currency', { hint: t('consortia.hints.currency'), maxLength: 3 })}
        <ChoiceGroup
          ctx={ctx}
          form={form}
          name="target_groups"
          legend={t('consortia.fields.target_groups')}
          options={TARGET_GROUPS.map((g) => [g, t(`consortia.target_groups.${g}`)] as const)}
        />
        {field('coordinator_contact_name', { maxLength: 200 })}
        <TextField
          ctx={ctx}
          form={form}
          name="coordinator_contact_email"
          type="email"
          label={t('consortia.fields.coordinator_contact_email')}
          maxLength={254}
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="summary"
          label={(l) => t('consortia.fields.summary_in', { language: t(`consortia.language_names.${l}`) })}
          field={(p) => <TextAreaField {...p} rows={6} />}
        />
        {field('website', { maxLength: 500 })}
        {field('results_url', { hint: t('consortia.hints.results_url'), maxLength: 500 })}
        <button type="submit" class="button">
          {t('consortia.save')}
        </button>
      </form>
    </section>
  )
}

/** Partners, work packages and meetings of one consortium, for its managers. */
export function ManageView(props: {
  ctx: ViewContext
  detail: ConsortiumDetail
  query: string
  candidates: ReadonlyArray<{ id: string; name: string; country: string; city: string | null }>
  events: ReadonlyArray<{
    id: string
    title_az: string | null
    title_en: string | null
    title_ru: string | null
    starts_at: string
  }>
  /** Which form failed, with its state. */
  failed?: { form: 'partner' | 'work_package' | 'meeting'; state: FormState }
  done?: string
}) {
  const { ctx, detail } = props
  const { t, locale } = ctx
  const { row } = detail
  const base = `/consortia/${row.slug}`
  const stateOf = (name: 'partner' | 'work_package' | 'meeting'): FormState =>
    props.failed?.form === name ? props.failed.state : { values: {}, errors: {} }
  const nextNumber = Math.max(0, ...detail.workPackages.map((wp) => wp.number)) + 1
  const wpForm =
    props.failed?.form === 'work_package'
      ? props.failed.state
      : { values: { number: String(nextNumber) }, errors: {} }
  return (
    <section>
      <Breadcrumbs ctx={ctx} slug={row.slug} title={titleIn(row, locale)} />
      <h1>{t('consortia.manage')}</h1>
      {props.done && <p role="status">{t(`consortia.done.${props.done}`)}</p>}
      {props.failed && <ErrorSummary ctx={ctx} errors={props.failed.state.errors} labels={labels(ctx)} />}

      <Section id="partners" title={t('consortia.partners.title')}>
        {detail.partners.length === 0 && <p>{t('consortia.partners.none')}</p>}
        <ul class="plain-links">
          {detail.partners.map((p) => (
            <li>
              {p.name} ({countryName(p.country, locale)}) — {t(`consortia.roles.${p.role}`)}{' '}
              <form method="post" action={`${base}/partners/${p.id}/remove`} class="inline-form">
                <CsrfField ctx={ctx} />
                <button type="submit" class="button button-secondary">
                  {t('consortia.partners.remove', { name: p.name })}
                </button>
              </form>
            </li>
          ))}
        </ul>
        <h3>{t('consortia.partners.add')}</h3>
        <form method="get" action={`${base}/manage`}>
          <div class="field">
            <label for="partner-q">{t('consortia.partners.search')}</label>
            <p class="hint" id="partner-q-hint">
              {t('consortia.partners.search_hint')}
            </p>
            <input
              id="partner-q"
              name="q"
              type="search"
              value={props.query}
              maxLength={100}
              aria-describedby="partner-q-hint"
            />
          </div>
          <button type="submit" class="button button-secondary">
            {t('consortia.partners.search_submit')}
          </button>
        </form>
        {props.query && props.candidates.length === 0 && <p>{t('consortia.partners.no_match')}</p>}
        {props.candidates.length > 0 && (
          <form method="post" action={`${base}/partners`}>
            <CsrfField ctx={ctx} />
            {/* The search comes back with the form when it fails, so the choice can be made again. */}
            <input type="hidden" name="q" value={props.query} />
            <ChoiceGroup
              ctx={ctx}
              form={stateOf('partner')}
              name="institution"
              type="radio"
              legend={t('consortia.partners.institution')}
              options={props.candidates.map(
                (c) =>
                  [
                    c.id,
                    `${c.name} (${[c.city, countryName(c.country, locale)].filter(Boolean).join(', ')})`,
                  ] as const,
              )}
            />
            <SelectField
              ctx={ctx}
              form={stateOf('partner')}
              name="role"
              label={t('consortia.partners.role')}
              options={PARTNER_ROLES.map((r) => [r, t(`consortia.roles.${r}`)] as const)}
            />
            <button type="submit" class="button">
              {t('consortia.partners.add_submit')}
            </button>
          </form>
        )}
      </Section>

      <Section id="work-packages" title={t('consortia.work_packages.title')}>
        <ul class="plain-links">
          {detail.workPackages.map((wp) => (
            <li>
              <a href={`${base}/work-packages/${wp.id}`}>
                {t('consortia.work_packages.label', { number: wp.number })}: {wp.title}
              </a>
            </li>
          ))}
        </ul>
        <h3>{t('consortia.work_packages.add')}</h3>
        <form method="post" action={`${base}/work-packages`} novalidate>
          <CsrfField ctx={ctx} />
          <WorkPackageFields ctx={ctx} form={wpForm} partners={detail.partners} leadChoice />
          <button type="submit" class="button">
            {t('consortia.work_packages.add_submit')}
          </button>
        </form>
      </Section>

      <Section id="meetings" title={t('consortia.meetings.title')}>
        <ul class="plain-links">
          {detail.meetings.map((m) => (
            <li>
              <a href={`/events/${m.slug}`}>{titleIn(m, locale)}</a> —{' '}
              {t(`consortia.meetings.kinds.${m.kind}`)}{' '}
              <form method="post" action={`${base}/meetings/${m.event_id}/remove`} class="inline-form">
                <CsrfField ctx={ctx} />
                <button type="submit" class="button button-secondary">
                  {t('consortia.meetings.remove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
        {props.events.length === 0 ? (
          <p>{t('consortia.meetings.no_events')}</p>
        ) : (
          <form method="post" action={`${base}/meetings`}>
            <CsrfField ctx={ctx} />
            <SelectField
              ctx={ctx}
              form={stateOf('meeting')}
              name="event"
              label={t('consortia.meetings.event')}
              options={props.events.map(
                (e) =>
                  [
                    e.id,
                    `${titleIn(e, locale)} (${day(ctx, new Date(e.starts_at).toISOString().slice(0, 10))})`,
                  ] as const,
              )}
            />
            <SelectField
              ctx={ctx}
              form={stateOf('meeting')}
              name="kind"
              label={t('consortia.meetings.kind')}
              options={MEETING_KINDS.map((k) => [k, t(`consortia.meetings.kinds.${k}`)] as const)}
            />
            <button type="submit" class="button">
              {t('consortia.meetings.link')}
            </button>
          </form>
        )}
      </Section>
    </section>
  )
}

function WorkPackageFields(props: {
  ctx: ViewContext
  form: FormState
  partners: Partners
  leadChoice: boolean
  idPrefix?: string
}) {
  const { ctx, form } = props
  const { t } = ctx
  return (
    <>
      <TextField
        ctx={ctx}
        form={form}
        idPrefix={props.idPrefix}
        name="number"
        label={t('consortia.work_packages.number')}
        inputMode="numeric"
        maxLength={2}
      />
      <TextField
        ctx={ctx}
        form={form}
        idPrefix={props.idPrefix}
        name="title"
        label={t('consortia.work_packages.name')}
        maxLength={300}
      />
      <TextAreaField
        ctx={ctx}
        form={form}
        idPrefix={props.idPrefix}
        name="description"
        label={t('consortia.work_packages.description')}
      />
      {props.leadChoice ? (
        <SelectField
          ctx={ctx}
          form={form}
          idPrefix={props.idPrefix}
          name="lead"
          label={t('consortia.work_packages.lead')}
          options={[
            ['', t('consortia.choose')],
            ...props.partners.map((p) => [p.institution_id, p.name] as const),
          ]}
        />
      ) : (
        // A lead partner's staff keep the lead as it is: only the consortium's managers choose it.
        <input
          type="hidden"
          name="lead"
          value={typeof form.values.lead === 'string' ? form.values.lead : ''}
        />
      )}
      <TextField
        ctx={ctx}
        form={form}
        idPrefix={props.idPrefix}
        name="start_date"
        label={t('consortia.fields.start_date')}
        hint={t('consortia.hints.date')}
      />
      <TextField
        ctx={ctx}
        form={form}
        idPrefix={props.idPrefix}
        name="end_date"
        label={t('consortia.fields.end_date')}
        hint={t('consortia.hints.date')}
      />
    </>
  )
}

/** One work package: its fields, its deliverables (status moves on) and a new deliverable. */
export function WorkPackageView(props: {
  ctx: ViewContext
  consortium: { slug: string; title: string }
  workPackage: { id: string; number: number; lead_institution_id: string | null }
  partners: Partners
  deliverables: Awaited<ReturnType<typeof q.deliverablesOf>>
  canChangeLead: boolean
  form: FormState
  deliverableForm: FormState
  failedStatus?: { id: string; state: FormState }
  done?: string
}) {
  const { ctx, workPackage } = props
  const { t } = ctx
  const base = `/consortia/${props.consortium.slug}/work-packages/${workPackage.id}`
  const lead = props.partners.find((p) => p.institution_id === workPackage.lead_institution_id)
  const errors = {
    ...props.form.errors,
    ...props.deliverableForm.errors,
    ...props.failedStatus?.state.errors,
  }
  // Three kinds of form share field names on this page: the one that failed keeps the ids the error summary links
  // to ("field-…"), the others get their own.
  const failing = props.failedStatus
    ? `d-${props.failedStatus.id}`
    : Object.keys(props.deliverableForm.errors).length > 0
      ? 'new'
      : 'wp'
  const prefix = (own: string) => (failing === own ? 'field' : own)
  return (
    <section>
      <Breadcrumbs ctx={ctx} slug={props.consortium.slug} title={props.consortium.title} />
      <h1>{t('consortia.work_packages.label', { number: workPackage.number })}</h1>
      {props.done && <p role="status">{t(`consortia.done.${props.done}`)}</p>}
      <ErrorSummary ctx={ctx} errors={errors} labels={labels(ctx)} />
      {!props.canChangeLead && lead && (
        <p>
          {t('consortia.work_packages.lead')}: {lead.name}
        </p>
      )}
      <form method="post" action={base} novalidate>
        <CsrfField ctx={ctx} />
        <WorkPackageFields
          ctx={ctx}
          form={props.form}
          partners={props.partners}
          leadChoice={props.canChangeLead}
          idPrefix={prefix('wp')}
        />
        <button type="submit" class="button">
          {t('consortia.save')}
        </button>
      </form>
      {props.canChangeLead && (
        <form method="post" action={`${base}/delete`}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="button button-warning">
            {t('consortia.work_packages.delete')}
          </button>
        </form>
      )}

      <Section id="deliverables" title={t('consortia.deliverables.title')}>
        {props.deliverables.length === 0 && <p>{t('consortia.deliverables.none')}</p>}
        {props.deliverables.map((d) => {
          const failed = props.failedStatus?.id === d.id ? props.failedStatus.state : null
          const state = failed ?? {
            values: { status: d.status, delivered_on: d.delivered_on ?? '' },
            errors: {},
          }
          return (
            <form
              method="post"
              action={`/consortia/${props.consortium.slug}/deliverables/${d.id}`}
              class="card"
            >
              <CsrfField ctx={ctx} />
              <p>
                <strong>{d.code}</strong> {d.title}
                {d.due_date && ` · ${t('consortia.deliverables.due_date')}: ${day(ctx, d.due_date)}`}
              </p>
              <SelectField
                ctx={ctx}
                form={state}
                idPrefix={prefix(`d-${d.id}`)}
                name="status"
                label={t('consortia.deliverables.status_label')}
                options={DELIVERABLE_STATUSES.map(
                  (s) => [s, t(`consortia.deliverables.status.${s}`)] as const,
                )}
              />
              <TextField
                ctx={ctx}
                form={state}
                idPrefix={prefix(`d-${d.id}`)}
                name="delivered_on"
                label={t('consortia.deliverables.delivered_on')}
                hint={t('consortia.hints.delivered_on')}
              />
              <button type="submit" class="button button-secondary">
                {t('consortia.deliverables.update', { code: d.code })}
              </button>
            </form>
          )
        })}
        <h3>{t('consortia.deliverables.add')}</h3>
        <form method="post" action={`${base}/deliverables`} novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            form={props.deliverableForm}
            idPrefix={prefix('new')}
            name="code"
            label={t('consortia.deliverables.code')}
            hint={t('consortia.hints.code')}
            maxLength={20}
          />
          <TextField
            ctx={ctx}
            form={props.deliverableForm}
            idPrefix={prefix('new')}
            name="title"
            label={t('consortia.deliverables.name')}
            maxLength={300}
          />
          <TextField
            ctx={ctx}
            form={props.deliverableForm}
            idPrefix={prefix('new')}
            name="due_date"
            label={t('consortia.deliverables.due_date')}
            hint={t('consortia.hints.date')}
          />
          <SelectField
            ctx={ctx}
            form={props.deliverableForm}
            idPrefix={prefix('new')}
            name="status"
            label={t('consortia.deliverables.status_label')}
            options={DELIVERABLE_STATUSES.map((s) => [s, t(`consortia.deliverables.status.${s}`)] as const)}
          />
          <button type="submit" class="button">
            {t('consortia.deliverables.add_submit')}
          </button>
        </form>
      </Section>
    </section>
  )
}
