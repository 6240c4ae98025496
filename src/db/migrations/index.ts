import type { Migration } from 'kysely'
import * as foundation from './0001_foundation.ts'
import * as subjects from './0002_subjects.ts'
import * as institutionsRegistry from './0003_institutions_registry.ts'
import * as applications from './0004_applications.ts'
import * as profilesPartners from './0005_profiles_partners.ts'
import * as partnerSearchSpeed from './0006_partner_search_speed.ts'
import * as partnerSearchIndexes from './0007_partner_search_indexes.ts'
import * as partnerSearchPrefix from './0008_partner_search_prefix.ts'
import * as partnerSearchDocFacets from './0009_partner_search_doc_facets.ts'
import * as projects from './0010_projects.ts'
import * as projectGallery from './0012_project_gallery.ts'
import * as events from './0016_events.ts'
import * as consortiaNetworks from './0020_consortia_networks.ts'
import * as portal from './0030_portal.ts'
import * as siteSearch from './0032_site_search.ts'
import * as jobClaims from './0033_job_claims.ts'
import * as sessionsSecondFactor from './0034_sessions_second_factor.ts'
import * as attemptCounters from './0035_attempt_counters.ts'
import * as calendarRanges from './0036_calendar_ranges.ts'

/** Append-only list of migrations; the key order is the run order. Never edit a migration that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_subjects': subjects,
  '0003_institutions_registry': institutionsRegistry,
  '0004_applications': applications,
  '0005_profiles_partners': profilesPartners,
  '0006_partner_search_speed': partnerSearchSpeed,
  '0007_partner_search_indexes': partnerSearchIndexes,
  '0008_partner_search_prefix': partnerSearchPrefix,
  '0009_partner_search_doc_facets': partnerSearchDocFacets,
  '0010_projects': projects,
  '0012_project_gallery': projectGallery,
  '0016_events': events,
  '0020_consortia_networks': consortiaNetworks,
  '0030_portal': portal,
  '0032_site_search': siteSearch,
  '0033_job_claims': jobClaims,
  '0034_sessions_second_factor': sessionsSecondFactor,
  '0035_attempt_counters': attemptCounters,
  '0036_calendar_ranges': calendarRanges,
}
