import assert from 'node:assert/strict'
import { test } from 'node:test'
// Importing the app registers every module's policy.ts, exactly as the running server does.
import '../src/app.ts'
import {
  type Actor,
  type ActorPerson,
  can,
  definedActions,
  ROLES,
  type Role,
  type RouteAction,
  VISITOR,
} from '../src/platform/policy.ts'

/**
 * The actor each role stands for, with the roles such a person really holds (as sessions.rolesOf computes them):
 * a pupil holds only `pupil`; a platform role or an institution's administrator is also a validated member.
 */
function actorFor(role: Role): Actor {
  if (role === 'visitor') return VISITOR
  const person: ActorPerson = {
    id: `0190a0a0-0000-7000-8000-${String(ROLES.indexOf(role)).padStart(12, '0')}`,
    name: `Test ${role}`,
    email: `${role}@example.org`,
    kind: role === 'pupil' ? 'pupil' : 'adult',
    locale: null,
  }
  const roles = new Set<Role>(
    role === 'pupil' ? ['pupil'] : role === 'registered' ? ['registered'] : ['registered', 'member', role],
  )
  return { person, roles }
}

type Row = Record<Role, boolean>
const everyone: Row = {
  visitor: true,
  registered: true,
  member: true,
  pupil: true,
  institution_admin: true,
  editor: true,
  coordinator: true,
  platform_admin: true,
}

/**
 * The expected decision for every action and role, written out. Changing a rule means changing this table in
 * the same commit, on purpose. An action missing here fails the first test below (at run time rather than in
 * the type check, so that a module in progress can still be type-checked); a row for an action that does not
 * exist is a type error.
 */
