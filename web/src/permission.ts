import type { Directive } from 'vue'
import { useUserStore } from '@/stores/user'

/** vHasPermi removes an element unless the user holds one of the listed keys:
 * v-hasPermi="['system:user:create']". The server still checks every call. */
export const vHasPermi: Directive<HTMLElement, string[] | string> = {
  mounted(el, binding) {
    const user = useUserStore()
    if (!user.can(binding.value)) el.parentNode?.removeChild(el)
  },
}
