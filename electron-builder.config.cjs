// Packaging of the desktop app with electron-builder (README "Building an installer": `npm run dist`).
// The fuses are flipped in the packaged Electron binary before it is signed (https://www.electronjs.org/docs/latest/tutorial/fuses):
// the app never runs as plain Node (workers are worker_threads, not process.fork), takes no NODE_OPTIONS or
// --inspect arguments, encrypts its cookie store, loads its code only from app.asar and checks that archive's
// integrity (macOS, Windows), and the file:// scheme gets no extra privileges (the page is served from app://).
// tests/main/packaging.test.ts holds this file to that.

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.plasticitylab.desktop',
  productName: 'Plasticity Lab',
  directories: { output: 'dist', buildResources: 'build' },
  // The electron-vite build (out/: main, workers, preload, renderer) and the example data sets; production
  // dependencies are added by electron-builder, native ones (better-sqlite3) rebuilt for Electron and kept unpacked.
  files: ['out/**', 'resources/examples/**', 'package.json', '!**/*.map'],
  asar: true,
  asarUnpack: ['**/*.node'],
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: { target: ['AppImage', 'deb'], category: 'Science', maintainer: 'Plasticity Lab' },
  mac: { target: ['dmg'], category: 'public.app-category.education', hardenedRuntime: true },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false },
};
