import { reactive } from 'vue'
import { ApiError } from '@/api/request'

/** useFieldErrors keeps the server's field errors for showing next to form fields:
 * <el-form-item :error="errors.name">. */
export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({})
  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
  }
  /** take copies an ApiError's fields; returns true when there were any. */
  function take(e: unknown): boolean {
    clear()
    if (e instanceof ApiError && Object.keys(e.fields).length > 0) {
      Object.assign(errors, e.fields)
      return true
    }
    return false
  }
  return { errors, clear, take }
}
