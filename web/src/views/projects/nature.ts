import type { Nature, Project } from '@/api'

const yearOf = (d: string | null | undefined) => (d ? Number(d.slice(0, 4)) : 0)

/** natureIn derives a project's nature in a year (新开工/续建/竣工/前期/预备) from its stage and
 * start and end dates, as the server does for list rows; GET /projects/{id} leaves it empty. */
export function natureIn(
  p: Pick<Project, 'stage' | 'start_actual' | 'start_planned' | 'end_actual' | 'end_planned'>,
  year: number,
): Nature {
  const start = yearOf(p.start_actual || p.start_planned)
  const end = yearOf(p.end_actual || p.end_planned)
  if (end && end < year && (p.stage === 'completed' || p.stage === 'production')) return ''
  if (start && start === year) return 'new'
  if (start && start < year && end === year) return 'completing'
  if (start && start < year) return 'continuing'
  if (p.stage === 'planning' || p.stage === 'reserve') return 'reserve'
  return 'preliminary'
}
