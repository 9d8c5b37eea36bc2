/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import type { OutputBundle, OutputChunk } from 'rolldown'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

/** routeAssets fills the routeAssets table of index.html's early-start script: for each
 * address (a path the app opens by URL), the JavaScript and CSS files of the given source
 * modules (the route's components) and of everything they import statically, less what
 * index.html loads anyway. The script hints them to the browser on a fresh load of that
 * address, so that the page's code comes while the application's own is still loading,
 * instead of after it has run and the router has asked for it. */
function routeAssets(routes: Record<string, string[]>): Plugin {
  const MARK = '/*route-assets*/ {}'
  return {
    name: 'stride-route-assets',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!html.includes(MARK)) throw new Error('index.html lost its route-assets mark')
        if (!ctx.bundle) return html.replace(MARK, '{}') // dev server: nothing built to hint
        const chunks = Object.values(ctx.bundle as OutputBundle).filter((c): c is OutputChunk => c.type === 'chunk')
        const byFile = new Map(chunks.map((c) => [c.fileName, c]))
        const closure = (roots: OutputChunk[]) => {
          const js = new Set<string>()
          const css = new Set<string>()
          const visit = (c: OutputChunk) => {
            if (js.has(c.fileName)) return
            js.add(c.fileName)
            for (const f of c.viteMetadata?.importedCss ?? []) css.add(f)
            for (const f of c.imports) visit(byFile.get(f)!)
          }
          roots.forEach(visit)
          return { js, css }
        }
        const initial = closure(chunks.filter((c) => c.isEntry))
        const table: Record<string, { js: string[]; css: string[] }> = {}
        for (const [path, modules] of Object.entries(routes)) {
          const roots = modules.map((m) => {
            const c = chunks.find((c) => c.facadeModuleId?.endsWith(m))
            if (!c) throw new Error(`no chunk of ${m} for ${path}`)
            return c
          })
          const { js, css } = closure(roots)
          table[path] = {
            js: [...js].filter((f) => !initial.js.has(f)).map((f) => '/' + f),
            css: [...css].filter((f) => !initial.css.has(f)).map((f) => '/' + f),
          }
        }
        return html.replace(MARK, JSON.stringify(table))
      },
    },
  }
}

// The build output is committed and checked for staleness by rebuilding, so nothing here may
// depend on time, absolute paths or machine state: hashed names come from content only.
export default defineConfig({
  plugins: [
    vue(),
    routeAssets({
      '/dashboard': ['/src/components/layout/AppLayout.vue', '/src/views/dashboard/DashboardView.vue'],
    }),
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: 'src/auto-imports.d.ts',
    }),
    Components({
      resolvers: [ElementPlusResolver()],
      dirs: [],
      dts: 'src/components.d.ts',
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.spec.ts'],
    // Element Plus ships its styles as .css imports that Node cannot load: let Vite handle them.
    server: { deps: { inline: ['element-plus'] } },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
})
