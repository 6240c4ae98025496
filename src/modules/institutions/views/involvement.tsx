import type { Locale } from '../../../config.ts'
import type { ViewContext } from '../../../web/view-context.ts'

interface Link {
  url: string
  title: string
  lang?: Locale
}

export interface InvolvementData {
  slug: string
  projects: Link[]
  consortia: Link[]
  networks: Link[]
}

function LinkList(props: { id: string; heading: string; links: Link[] }) {
  if (props.links.length === 0) return null
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      <ul class="plain-links">
        {props.links.map((link) => (
          <li>
            <a href={link.url} lang={link.lang}>
              {link.title}
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * What an institution takes part in, on its public page: gallery projects of its people, consortium projects it is
 * a partner of (and their outcomes in the catalogue), networks it belongs to. Empty lists are left out.
 */
export function Involvement(props: { ctx: ViewContext; data: InvolvementData }) {
  const { t } = props.ctx
  const { data } = props
  return (
    <>
      <LinkList id="institution-projects" heading={t('involvement.projects')} links={data.projects} />
      <LinkList id="institution-consortia" heading={t('involvement.consortia')} links={data.consortia} />
      {data.consortia.length > 0 && (
        <p>
          <a href={`/outcomes?institution=${encodeURIComponent(data.slug)}`}>{t('involvement.outcomes')}</a>
        </p>
      )}
      <LinkList id="institution-networks" heading={t('involvement.networks')} links={data.networks} />
    </>
  )
}
