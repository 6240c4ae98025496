import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { nameKey } from './normalise.ts'

eachDatabase(
  'institutions: a proposed institution enters the registry when its application is approved',
  (h) => {
    before(async () => {
      const admin = await h().client(await h().person({ role: 'platform_admin' }))
      const created = await admin.form('/admin/application-forms', {
        code: 'proposal-programme',
        title_az: 'Təklif',
        title_en: 'Proposal programme',
        title_ru: 'Предложение',
      })
      assert.equal(created.status, 303, created.body.slice(0, 300))
    })

    /** The registry factory leaves the deduplication key to the database default; set it as the service would. */
    async function registered(name: string, city: string) {
      const institution = await createInstitution(h().db, { name, city })
      await h()
        .db.updateTable('institutions')
        .set({ name_key: nameKey(name) })
        .where('id', '=', institution.id)
        .execute()
      return institution
    }

    async function apply(proposal: Record<string, string>, staffRole: string) {
      const person = await h().person({ role: 'registered' })
      const response = await (await h().client(person)).api('POST', '/api/v1/application', {
        form: 'proposal-programme',
        staff_role: staffRole,
        subjects: [],
        languages: ['az'],
        answers: {},
        ...proposal,
      })
      assert.equal(response.status, 201, response.body)
      return { person, applicationId: response.json<{ id: string }>().id }
    }

    async function approve(applicationId: string) {
      const coordinator = await h().client(await h().person({ role: 'coordinator' }))
      return coordinator.api('POST', `/api/v1/review/applications/${applicationId}/decision`, {
        decision: 'approve',
      })
    }

    async function auditActions(subjectIds: string[]) {
      const rows = await h()
        .db.selectFrom('audit_log')
        .select(['action', 'subject_id', 'details'])
        .where('subject_id', 'in', subjectIds)
        .orderBy('at')
        .execute()
      return rows
    }

    const institutionCount = async () =>
      Number(
        (
          await h()
            .db.selectFrom('institutions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    test('a head proposing a new school: created, linked, the head administers it; one audit row for the creation', async () => {
      const { person, applicationId } = await apply(
        {
          proposed_name: '  Şəki   Yeni Məktəb ',
          proposed_type: 'school',
          proposed_country: 'az',
          proposed_region: 'AZ-SAK',
          proposed_city: 'Şəki',
        },
        'head',
      )
      const before = await institutionCount()
      const response = await approve(applicationId)
      assert.equal(response.status, 200, response.body)
      assert.equal(await institutionCount(), before + 1)

      const application = await h()
        .db.selectFrom('applications')
        .select(['institution_id', 'status'])
        .where('id', '=', applicationId)
        .executeTakeFirstOrThrow()
      assert.equal(application.status, 'approved')
      assert.ok(application.institution_id)
      const institution = await h()
        .db.selectFrom('institutions')
        .select(['id', 'slug', 'name', 'type', 'country', 'region', 'city'])
        .where('id', '=', application.institution_id)
        .executeTakeFirstOrThrow()
      assert.deepEqual(
        { ...institution, id: undefined, slug: undefined },
        {
          id: undefined,
          slug: undefined,
          name: 'Şəki Yeni Məktəb',
          type: 'school',
          country: 'AZ',
          region: 'AZ-SAK',
          city: 'Şəki',
        },
      )
      const membership = await h()
        .db.selectFrom('memberships')
        .select(['role', 'status'])
        .where('person_id', '=', person.id)
        .execute()
      assert.deepEqual(membership, [{ role: 'institution_admin', status: 'confirmed' }])

      const audits = await auditActions([institution.id, applicationId])
      assert.deepEqual(
        audits.map((a) => a.action),
        ['institution.create', 'application.approve'],
      )
      assert.deepEqual(JSON.parse(audits[0]?.details ?? '{}'), {
        source: 'application',
        application: applicationId,
      })

      // The head now manages the institution's people, and it is in the public registry.
      assert.equal(
        (await (await h().client(person)).get(`/institutions/${institution.slug}/members`)).status,
        200,
      )
      const page = await (await h().client()).get(`/institutions/${institution.slug}`)
      assert.equal(page.status, 200)
      assert.match(page.body, /Şəki Yeni Məktəb/)
    })

    test('a proposal matching the registry (normalised name, country, city) reuses it; a head there joins as a member', async () => {
      const existing = await registered('Ganja Lyceum No. 5', 'Ganja')
      const before = await institutionCount()
      const teacher = await apply(
        {
          proposed_name: 'GANJA lyceum no 5',
          proposed_type: 'school',
          proposed_country: 'AZ',
          proposed_city: 'Ganja',
        },
        'head',
      )
      assert.equal((await approve(teacher.applicationId)).status, 200)
      assert.equal(await institutionCount(), before, 'no duplicate created')
      const application = await h()
        .db.selectFrom('applications')
        .select('institution_id')
        .where('id', '=', teacher.applicationId)
        .executeTakeFirstOrThrow()
      assert.equal(application.institution_id, existing.id)
      assert.deepEqual(
        await h()
          .db.selectFrom('memberships')
          .select(['institution_id', 'role', 'status'])
          .where('person_id', '=', teacher.person.id)
          .execute(),
        [{ institution_id: existing.id, role: 'member', status: 'confirmed' }],
      )
      assert.deepEqual(
        (await auditActions([existing.id])).map((a) => a.action),
        [],
        'nothing created, nothing to audit',
      )
    })

    test('a match that was merged away leads to the institution it was merged into', async () => {
      const survivor = await registered('Lankaran Survivor School', 'Lankaran')
      const duplicate = await registered('Lankaran Old School', 'Lankaran')
      await h()
        .db.updateTable('institutions')
        .set({ merged_into: survivor.id })
        .where('id', '=', duplicate.id)
        .execute()
      const { person, applicationId } = await apply(
        {
          proposed_name: 'Lankaran Old School',
          proposed_type: 'school',
          proposed_country: 'AZ',
          proposed_city: 'Lankaran',
        },
        'teacher',
      )
      assert.equal((await approve(applicationId)).status, 200)
      const row = await h()
        .db.selectFrom('memberships')
        .select('institution_id')
        .where('person_id', '=', person.id)
        .executeTakeFirstOrThrow()
      assert.equal(row.institution_id, survivor.id)
    })

    test('a region the registry does not know is left out; a teacher becomes a member', async () => {
      const { person, applicationId } = await apply(
        {
          proposed_name: 'Nowhere Region College',
          proposed_type: 'vet_college',
          proposed_country: 'AZ',
          proposed_region: 'AZ-ZZZ',
          proposed_city: 'Quba',
        },
        'teacher',
      )
      assert.equal((await approve(applicationId)).status, 200)
      const institution = await h()
        .db.selectFrom('institutions')
        .innerJoin('memberships', 'memberships.institution_id', 'institutions.id')
        .select(['institutions.region', 'institutions.type', 'memberships.role'])
        .where('memberships.person_id', '=', person.id)
        .executeTakeFirstOrThrow()
      assert.deepEqual(institution, { region: null, type: 'vet_college', role: 'member' })
    })

    test('a proposal that cannot be registered (unknown country) refuses the approval: nothing changes', async () => {
      const { person, applicationId } = await apply(
        {
          proposed_name: 'Atlantis Academy',
          proposed_type: 'academy',
          proposed_country: 'ZZ',
          proposed_city: 'Atlantis',
        },
        'teacher',
      )
      const before = await institutionCount()
      const response = await approve(applicationId)
      assert.equal(response.status, 400, response.body)
      assert.match(response.body, /proposed institution cannot be registered: country/)
      assert.equal(await institutionCount(), before)
      const application = await h()
        .db.selectFrom('applications')
        .select(['status', 'institution_id'])
        .where('id', '=', applicationId)
        .executeTakeFirstOrThrow()
      assert.deepEqual(application, { status: 'submitted', institution_id: null })
      const validated = await h()
        .db.selectFrom('people')
        .select('validated_at')
        .where('id', '=', person.id)
        .executeTakeFirstOrThrow()
      assert.equal(validated.validated_at, null)
      assert.deepEqual(await auditActions([applicationId]), [])
    })
  },
)
