import { formatDateTime } from '../../../platform/i18n.ts'
import {
  CsrfField,
  ErrorSummary,
  emptyForm,
  type FormState,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { VISIBILITIES } from '../schemas.ts'
import { type GroupPage, groupUrl, type ThreadPage } from '../service.ts'
import { DocumentFieldset, documentLabels } from './manage.tsx'
import { DocumentLink, day, Text } from './network.tsx'

export type GroupForm = 'member' | 'material' | 'thread' | 'decision' | 'meeting'

export function GroupView(props: {
  ctx: ViewContext
  data: GroupPage
  maxBytes: number
  failed?: { form: GroupForm; state: FormState }
  notice?: string
}) {
  const { ctx, data } = props
  const { t } = ctx
  const base = groupUrl(data.network.slug, data.group.id)
  const stateOf = (form: GroupForm) => (props.failed?.form === form ? props.failed.state : emptyForm)
  const { participate, lead } = data.abilities
  return (
    <section>
      <p class="breadcrumbs">
        <a href={`/networks/${data.network.slug}`}>
          <Text ctx={ctx} value={data.network.name} />
        </a>
      </p>
      <h1>{data.group.name}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {data.group.description && <p class="lead">{data.group.description}</p>}

      <section aria-labelledby="group-members">
        <h2 id="group-members">{t('networks.group_members')}</h2>
        {data.members.length === 0 ? (
          <p>{t('networks.no_group_members')}</p>
        ) : (
          <ul>
            {data.members.map((m) => (
              <li>
                {m.name}
                {m.role === 'lead' ? ` — ${t('networks.group_lead')}` : ''}
              </li>
            ))}
          </ul>
        )}
        {lead && (
          <>
            <h3>{t('networks.add_group_member')}</h3>
            <ErrorSummary
              ctx={ctx}
              errors={stateOf('member').errors}
              idPrefix="member"
              labels={{ form: '', email: t('networks.fields.email'), role: t('networks.fields.group_role') }}
            />
            <form method="post" action={`${base}/members`} id="member-form" novalidate>
              <CsrfField ctx={ctx} />
              <TextField
                ctx={ctx}
                form={stateOf('member')}
                idPrefix="member"
                name="email"
                type="email"
                label={t('networks.fields.email')}
                maxLength={254}
              />
              <SelectField
                ctx={ctx}
                form={stateOf('member')}
                idPrefix="member"
                name="role"
                label={t('networks.fields.group_role')}
                options={[
                  ['member', t('networks.group_member')],
                  ['lead', t('networks.group_lead')],
                ]}
              />
              <button type="submit" class="button">
                {t('networks.add_group_member')}
              </button>
            </form>
          </>
        )}
      </section>

      <section aria-labelledby="materials">
        <h2 id="materials">{t('networks.materials')}</h2>
        {data.materials.length === 0 ? (
          <p>{t('networks.no_materials')}</p>
        ) : (
          <ul>
            {data.materials.map((d) => (
              <li>
                <DocumentLink ctx={ctx} slug={data.network.slug} doc={d} />
              </li>
            ))}
          </ul>
        )}
        {participate && (
          <>
            <h3>{t('networks.share_material')}</h3>
            <ErrorSummary
              ctx={ctx}
              errors={stateOf('material').errors}
              labels={documentLabels(ctx)}
              idPrefix="document"
            />
            <form
              method="post"
              action={`${base}/materials`}
              enctype="multipart/form-data"
              id="document-form"
              novalidate
            >
              <CsrfField ctx={ctx} />
              <DocumentFieldset
                ctx={ctx}
                form={stateOf('material')}
                visibilities={VISIBILITIES}
                maxBytes={props.maxBytes}
                withKind={false}
              />
              <button type="submit" class="button">
                {t('networks.share_material')}
              </button>
            </form>
          </>
        )}
      </section>

      {participate && (
        <section aria-labelledby="discussions">
          <h2 id="discussions">{t('networks.discussions')}</h2>
          {data.threads.length === 0 ? (
            <p>{t('networks.no_threads')}</p>
          ) : (
            <ul>
              {data.threads.map((th) => (
                <li>
                  <a href={`${base}/threads/${th.id}`}>{th.title}</a>{' '}
                  <span class="hint">
                    {th.author ?? ''} · {formatDateTime(ctx.locale, th.last_post_at, ctx.timeZone)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3>{t('networks.new_thread')}</h3>
          <ErrorSummary
            ctx={ctx}
            errors={stateOf('thread').errors}
            idPrefix="thread"
            labels={{ form: '', title: t('networks.fields.thread_title'), body: t('networks.fields.body') }}
          />
          <form method="post" action={`${base}/threads`} id="thread-form" novalidate>
            <CsrfField ctx={ctx} />
            <TextField
              ctx={ctx}
              form={stateOf('thread')}
              idPrefix="thread"
              name="title"
              label={t('networks.fields.thread_title')}
              maxLength={200}
            />
            <TextAreaField
              ctx={ctx}
              form={stateOf('thread')}
              idPrefix="thread"
              name="body"
              label={t('networks.fields.body')}
              maxLength={20_000}
            />
            <button type="submit" class="button">
              {t('networks.new_thread')}
            </button>
          </form>
        </section>
      )}

      <section aria-labelledby="meetings">
        <h2 id="meetings">{t('networks.meetings')}</h2>
        {data.meetings.length === 0 ? (
          <p>{t('networks.no_meetings')}</p>
        ) : (
          <ul>
            {data.meetings.map((m) => (
              <li>
                <a href={`/events/${m.slug}`}>
                  <Text ctx={ctx} value={m.title} />
                </a>{' '}
                · {day(ctx, m.startsAt)}
              </li>
            ))}
          </ul>
        )}
        {lead && (
          <>
            <ErrorSummary
              ctx={ctx}
              errors={stateOf('meeting').errors}
              idPrefix="meeting"
              labels={{ form: '', event: t('networks.fields.event') }}
            />
            <form method="post" action={`${base}/meetings`} id="meeting-form" novalidate>
              <CsrfField ctx={ctx} />
              <TextField
                ctx={ctx}
                form={stateOf('meeting')}
                idPrefix="meeting"
                name="event"
                label={t('networks.fields.event')}
                hint={t('networks.fields.event_hint')}
                maxLength={160}
              />
              <button type="submit" class="button">
                {t('networks.link_meeting')}
              </button>
            </form>
          </>
        )}
      </section>

      <section aria-labelledby="decisions">
        <h2 id="decisions">{t('networks.decisions')}</h2>
        {data.decisions.length === 0 ? (
          <p>{t('networks.no_decisions')}</p>
        ) : (
          <dl>
            {data.decisions.map((d) => (
              <>
                <dt>{day(ctx, d.decided_on)}</dt>
                <dd>{d.text}</dd>
              </>
            ))}
          </dl>
        )}
        {lead && (
          <>
            <ErrorSummary
              ctx={ctx}
              errors={stateOf('decision').errors}
              idPrefix="decision"
              labels={{
                form: '',
                decided_on: t('networks.fields.decided_on'),
                text: t('networks.fields.decision_text'),
              }}
            />
            <form method="post" action={`${base}/decisions`} id="decision-form" novalidate>
              <CsrfField ctx={ctx} />
              <TextField
                ctx={ctx}
                form={stateOf('decision')}
                idPrefix="decision"
                name="decided_on"
                label={t('networks.fields.decided_on')}
                hint={t('networks.fields.date_hint')}
              />
              <TextAreaField
                ctx={ctx}
                form={stateOf('decision')}
                idPrefix="decision"
                name="text"
                label={t('networks.fields.decision_text')}
                maxLength={5000}
              />
              <button type="submit" class="button">
                {t('networks.record_decision')}
              </button>
            </form>
          </>
        )}
      </section>
    </section>
  )
}

export function ThreadView(props: { ctx: ViewContext; data: ThreadPage; form: FormState }) {
  const { ctx, data, form } = props
  const { t } = ctx
  const base = groupUrl(data.network.slug, data.group.id)
  return (
    <section>
      <p class="breadcrumbs">
        <a href={base}>{data.group.name}</a>
      </p>
      <h1>{data.thread.title}</h1>
      <ol class="results">
        {data.posts.map((p) => (
          <li class="card">
            <p class="hint">
              {p.author ?? t('networks.former_member')} ·{' '}
              {formatDateTime(ctx.locale, p.created_at, ctx.timeZone)}
            </p>
            {p.body.split(/\n\s*\n/).map((paragraph) => (
              <p>{paragraph}</p>
            ))}
          </li>
        ))}
      </ol>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ form: '', body: t('networks.fields.reply') }} />
      <form method="post" action={`${base}/threads/${data.thread.id}`} id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextAreaField
          ctx={ctx}
          form={form}
          name="body"
          label={t('networks.fields.reply')}
          maxLength={20_000}
        />
        <button type="submit" class="button">
          {t('networks.send_reply')}
        </button>
      </form>
    </section>
  )
}
