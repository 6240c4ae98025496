import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  emptyForm,
  FileField,
  type FormState,
  LocalisedFields,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'
import { ALLOWED_EXTENSIONS } from '../../workspace/uploads.ts'
import { MEMBER_CATEGORIES, NETWORK_VISIBILITIES, OFFICER_ROLES, type VISIBILITIES } from '../schemas.ts'
import { groupUrl, type JoinPage, type ManagePage } from '../service.ts'
import { DocumentLink, day, Text } from './network.tsx'

/** Which of the page's forms failed: its state is shown, the others start empty. */
export type ManageForm = 'member' | 'officer' | 'centre' | 'document' | 'group'

/** A one-button form; the button names what it does. */
export function ActionButton(props: {
  ctx: ViewContext
  action: string
  label: string
  fields?: Record<string, string>
}) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="link-button">
        {props.label}
      </button>
    </form>
  )
}

/** The fields of a document or material: a title, who sees it, and a file or a link. */
export function DocumentFieldset(props: {
  ctx: ViewContext
  form: FormState
  visibilities: ReadonlyArray<(typeof VISIBILITIES)[number]>
  maxBytes: number
  withKind: boolean
}) {
  const { ctx, form } = props
  const { t } = ctx
  return (
    <>
      <TextField
        ctx={ctx}
        form={form}
        idPrefix="document"
        name="title"
        label={t('networks.fields.title')}
        maxLength={300}
      />
      {props.withKind && (
        <SelectField
          ctx={ctx}
          form={form}
          idPrefix="document"
          name="kind"
          label={t('networks.fields.document_kind')}
          options={[
            ['document', t('networks.document')],
            ['statute', t('networks.statute')],
          ]}
        />
      )}
      <ChoiceGroup
        ctx={ctx}
        form={{ ...form, values: { visibility: props.visibilities[0], ...form.values } }}
        idPrefix="document"
        type="radio"
        name="visibility"
        legend={t('networks.fields.visibility')}
        options={props.visibilities.map((v) => [v, t(`networks.visibility_choice.${v}`)] as const)}
      />
      <FileField
        ctx={ctx}
        form={form}
        idPrefix="document"
        name="file"
        label={t('networks.fields.file')}
        hint={t('networks.fields.file_hint', {
          types: ALLOWED_EXTENSIONS.join(', '),
          size: `${Math.round(props.maxBytes / 1024 / 1024)} MB`,
        })}
      />
      <TextField
        ctx={ctx}
        form={form}
        idPrefix="document"
        name="url"
        label={t('networks.fields.url')}
        maxLength={500}
      />
    </>
  )
}

export const documentLabels = (ctx: ViewContext): Record<string, string> => ({
  form: '',
  title: ctx.t('networks.fields.title'),
  kind: ctx.t('networks.fields.document_kind'),
  visibility: ctx.t('networks.fields.visibility'),
  file: ctx.t('networks.fields.file'),
  url: ctx.t('networks.fields.url'),
})

