import { formatDate } from '../../../platform/i18n.ts'
import { CsrfField, ErrorSummary, type FormState, Notice, SelectField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'
import { isTeacher } from '../access.ts'
import type { InvitationView as Invitation } from '../invitations.ts'
import type { OwnProject, ProjectDetail } from '../service.ts'
import { titleIn } from '../service.ts'
import { FoundersList, History, NextActorText, ProjectSummary, StatusBadge } from './shared.tsx'

export function StatusView(props: {
  ctx: ViewContext
  detail: ProjectDetail
  canGallery: boolean
  canEdit: boolean
}) {
  const { ctx, detail } = props
  const { t } = ctx
  const p = detail.project
  return (
    <section class="narrow">
      <h1>{titleIn(p, ctx.locale)}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('projects.status')}</dt>
          <dd>
            <StatusBadge ctx={ctx} status={p.status} />
          </dd>
        </div>
        <div>
          <dt>{t('projects.next_actor')}</dt>
          <dd>
            <NextActorText ctx={ctx} next={detail.next} />
          </dd>
        </div>
      </dl>
      {props.canEdit && (
        <p>
          <a href={`/projects/${p.id}/plan/1`}>{t('projects.edit_plan')}</a>
        </p>
      )}
      {p.status === 'approved' && isTeacher(detail.access) && (
        <p>
          <a href={`/projects/${p.id}/workspace`}>{t('projects.workspace_link')}</a>
        </p>
      )}
      {p.status === 'approved' && (
        <p>
          <a href={`/projects/${p.id}/labels`}>{t('labels.status_link')}</a>
        </p>
      )}
      {props.canGallery && (
        <form method="post" action={`/projects/${p.id}/status/gallery`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="show" value={p.in_gallery_since ? 'no' : 'yes'} />
          <p>{t(p.in_gallery_since ? 'projects.gallery.shown' : 'projects.gallery.hidden')}</p>
          <button type="submit" class="button">
            {t(p.in_gallery_since ? 'projects.gallery.hide' : 'projects.gallery.show')}
          </button>
        </form>
      )}
      <h2>{t('projects.fields.founders')}</h2>
      <FoundersList ctx={ctx} founders={detail.founders} />
      <h2>{t('projects.history_title')}</h2>
      <History ctx={ctx} events={detail.history} />
      <h2>{t('projects.plan_title')}</h2>
      <ProjectSummary ctx={ctx} detail={detail} />
    </section>
  )
}

export function InvitationPage(props: { ctx: ViewContext; invitation: Invitation; form: FormState }) {
  const { ctx, invitation: i, form } = props
  const { t } = ctx
  const founder = i.role === 'founder'
  return (
    <section class="narrow">
      <h1>{t(`projects.invitation.title_${i.role}`, { title: i.title })}</h1>
      <ErrorSummary
        ctx={ctx}
        errors={form.errors}
        labels={{ institution_id: t('projects.fields.institution') }}
      />
      <p>
        {t('projects.invitation.from', {
          name: i.invitedBy ?? '–',
          date: formatDate(ctx.locale, i.invitedAt, ctx.timeZone),
        })}
      </p>
      <p>{t(`projects.invitation.explain_${i.role}`)}</p>
      <form method="post" action={`/projects/${i.projectId}/invitation`} novalidate>
        <CsrfField ctx={ctx} />
        {i.institutions.length === 0 ? (
          founder && <Notice>{t('projects.wizard.no_institutions')}</Notice>
        ) : (
          <SelectField
            ctx={ctx}
            form={form}
            name="institution_id"
            label={t('projects.fields.institution')}
            options={[
              ['', t(founder ? 'projects.wizard.choose_institution' : 'projects.invitation.no_institution')],
              ...i.institutions.map(
                (x) => [x.id, `${x.name} (${countryName(x.country, ctx.locale)})`] as const,
              ),
            ]}
          />
        )}
        <p>
          <button type="submit" name="answer" value="accept" class="button">
            {t('projects.invitation.accept')}
          </button>{' '}
          <button type="submit" name="answer" value="decline" class="button">
            {t('projects.invitation.decline')}
          </button>
        </p>
      </form>
    </section>
  )
}

export function MineView(props: { ctx: ViewContext; projects: OwnProject[]; canCreate: boolean }) {
  const { ctx } = props
  const { t } = ctx
  const invitations = props.projects.filter((p) => p.invited)
  const own = props.projects.filter((p) => !p.invited)
  const table = (items: OwnProject[], caption: string) => (
    <table class="table">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('projects.fields.title_plain')}</th>
          <th scope="col">{t('projects.role')}</th>
          <th scope="col">{t('projects.status')}</th>
          <th scope="col">{t('projects.next_actor')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((p) => (
          <tr>
            <td>
              <a href={p.link}>{p.title === '—' ? t('projects.untitled') : p.title}</a>
            </td>
            <td>{t(`projects.roles.${p.role}`)}</td>
            <td>
              <StatusBadge ctx={ctx} status={p.status} />
            </td>
            <td>{p.invited ? t('projects.next.you') : <NextActorText ctx={ctx} next={p.next} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
  return (
    <section>
      <h1>{t('projects.mine_title')}</h1>
      {props.canCreate && (
        <p>
          <a class="button" href="/projects/new">
            {t('projects.new')}
          </a>
        </p>
      )}
      <h2>{t('projects.invitations_title')}</h2>
      {invitations.length === 0 ? (
        <p>{t('projects.no_invitations')}</p>
      ) : (
        table(invitations, t('projects.invitations_title'))
      )}
      <h2>{t('projects.own_title')}</h2>
      {own.length === 0 ? <p>{t('projects.no_projects')}</p> : table(own, t('projects.own_title'))}
    </section>
  )
}