const EXPECTED: Partial<Record<RouteAction, Row>> = {
  // Public pages, the registry and operations endpoints.
  'site.view': everyone,
  'institutions.list': everyone,
  // Edit forms are reached by institution admins and coordinators; which institution each may change is decided
  // per object by 'institutions.update' (tested below). Merging duplicates and bulk imports are coordinators' work.
  'institutions.edit': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: true,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  'institutions.merge': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  'institutions.import': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  // Asking to be listed at an institution is for validated adult members; the waiting list is reached by
  // institution admins and coordinators, and which institution's people each may decide on is
  // 'institutions.members.decide' (tested below).
  'institutions.members.request': {
    visitor: false,
    registered: false,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'institutions.members.manage': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: true,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  'ops.health': everyone,
  'ops.metrics': everyone,
  // Becoming a member and getting back into one's account are open to anyone.
  'account.register': everyone,
  'account.sign_in': everyone,
  'account.verify_email': everyone,
  'account.reset_password': everyone,
  'account.sign_out': {
    visitor: false,
    registered: true,
    member: true,
    pupil: true,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'account.view_own': {
    visitor: false,
    registered: true,
    member: true,
    pupil: true,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  // A pupil's project-only account is managed by their teacher.
  'account.update_own': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'account.change_password': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  // One's own sessions (which one is decided by its owner); a second factor for every adult, required of
  // coordinators and platform admins (sessions.ts withholds their roles until enrolled); the code after the password.
  'account.sessions': {
    visitor: false,
    registered: true,
    member: true,
    pupil: true,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'account.second_factor': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'account.sign_in_code': everyone,
  // The subjects taxonomy is public; only platform administrators edit it.
  'subjects.list': everyone,
  'subjects.manage': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: false,
    platform_admin: true,
  },
  // Partner search is open to all (what each sees is decided per row by audience); writing to a member is for
  // validated members only; the inbox for any adult account.
  'partners.search': everyone,
  'partners.contact': {
    visitor: false,
    registered: false,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'messages.view_own': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  // Personal data: everyone signed in downloads theirs; adults delete their account (pupils' by their teacher).
  'account.export_data': {
    visitor: false,
    registered: true,
    member: true,
    pupil: true,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'account.delete_own': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'admin.audit.view': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: false,
    platform_admin: true,
  },
  // Who coordinates, and which regions each reviews, is for platform administrators.
  'admin.coordinators.manage': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: false,
    platform_admin: true,
  },
  // Join applications: only adults not yet validated apply; their applicant (members too) sees it; coordinators
  // review; platform admins edit the programme forms, which anyone may read.
  'applications.apply': {
    visitor: false,
    registered: true,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: false,
    platform_admin: false,
  },
  'applications.view_own': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'applications.review': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  'applications.forms.list': everyone,
  'applications.forms.manage': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: false,
    platform_admin: true,
  },
  'notifications.view_own': {
    visitor: false,
    registered: true,
    member: true,
    pupil: true,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  // Email choices are for signed-in adults (pupils get no email); an unsubscribe link works for anyone holding it,
  // its signed token saying whose mail it stops.
  'notifications.preferences': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'notifications.unsubscribe': everyone,
  // Projects: creation, approval and gallery (issue 5).
  // The gallery and public project pages are open to all; each project is then 'gallery.read_project' (below).
  'gallery.view': everyone,
  // Founding and one's own projects are for validated members; the queue for coordinators; the taxonomies for admins.
  'projects.create': {
    visitor: false,
    registered: false,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'projects.list_own': {
    visitor: false,
    registered: false,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'projects.take_part': {
    visitor: false,
    registered: false,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'projects.review': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  'projects.taxonomy.manage': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: false,
    platform_admin: true,
  },
  // Projects: workspace. Its URLs are reached by members and pupils; which workspace each may read or change is
  // decided per project by 'workspace.read' / 'contribute' / 'author' / 'teach' / 'govern' (see OBJECT_LEVEL).
  'workspace.enter': {
    visitor: false,
    registered: false,
    member: true,
    pupil: true,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  // Projects: pupils. Anyone may sign in with a code; the pupils pages are reached by members and pupils (which
  // project's pupils each may manage is 'pupils.list' / 'pupils.issue_code' / 'pupils.delete', tested below).
  'pupils.sign_in': everyone,
  'pupils.own_project': {
    visitor: false,
    registered: false,
    member: false,
    pupil: true,
    institution_admin: false,
    editor: false,
    coordinator: false,
    platform_admin: false,
  },
  'pupils.enter': {
    visitor: false,
    registered: false,
    member: true,
    pupil: true,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  // Projects: quality labels.
  // The criteria are public; a project's label page is for validated members (which project: 'labels.project.view',
  // below); the queue, reviews, nominations and school labels for coordinators.
  'labels.criteria.view': everyone,
  'labels.project.open': {
    visitor: false,
    registered: false,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'labels.review': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  // Events: calendar, pages and management (issue 6).
  // The calendar, event pages, feeds and API are public (a draft is then 'events.read', below); coordinators create
  // events; the management pages are reached by signed-in adults, and which event each may change is 'events.edit'.
  'events.view': everyone,
  'events.create': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  'events.manage': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  // Events: registration.
  // Registering and one's own registration are for signed-in adults (which event: 'events.register' and
  // 'events.registration.cancel'); the organisers' pages too, and whose participants each sees is
  // 'events.registrations.manage' (tested in src/modules/events/registration-policy.test.ts).
  'events.registration.use': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'events.registrations.organise': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  // Events: attendance, certificates and outcomes.
  // Tickets, check-in, certificates and the outcome form are reached by signed-in adults (which event each may act
  // on is 'attendance.ticket' / 'attendance.check_in' / 'attendance.record_outcome', below); verification is public.
  'attendance.enter': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'certificates.verify': everyone,
  // Consortia and outcomes (issue 7).
  // Consortium pages and the API are public; validated members (for their own institution) and coordinators record
  // consortia; the management pages are reached by signed-in adults, and which consortium or work package each may
  // change is 'consortia.edit' / 'consortia.work_package.edit' (below). Recognition and imports are coordinators'.
  'consortia.view': everyone,
  'consortia.create': {
    visitor: false,
    registered: false,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'consortia.manage': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'consortia.flag': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  'consortia.import': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  // Outcomes: the catalogue, outcome pages, packages and the API are public; the forms are reached by signed-in
  // adults, and which outcome each may record or change is 'outcomes.edit' (src/modules/outcomes/policy.test.ts).
  'outcomes.view': everyone,
  'outcomes.manage': {
    visitor: false,
    registered: true,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  // Networks and working groups (issue 7).
  // Network pages, public documents and the API are public; coordinators set networks up; the pages of those who
  // take part are reached by validated adults, and which network or group each may act on is decided per object.
  'networks.view': everyone,
  'networks.create': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  'networks.enter': {
    visitor: false,
    registered: false,
    member: true,
    pupil: false,
    institution_admin: true,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  // Public portal: news and pages (issue 8). News, articles, feeds, static pages and the sitemap are public (an
  // unpublished article is then 'news.read', below); editors and coordinators write; coordinators publish.
  'news.view': everyone,
  'news.write': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: true,
    coordinator: true,
    platform_admin: false,
  },
  'news.publish': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  // Public portal: statistics and open data (issue 8). The figures, downloads and API are public; only national
  // coordinators enter published historical figures.
  'stats.view': everyone,
  'stats.enter': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: false,
    coordinator: true,
    platform_admin: false,
  },
  // Public portal: resources library and site search (issue 8). The library, its pages, downloads and API are
  // open (members-only resources are then 'resources.read', below); editors, coordinators and platform admins keep
  // it. Anyone may search; what each finds is narrowed per row to what they may read.
  'resources.view': everyone,
  'resources.manage': {
    visitor: false,
    registered: false,
    member: false,
    pupil: false,
    institution_admin: false,
    editor: true,
    coordinator: true,
    platform_admin: true,
  },
  'search.use': everyone,
}

/**
 * Actions decided on an object: each has its own test of its rule against the object's cases (below), so the
 * route-level table above cannot list them (they are not RouteActions).
 */
const OBJECT_LEVEL = [
  'profile.view',
  'institutions.update',
  'institutions.members.decide',
  'applications.answer',
  'applications.read',
  'applications.decide',
  // Projects: creation, approval and gallery (issue 5). Their rules are tested in src/modules/projects/policy.test.ts.
  'projects.edit',
  'projects.invite',
  'projects.respond',
  'projects.view_status',
  'projects.gallery',
  'projects.read_review',
  'projects.decide',
  // Gallery: tested in src/modules/projects/gallery-policy.test.ts.
  'gallery.read_project',
  // Projects: workspace. Their rules are tested in src/modules/workspace/policy.test.ts.
  'workspace.read',
  'workspace.contribute',
  'workspace.author',
  'workspace.teach',
  'workspace.govern',
  // Projects: pupils. Their rules are tested in src/modules/pupils/policy.test.ts.
  'pupils.list',
  'pupils.issue_code',
  'pupils.delete',
  // Projects: quality labels. Their rules are tested in src/modules/labels/policy.test.ts.
  'labels.project.view',
  'labels.project.apply',
  'labels.decide',
  // Events: calendar, pages and management (issue 6). Their rules are tested in src/modules/events/policy.test.ts.
  'events.read',
  'events.edit',
  'events.assign_managers',
  'events.see_meeting_link',
  // Events: registration. Their rules are tested in src/modules/events/registration-policy.test.ts.
  'events.register',
  'events.registration.cancel',
  'events.registrations.manage',
  // Events: attendance, certificates and outcomes. Their rules are tested in src/modules/events/attendance-policy.test.ts.
  'attendance.ticket',
  'attendance.check_in',
  'attendance.record_outcome',
  // Consortia and outcomes (issue 7). Consortia: tested in src/modules/consortia/policy.test.ts.
  'consortia.edit',
  'consortia.work_package.edit',
  // Outcomes: tested in src/modules/outcomes/policy.test.ts.
  'outcomes.edit',
  // Networks and working groups (issue 7). Their rules are tested in src/modules/networks/policy.test.ts.
  'networks.manage',
  'networks.represent',
  'networks.group.view',
  'networks.group.participate',
  'networks.group.lead',
  'networks.document.read',
  // Public portal: news and pages (issue 8). Tested in src/modules/news/policy.test.ts.
  'news.read',
  'news.edit',
  // Public portal: resources library. Tested below.
  'resources.read',
]

test('profile.view: public to all, members-only to validated members, hidden and pupils to their owner alone', () => {
  const profile = (visibility: 'public' | 'members' | 'hidden', searchable = true) => ({
    ownerId: 'someone-else',
    visibility,
    searchable,
  })
  const validatedMember = new Set<Role>([
    'member',
    'institution_admin',
    'editor',
    'coordinator',
    'platform_admin',
  ])
  const mismatches: string[] = []
  for (const role of ROLES) {
    const actor = actorFor(role)
    const expect = {
      public: true,
      members: validatedMember.has(role),
      hidden: false,
      pupil: false,
    }
    const actual = {
      public: can(actor, 'profile.view', profile('public')),
      members: can(actor, 'profile.view', profile('members')),
      hidden: can(actor, 'profile.view', profile('hidden')),
      pupil: can(actor, 'profile.view', profile('public', false)),
    }
    for (const key of Object.keys(expect) as Array<keyof typeof expect>) {
      if (expect[key] !== actual[key]) mismatches.push(`${role} × ${key}: expected ${expect[key]}`)
    }
    if (actor.person) {
      const own = { ownerId: actor.person.id, visibility: 'hidden' as const, searchable: false }
      if (!can(actor, 'profile.view', own)) mismatches.push(`${role} cannot see their own hidden profile`)
    }
  }
  assert.deepEqual(mismatches, [])
})

test('institutions.update: coordinators any institution, institution admins only their own', () => {
  const mismatches: string[] = []
  for (const role of ROLES) {
    const actor = actorFor(role)
    const own = { id: 'institution-a', adminIds: actor.person ? [actor.person.id] : [] }
    const other = { id: 'institution-b', adminIds: ['someone-else'] }
    // Being listed as an admin counts only for someone who holds the role (a pupil or an unvalidated person never).
    const expectOwn = role === 'institution_admin' || role === 'coordinator'
    const expectOther = role === 'coordinator'
    if (can(actor, 'institutions.update', own) !== expectOwn)
      mismatches.push(`${role} × own: expected ${expectOwn}`)
    if (can(actor, 'institutions.update', other) !== expectOther)
      mismatches.push(`${role} × another: expected ${expectOther}`)
  }
  assert.deepEqual(mismatches, [])
})

test('institutions.members.decide: coordinators for any institution, institution admins only for their own', () => {
  const mismatches: string[] = []
  for (const role of ROLES) {
    const actor = actorFor(role)
    const own = { id: 'institution-a', adminIds: actor.person ? [actor.person.id] : [] }
    const other = { id: 'institution-b', adminIds: ['someone-else'] }
    const expectOwn = role === 'institution_admin' || role === 'coordinator'
    const expectOther = role === 'coordinator'
    if (can(actor, 'institutions.members.decide', own) !== expectOwn)
      mismatches.push(`${role} × own: expected ${expectOwn}`)
    if (can(actor, 'institutions.members.decide', other) !== expectOther)
      mismatches.push(`${role} × another: expected ${expectOther}`)
  }
  assert.deepEqual(mismatches, [])
})

test('applications: the applicant reads and answers their own; coordinators read and decide within their regions', () => {
  const mismatches: string[] = []
  for (const role of ROLES) {
    const actor = actorFor(role)
    const application = (personId: string, region: string | null, scope: string[] | null) => ({
      personId,
      region,
      status: 'submitted' as const,
      reviewerScope: scope,
    })
    const own = application(actor.person?.id ?? 'nobody', 'AZ-BA', null)
    const other = application('someone-else', 'AZ-BA', null)
    const expect = {
      answerOwn: actor.person !== null && role !== 'pupil',
      readOwn: actor.person !== null,
      readOther: role === 'coordinator',
      decideOther: role === 'coordinator',
      decideOwn: false,
      decideOutOfScope: false,
      decideNoRegionScoped: false,
      decideInScope: role === 'coordinator',
    }
    const actual = {
      answerOwn: can(actor, 'applications.answer', own),
      readOwn: can(actor, 'applications.read', own),
      readOther: can(actor, 'applications.read', other),
      decideOther: can(actor, 'applications.decide', other),
      decideOwn: can(actor, 'applications.decide', own),
      decideOutOfScope: can(actor, 'applications.decide', application('someone-else', 'AZ-GA', ['AZ-BA'])),
      decideNoRegionScoped: can(actor, 'applications.decide', application('someone-else', null, ['AZ-BA'])),
      decideInScope: can(actor, 'applications.decide', application('someone-else', 'AZ-BA', ['AZ-BA'])),
    }
    for (const key of Object.keys(expect) as Array<keyof typeof expect>) {
      if (expect[key] !== actual[key]) mismatches.push(`${role} × ${key}: expected ${expect[key]}`)
    }
  }
  assert.deepEqual(mismatches, [])
})

test('the table lists every defined action, and nothing that is not defined', () => {
  const listed = [...Object.keys(EXPECTED), ...OBJECT_LEVEL].sort()
  const defined = definedActions()
  assert.deepEqual(
    defined.filter((a) => !listed.includes(a)),
    [],
    'actions with a rule but no row in the expected table',
  )
  assert.deepEqual(
    listed.filter((a) => !defined.includes(a)),
    [],
    'rows in the table for actions without a rule',
  )
})

test('every action decides for every role exactly as the table says', () => {
  const mismatches: string[] = []
  for (const [action, row] of Object.entries(EXPECTED) as Array<[RouteAction, Row]>) {
    for (const role of ROLES) {
      const actual = can(actorFor(role), action, undefined)
      if (actual !== row[role]) mismatches.push(`${action} × ${role}: expected ${row[role]}, got ${actual}`)
    }
  }
  assert.deepEqual(mismatches, [])
})

test('an action without a rule is denied to everyone, a platform administrator included', () => {
  const unknown = 'no.such.action' as RouteAction
  for (const role of ROLES) assert.equal(can(actorFor(role), unknown, undefined), false, role)
})

test('resources.read: public resources for all; members-only ones for validated adult members and staff, never pupils', () => {
  const membersOnly = new Set<Role>([
    'member',
    'institution_admin',
    'editor',
    'coordinator',
    'platform_admin',
  ])
  const mismatches: string[] = []
  for (const role of ROLES) {
    const actor = actorFor(role)
    if (!can(actor, 'resources.read', { visibility: 'public' })) mismatches.push(`${role} / public`)
    if (can(actor, 'resources.read', { visibility: 'members' }) !== membersOnly.has(role))
      mismatches.push(`${role} / members`)
  }
  assert.deepEqual(mismatches, [])
})