export function ManageView(props: {
  ctx: ViewContext
  data: ManagePage
  maxBytes: number
  failed?: { form: ManageForm; state: FormState }
  notice?: string
}) {
  const { ctx, data } = props
  const { t, locale } = ctx
  const base = `/networks/${data.slug}`
  const stateOf = (form: ManageForm) => (props.failed?.form === form ? props.failed.state : emptyForm)
  const requests = data.allMembers.filter((m) => m.status === 'requested')
  const invited = data.allMembers.filter((m) => m.status === 'invited')
  const active = data.allMembers.filter((m) => m.status === 'active')
  const member = stateOf('member')
  const officer = stateOf('officer')
  const centre = stateOf('centre')
  const doc = stateOf('document')
  const group = stateOf('group')
  const today = new Date().toISOString().slice(0, 10)
  return (
    <section>
      <p class="breadcrumbs">
        <a href={base}>
          <Text ctx={ctx} value={data.name} />
        </a>
      </p>
      <h1>{t('networks.manage')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}

      <section aria-labelledby="members">
        <h2 id="members">{t('networks.requests')}</h2>
        {requests.length === 0 ? (
          <p>{t('networks.no_requests')}</p>
        ) : (
          <ul>
            {requests.map((m) => (
              <li>
                <a href={`/institutions/${m.institution_slug}`}>{m.institution_name}</a> (
                {countryName(m.country, locale)}){m.message ? ` — “${m.message}”` : ''}{' '}
                <ActionButton
                  ctx={ctx}
                  action={`${base}/members/${m.id}/decision`}
                  fields={{ decision: 'approve' }}
                  label={t('networks.approve_named', { name: m.institution_name })}
                />{' '}
                <ActionButton
                  ctx={ctx}
                  action={`${base}/members/${m.id}/decision`}
                  fields={{ decision: 'decline' }}
                  label={t('networks.decline_named', { name: m.institution_name })}
                />
              </li>
            ))}
          </ul>
        )}
        {invited.length > 0 && (
          <>
            <h3>{t('networks.invitations')}</h3>
            <ul>
              {invited.map((m) => (
                <li>
                  <a href={`/institutions/${m.institution_slug}`}>{m.institution_name}</a> (
                  {countryName(m.country, locale)})
                </li>
              ))}
            </ul>
          </>
        )}
        <h3>{t('networks.active_members', { count: active.length })}</h3>
        <ul>
          {active.map((m) => (
            <li>
              <a href={`/institutions/${m.institution_slug}`}>{m.institution_name}</a> (
              {countryName(m.country, locale)}) · {t(`networks.categories.${m.category}`)}
              {m.member_since ? ` · ${t('networks.since', { date: day(ctx, m.member_since) })}` : ''}{' '}
              <ActionButton
                ctx={ctx}
                action={`${base}/members/${m.id}/decision`}
                fields={{ decision: 'end' }}
                label={t('networks.end_named', { name: m.institution_name })}
              />
            </li>
          ))}
        </ul>
        <h3 id="add-member">{t('networks.add_member')}</h3>
        <ErrorSummary
          ctx={ctx}
          errors={member.errors}
          idPrefix="member"
          labels={{
            form: '',
            institution: t('networks.fields.institution'),
            category: t('networks.fields.category'),
            member_since: t('networks.fields.member_since'),
            mode: t('networks.fields.mode'),
          }}
        />
        <form method="post" action={`${base}/members`} id="member-form" novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            form={member}
            idPrefix="member"
            name="institution"
            label={t('networks.fields.institution')}
            hint={t('networks.fields.institution_hint')}
            maxLength={300}
          />
          <SelectField
            ctx={ctx}
            form={member}
            idPrefix="member"
            name="category"
            label={t('networks.fields.category')}
            options={MEMBER_CATEGORIES.map((c) => [c, t(`networks.categories.${c}`)] as const)}
          />
          <TextField
            ctx={ctx}
            form={member}
            idPrefix="member"
            name="member_since"
            label={t('networks.fields.member_since')}
            hint={t('networks.fields.date_hint')}
          />
          <ChoiceGroup
            ctx={ctx}
            form={{ ...member, values: { mode: 'invite', ...member.values } }}
            idPrefix="member"
            type="radio"
            name="mode"
            legend={t('networks.fields.mode')}
            options={[
              ['invite', t('networks.mode_invite')],
              ['add', t('networks.mode_add')],
            ]}
          />
          <button type="submit" class="button">
            {t('networks.add_member')}
          </button>
        </form>
      </section>

      <section aria-labelledby="officers">
        <h2 id="officers">{t('networks.officers')}</h2>
        <ul>
          {data.allOfficers.map((o) => (
            <li>
              {o.name} — {t(`networks.roles.${o.role}`)} ({day(ctx, o.term_start)} –{' '}
              {o.term_end ? day(ctx, o.term_end) : t('networks.open_term')}){' '}
              {(o.term_end === null || o.term_end > today) && (
                <ActionButton
                  ctx={ctx}
                  action={`${base}/officers/${o.id}/end`}
                  label={t('networks.end_term_named', { name: o.name })}
                />
              )}
            </li>
          ))}
        </ul>
        <h3>{t('networks.add_officer')}</h3>
        <ErrorSummary
          ctx={ctx}
          errors={officer.errors}
          idPrefix="officer"
          labels={{
            form: '',
            email: t('networks.fields.email'),
            role: t('networks.fields.role'),
            term_start: t('networks.fields.term_start'),
            term_end: t('networks.fields.term_end'),
          }}
        />
        <form method="post" action={`${base}/officers`} id="officer-form" novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            form={officer}
            idPrefix="officer"
            name="email"
            type="email"
            label={t('networks.fields.email')}
            maxLength={254}
          />
          <SelectField
            ctx={ctx}
            form={officer}
            idPrefix="officer"
            name="role"
            label={t('networks.fields.role')}
            options={OFFICER_ROLES.map((r) => [r, t(`networks.roles.${r}`)] as const)}
          />
          <TextField
            ctx={ctx}
            form={officer}
            idPrefix="officer"
            name="term_start"
            label={t('networks.fields.term_start')}
            hint={t('networks.fields.date_hint')}
          />
          <TextField
            ctx={ctx}
            form={officer}
            idPrefix="officer"
            name="term_end"
            label={t('networks.fields.term_end')}
            hint={t('networks.fields.term_end_hint')}
          />
          <button type="submit" class="button">
            {t('networks.add_officer')}
          </button>
        </form>
      </section>

      <section aria-labelledby="centres">
        <h2 id="centres">{t('networks.centres')}</h2>
        <ul>
          {data.centres.map((c) => (
            <li>
              <Text ctx={ctx} value={c.name} /> — {c.institution_name}
            </li>
          ))}
        </ul>
        <h3>{t('networks.add_centre')}</h3>
        <ErrorSummary
          ctx={ctx}
          errors={centre.errors}
          idPrefix="centre"
          labels={{
            form: '',
            institution: t('networks.fields.host'),
            name_az: t('networks.fields.centre_name_az'),
            name_en: t('networks.fields.centre_name_en'),
            name_ru: t('networks.fields.centre_name_ru'),
            countries: t('networks.fields.countries'),
          }}
        />
        <form method="post" action={`${base}/centres`} id="centre-form" novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            form={centre}
            idPrefix="centre"
            name="institution"
            label={t('networks.fields.host')}
            hint={t('networks.fields.institution_hint')}
            maxLength={300}
          />
          <LocalisedFields
            ctx={ctx}
            form={centre}
            idPrefix="centre"
            name="name"
            maxLength={200}
            label={(l) => t(`networks.fields.centre_name_${l}`)}
          />
          <TextField
            ctx={ctx}
            form={centre}
            idPrefix="centre"
            name="countries"
            label={t('networks.fields.countries')}
            hint={t('networks.fields.countries_hint')}
            maxLength={400}
          />
          <button type="submit" class="button">
            {t('networks.add_centre')}
          </button>
        </form>
      </section>

      <section aria-labelledby="documents">
        <h2 id="documents">{t('networks.documents')}</h2>
        <ul>
          {data.documents.map((d) => (
            <li>
              <DocumentLink ctx={ctx} slug={data.slug} doc={d} />
            </li>
          ))}
        </ul>
        <h3>{t('networks.add_document')}</h3>
        <ErrorSummary ctx={ctx} errors={doc.errors} labels={documentLabels(ctx)} idPrefix="document" />
        <form
          method="post"
          action={`${base}/documents`}
          enctype="multipart/form-data"
          id="document-form"
          novalidate
        >
          <CsrfField ctx={ctx} />
          <DocumentFieldset
            ctx={ctx}
            form={doc}
            visibilities={NETWORK_VISIBILITIES}
            maxBytes={props.maxBytes}
            withKind
          />
          <button type="submit" class="button">
            {t('networks.add_document')}
          </button>
        </form>
      </section>

      <section aria-labelledby="groups">
        <h2 id="groups">{t('networks.groups')}</h2>
        <ul>
          {data.groups.map((g) => (
            <li>
              <a href={groupUrl(data.slug, g.id)}>{g.name}</a>
            </li>
          ))}
        </ul>
        <h3>{t('networks.add_group')}</h3>
        <ErrorSummary
          ctx={ctx}
          errors={group.errors}
          idPrefix="group"
          labels={{
            form: '',
            name: t('networks.fields.group_name'),
            description: t('networks.fields.description'),
          }}
        />
        <form method="post" action={`${base}/groups`} id="group-form" novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            form={group}
            idPrefix="group"
            name="name"
            label={t('networks.fields.group_name')}
            maxLength={200}
          />
          <TextAreaField
            ctx={ctx}
            form={group}
            idPrefix="group"
            name="description"
            label={t('networks.fields.description')}
            maxLength={5000}
          />
          <button type="submit" class="button">
            {t('networks.add_group')}
          </button>
        </form>
      </section>
    </section>
  )
}

