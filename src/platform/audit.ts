import type { Queryable } from '../db/database.ts'
import { newId } from '../db/ids.ts'

export interface AuditEntry {
  actorId: string | null
  action: string
  subjectType: string
  subjectId?: string | null
  /** What changed, without personal data or secrets: ids, field names, reasons. */
  details?: Record<string, string | number | boolean | null | string[]>
}

/** Records a privileged action. Call it inside the same transaction as the change it describes. */
export async function audit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: new Date().toISOString(),
      actor_id: entry.actorId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute()
}
