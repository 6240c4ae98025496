import type { ArticleStatus } from '../../db/schema.ts'
import { allow, everyone, hasRole, isAdult } from '../../platform/policy.ts'

/** An article as its policy sees it: its workflow state and whether it is public yet (publish_at reached). */
export interface ArticleAccess {
  status: ArticleStatus
  /** Published and its publish_at (if any) has come. */
  live: boolean
}

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** The news list, articles, feeds, static pages, the sitemap and the API are public. */
    'news.view': undefined
    /** The newsroom (writing, submitting, revisions, static pages) is for editors and national coordinators. */
    'news.write': undefined
    /**
     * Publishing, scheduling, unpublishing and archiving: national coordinators only. Editors write and submit for
     * review, so that every public article has been seen by a second person who answers for the portal's content.
     */
    'news.publish': undefined
    /** Reading one article: live ones by anyone; drafts, reviews, scheduled and archived ones by the newsroom. */
    'news.read': ArticleAccess
    /**
     * Changing one article: editors while it is a draft or in review; coordinators always. An editor's change to a
     * published text would otherwise skip the review.
     */
    'news.edit': ArticleAccess
  }
}

const newsroom = (actor: Parameters<typeof isAdult>[0]) =>
  isAdult(actor) && hasRole(actor, 'editor', 'coordinator')
const coordinator = (actor: Parameters<typeof isAdult>[0]) => isAdult(actor) && hasRole(actor, 'coordinator')

allow('news.view', everyone)
allow('news.write', newsroom)
allow('news.publish', coordinator)
allow('news.read', (actor, a) => a.live || newsroom(actor))
allow(
  'news.edit',
  (actor, a) => coordinator(actor) || (newsroom(actor) && (a.status === 'draft' || a.status === 'in_review')),
)