/** An institution's administrator asks to join, or accepts an invitation. */
export function JoinView(props: { ctx: ViewContext; data: JoinPage; form: FormState; notice?: string }) {
  const { ctx, data, form } = props
  const { t } = ctx
  const base = `/networks/${data.slug}`
  const free = data.institutions.filter(
    (i) => !i.member || i.member.status === 'declined' || i.member.status === 'left',
  )
  const invitations = data.institutions.filter((i) => i.member?.status === 'invited')
  const pending = data.institutions.filter(
    (i) => i.member?.status === 'requested' || i.member?.status === 'active',
  )
  return (
    <section class="narrow">
      <p class="breadcrumbs">
        <a href={base}>
          <Text ctx={ctx} value={data.name} />
        </a>
      </p>
      <h1>{t('networks.join')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {data.institutions.length === 0 && <p>{t('networks.join_admins_only')}</p>}
      {invitations.map((i) =>
        i.member ? (
          <p>
            {t('networks.invited_as', { institution: i.name })}{' '}
            <ActionButton
              ctx={ctx}
              action={`${base}/members/${i.member.id}/accept`}
              label={t('networks.accept_named', { name: i.name })}
            />
          </p>
        ) : null,
      )}
      {pending.length > 0 && (
        <ul>
          {pending.map((i) => (
            <li>
              {i.name}: {t(`networks.status.${i.member?.status ?? 'requested'}`)}
            </li>
          ))}
        </ul>
      )}
      {free.length > 0 && (
        <>
          <ErrorSummary
            ctx={ctx}
            errors={form.errors}
            labels={{
              form: '',
              institution: t('networks.fields.institution'),
              message: t('networks.fields.message'),
            }}
          />
          <form method="post" action={`${base}/join`} id="field-form" novalidate>
            <CsrfField ctx={ctx} />
            <SelectField
              ctx={ctx}
              form={form}
              name="institution"
              label={t('networks.fields.institution')}
              options={free.map((i) => [i.id, i.name] as const)}
            />
            <TextAreaField
              ctx={ctx}
              form={form}
              name="message"
              label={t('networks.fields.message')}
              maxLength={2000}
            />
            <button type="submit" class="button">
              {t('networks.send_request')}
            </button>
          </form>
        </>
      )}
    </section>
  )
}
