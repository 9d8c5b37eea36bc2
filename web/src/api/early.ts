// Calls started by index.html before the application's code has arrived.
//
// On a fresh load the code takes a while to come and run; the calls the first page needs
// first (who is signed in, and on the dashboard its figures) do not depend on it. So a small
// script in index.html starts them at once and leaves them in window.__strideEarly; the
// request wrapper then takes such a call over instead of sending the same one again. The
// contract with that script:
//   - each entry is a GET of url (path and query exactly as the wrapper builds them) sent
//     with Accept: application/json, Accept-Language lang and the session cookie, so that
//     its answer is the one the wrapper's own call would have had;
//   - res is the fetch's promise; a failed fetch rejects it, as the wrapper's fetch would.
// A call is handed over once. Whatever the first page has not taken when it has been set
// up is dropped (dropEarlyCalls), so that no later page reads an answer from the past.

/** EarlyCall is one call index.html started. */
export interface EarlyCall {
  url: string
  lang: string
  res: Promise<Response>
}

declare global {
  interface Window {
    __strideEarly?: EarlyCall[]
  }
}

/** takeEarlyCall hands over the early call to url made in lang, at most once; undefined
 * when there is none. */
export function takeEarlyCall(url: string, lang: string): Promise<Response> | undefined {
  if (typeof window === 'undefined') return undefined
  const calls = window.__strideEarly
  if (!calls) return undefined
  const i = calls.findIndex((c) => c.url === url && c.lang === lang)
  if (i < 0) return undefined
  return calls.splice(i, 1)[0].res
}

/** dropEarlyCalls forgets the early calls nobody has taken. */
export function dropEarlyCalls(): void {
  if (typeof window !== 'undefined') delete window.__strideEarly
}
