import type { Locale } from '../../../config.ts'
import { formatNumber } from '../../../platform/i18n.ts'
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  emptyForm,
  type FieldProps,
  FileField,
  type FormState,
  LocalisedFields,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { daysOf } from '../calendar.ts'
import { inLanguage, type ManageData } from '../service.ts'
import { Agenda } from './event.tsx'
import { dayHeading } from './shared.tsx'

const LANGUAGE_NAMES: Record<Locale, string> = { az: 'Azərbaycanca', en: 'English', ru: 'Русский' }

function Bio(props: FieldProps) {
  return <TextAreaField {...props} rows={3} />
}

/** A one-button form that deletes or removes something; the button names what it acts on. */
function RemoveButton(props: { ctx: ViewContext; action: string; label: string }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      <button type="submit" class="link-button">
        {props.label}
      </button>
    </form>
  )
}

/** Which of the page's forms failed: its state is shown, the others start empty. */
export type ManageForm = 'session' | 'speaker' | 'partner' | 'manager'
export const MANAGE_NOTICES = ['session', 'speaker', 'partner', 'manager', 'removed'] as const
export type ManageNotice = (typeof MANAGE_NOTICES)[number]

export function ManageView(props: {
  ctx: ViewContext
  data: ManageData
  failed?: { form: ManageForm; state: FormState }
  notice?: ManageNotice
}) {
  const { ctx, data } = props
  const { t, locale } = ctx
  const { event, abilities } = data.page
  const base = event.url
  const stateOf = (form: ManageForm) => (props.failed?.form === form ? props.failed.state : emptyForm)
  const title = inLanguage(event.title, locale)?.text ?? ''
  const days = daysOf(event.startsAt, event.endsAt, event.timeZone)
  const session = stateOf('session')
  const sessionForm: FormState =
    props.failed?.form === 'session' ? session : { values: { date: days[0] ?? '' }, errors: {} }
  return (
    <section>
      <p class="breadcrumbs">
        <a href={base}>{title}</a>
      </p>
      <h1>{t('events.manage_agenda')}</h1>
      {props.notice && <Notice kind="success">{t(`events.manage_done.${props.notice}`)}</Notice>}

      <Agenda
        ctx={ctx}
        event={event}
        actions={(id) => (
          <RemoveButton
            ctx={ctx}
            action={`${base}/agenda/sessions/${id}/delete`}
            label={t('events.remove_named', {
              name:
                inLanguage(
                  event.sessions.find((s) => s.id === id)?.title ?? { az: null, en: null, ru: null },
                  locale,
                )?.text ?? '',
            })}
          />
        )}
      />
      {event.sessions.length === 0 && <p>{t('events.no_sessions')}</p>}

      <section aria-labelledby="add-session">
        <h2 id="add-session">{t('events.add_session')}</h2>
        <ErrorSummary
          ctx={ctx}
          errors={session.errors}
          labels={{
            form: '',
            date: t('events.fields.day'),
            start_time: t('events.fields.start_time'),
            end_time: t('events.fields.end_time'),
            title_az: t('events.fields.title', { language: LANGUAGE_NAMES.az }),
            speakers: t('events.speakers'),
          }}
        />
        <form method="post" action={`${base}/agenda/sessions`} novalidate>
          <CsrfField ctx={ctx} />
          <SelectField
            ctx={ctx}
            form={sessionForm}
            name="date"
            idPrefix="session"
            label={t('events.fields.day')}
            options={days.map(
              (d, i) => [d, `${t('events.day_n', { n: i + 1 })} · ${dayHeading(locale, d)}`] as const,
            )}
          />
          <TextField
            ctx={ctx}
            form={sessionForm}
            idPrefix="session"
            name="start_time"
            label={t('events.fields.start_time')}
            hint={t('events.fields.time_hint')}
          />
          <TextField
            ctx={ctx}
            form={sessionForm}
            idPrefix="session"
            name="end_time"
            label={t('events.fields.end_time')}
            hint={t('events.fields.time_hint')}
          />
          <TextField
            ctx={ctx}
            form={sessionForm}
            idPrefix="session"
            name="room"
            label={t('events.session_room')}
            maxLength={120}
          />
          <LocalisedFields
            ctx={ctx}
            form={sessionForm}
            idPrefix="session"
            name="title"
            maxLength={200}
            label={(l) => t('events.fields.title', { language: LANGUAGE_NAMES[l] })}
          />
          {event.speakers.length > 0 && (
            <ChoiceGroup
              ctx={ctx}
              form={sessionForm}
              idPrefix="session"
              name="speakers"
              legend={t('events.speakers')}
              options={event.speakers.map((s) => [s.id, s.name] as const)}
            />
          )}
          <button type="submit" class="button">
            {t('events.add_session')}
          </button>
        </form>
      </section>

      <section aria-labelledby="manage-speakers">
        <h2 id="manage-speakers">{t('events.speakers')}</h2>
        {event.speakers.length > 0 && (
          <ul>
            {event.speakers.map((s) => (
              <li>
                {s.name}
                {s.affiliation ? ` (${s.affiliation})` : ''}{' '}
                <RemoveButton
                  ctx={ctx}
                  action={`${base}/speakers/${s.id}/delete`}
                  label={t('events.remove_named', { name: s.name })}
                />
              </li>
            ))}
          </ul>
        )}
        <h3>{t('events.add_speaker')}</h3>
        <ErrorSummary
          ctx={ctx}
          errors={stateOf('speaker').errors}
          labels={{
            form: '',
            name: t('events.fields.speaker_name'),
            affiliation: t('events.fields.affiliation'),
          }}
        />
        <form method="post" action={`${base}/speakers`} novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            form={stateOf('speaker')}
            idPrefix="speaker"
            name="name"
            label={t('events.fields.speaker_name')}
            maxLength={200}
          />
          <TextField
            ctx={ctx}
            form={stateOf('speaker')}
            idPrefix="speaker"
            name="affiliation"
            label={t('events.fields.affiliation')}
            maxLength={300}
          />
          <LocalisedFields
            ctx={ctx}
            form={stateOf('speaker')}
            idPrefix="speaker"
            name="bio"
            maxLength={2000}
            field={Bio}
            label={(l) => t('events.fields.bio', { language: LANGUAGE_NAMES[l] })}
          />
          <button type="submit" class="button">
            {t('events.add_speaker')}
          </button>
        </form>
      </section>

      <section aria-labelledby="manage-partners">
        <h2 id="manage-partners">{t('events.organisers_and_supporters')}</h2>
        {event.organisers.length + event.supporters.length > 0 && (
          <ul>
            {event.organisers.map((p) => (
              <li>
                {p.name} · {t('events.role.organiser')}{' '}
                <RemoveButton
                  ctx={ctx}
                  action={`${base}/partners/${p.id}/delete`}
                  label={t('events.remove_named', { name: p.name })}
                />
              </li>
            ))}
            {event.supporters.map((p) => (
              <li>
                {p.name} · {t('events.role.supporter')}{' '}
                <RemoveButton
                  ctx={ctx}
                  action={`${base}/partners/${p.id}/delete`}
                  label={t('events.remove_named', { name: p.name })}
                />
              </li>
            ))}
          </ul>
        )}
        <ErrorSummary
          ctx={ctx}
          errors={stateOf('partner').errors}
          labels={{
            form: '',
            institution: t('events.fields.institution'),
            role: t('events.fields.partner_role'),
          }}
        />
        <form method="post" action={`${base}/partners`} novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            form={stateOf('partner')}
            idPrefix="partner"
            name="institution"
            label={t('events.fields.institution')}
            hint={t('events.fields.institution_hint')}
            maxLength={200}
          />
          <ChoiceGroup
            ctx={ctx}
            form={
              props.failed?.form === 'partner'
                ? stateOf('partner')
                : { values: { role: 'organiser' }, errors: {} }
            }
            idPrefix="partner"
            name="role"
            type="radio"
            legend={t('events.fields.partner_role')}
            options={[
              ['organiser', t('events.role.organiser')],
              ['supporter', t('events.role.supporter')],
            ]}
          />
          <button type="submit" class="button">
            {t('events.add_partner')}
          </button>
        </form>
      </section>

      <section aria-labelledby="manage-managers">
        <h2 id="manage-managers">{t('events.managers')}</h2>
        <p class="hint">{t('events.managers_hint')}</p>
        <ul>
          {data.managers.map((m) => (
            <li>
              {m.name} ({m.email}){' '}
              {abilities.assignManagers && data.managers.length > 1 && (
                <RemoveButton
                  ctx={ctx}
                  action={`${base}/managers/${m.id}/delete`}
                  label={t('events.remove_named', { name: m.name })}
                />
              )}
            </li>
          ))}
        </ul>
        {abilities.assignManagers && (
          <>
            <ErrorSummary
              ctx={ctx}
              errors={stateOf('manager').errors}
              labels={{ form: '', email: t('events.fields.manager_email') }}
            />
            <form method="post" action={`${base}/managers`} novalidate>
              <CsrfField ctx={ctx} />
              <TextField
                ctx={ctx}
                form={stateOf('manager')}
                idPrefix="manager"
                name="email"
                type="email"
                label={t('events.fields.manager_email')}
                maxLength={254}
              />
              <button type="submit" class="button">
                {t('events.add_manager')}
              </button>
            </form>
          </>
        )}
      </section>
    </section>
  )
}

