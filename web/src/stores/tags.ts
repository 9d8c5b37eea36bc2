import { defineStore } from 'pinia'
import { ref } from 'vue'

/** TagView is one open page in the tab strip. */
export interface TagView {
  path: string
  fullPath: string
  name: string
  title: string // i18n key
  affix?: boolean
  /** label replaces the translated title (a project's name on its page). */
  label?: string
}

export const HOME_TAG: TagView = { path: '/home', fullPath: '/home', name: 'Home', title: 'menu.home', affix: true }

/** useTagsStore keeps the open pages; 首页 is pinned and never closes. */
export const useTagsStore = defineStore('tags', () => {
  const views = ref<TagView[]>([{ ...HOME_TAG }])
  /** refreshSeq re-mounts the current page when bumped (刷新页面). */
  const refreshSeq = ref(0)

  function add(v: TagView) {
    const found = views.value.find((x) => x.path === v.path)
    if (found) {
      found.fullPath = v.fullPath
      return
    }
    views.value.push({ ...v })
  }
  /** setLabel names an open page after what it shows. */
  function setLabel(path: string, label: string) {
    const found = views.value.find((x) => x.path === path)
    if (found) found.label = label
  }
  function index(path: string) {
    return views.value.findIndex((x) => x.path === path)
  }
  function close(path: string) {
    views.value = views.value.filter((x) => x.affix || x.path !== path)
  }
  function closeOthers(path: string) {
    views.value = views.value.filter((x) => x.affix || x.path === path)
  }
  function closeLeft(path: string) {
    const i = index(path)
    views.value = views.value.filter((x, j) => x.affix || j >= i)
  }
  function closeRight(path: string) {
    const i = index(path)
    views.value = views.value.filter((x, j) => x.affix || j <= i)
  }
  function closeAll() {
    views.value = views.value.filter((x) => x.affix)
  }
  function reset() {
    views.value = [{ ...HOME_TAG }]
  }
  function refresh() {
    refreshSeq.value++
  }
  return { views, refreshSeq, add, setLabel, close, closeOthers, closeLeft, closeRight, closeAll, reset, refresh }
})
