import * as api from '@/api'
import type { ID, Light } from '@/api'

// Lights are fetched on hover; a short cache keeps a table's tooltips from asking twice.
const cache = new Map<ID, { at: number; p: Promise<Light[]> }>()
const TTL = 30_000

/** loadLights returns a project's lights with reasons, cached for half a minute. */
export function loadLights(id: ID): Promise<Light[]> {
  const hit = cache.get(id)
  if (hit && Date.now() - hit.at < TTL) return hit.p
  const p = api.getProjectLights(id, true)
  cache.set(id, { at: Date.now(), p })
  p.catch(() => cache.delete(id))
  return p
}

/** forgetLights drops cached lights after a change that may move them. */
export function forgetLights(id?: ID): void {
  if (id === undefined) cache.clear()
  else cache.delete(id)
}