export function FilesView(props: {
  ctx: ViewContext
  data: ManageData
  form: FormState
  maxBytes: number
  saved?: boolean
}) {
  const { ctx, data, form } = props
  const { t, locale } = ctx
  const { event } = data.page
  const base = event.url
  const title = inLanguage(event.title, locale)?.text ?? ''
  const kindForm: FormState = form.values.kind
    ? form
    : { ...form, values: { ...form.values, kind: 'material' } }
  return (
    <section>
      <p class="breadcrumbs">
        <a href={base}>{title}</a>
      </p>
      <h1>{t('events.manage_files')}</h1>
      {props.saved && <Notice kind="success">{t('events.manage_done.file')}</Notice>}
      {event.files.length === 0 ? (
        <p>{t('events.no_files')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('events.fields.file_title')}</th>
              <th scope="col">{t('events.fields.file_kind')}</th>
              <th scope="col">{t('events.fields.size')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('events.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {event.files.map((f) => (
              <tr>
                <td>
                  <a href={f.url}>{f.title}</a>
                </td>
                <td>{t(`events.file_kind.${f.kind}`)}</td>
                <td>{formatNumber(locale, Math.ceil(f.size / 1024))} KB</td>
                <td>
                  <RemoveButton
                    ctx={ctx}
                    action={`${base}/files/${f.id}/delete`}
                    label={t('events.remove_named', { name: f.title })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('events.add_file')}</h2>
      <ErrorSummary
        ctx={ctx}
        errors={form.errors}
        labels={{
          form: '',
          file: t('events.fields.file'),
          title: t('events.fields.file_title'),
          kind: t('events.fields.file_kind'),
          session_id: t('events.fields.session'),
        }}
      />
      <form method="post" action={`${base}/files`} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} form={form} name="title" label={t('events.fields.file_title')} maxLength={200} />
        <ChoiceGroup
          ctx={ctx}
          form={kindForm}
          name="kind"
          type="radio"
          legend={t('events.fields.file_kind')}
          options={[
            ['material', t('events.file_kind.material')],
            ['photo', t('events.file_kind.photo')],
          ]}
        />
        {event.sessions.length > 0 && (
          <SelectField
            ctx={ctx}
            form={form}
            name="session_id"
            label={t('events.fields.session')}
            options={[
              ['', t('events.whole_event')],
              ...event.sessions.map((s) => [s.id, inLanguage(s.title, locale)?.text ?? ''] as const),
            ]}
          />
        )}
        <FileField
          ctx={ctx}
          form={form}
          name="file"
          label={t('events.fields.file')}
          hint={t('events.fields.file_hint', { size: `${Math.round(props.maxBytes / 1024 / 1024)} MB` })}
          required
        />
        <button type="submit" class="button">
          {t('events.upload')}
        </button>
      </form>
    </section>
  )
}
