import { createApp } from 'vue';
import App from './App.vue';
import { createLabRouter } from './router';
import { prefetchPages } from './router/routes';
import { provideApi } from './api/provide';
import { useApi } from './api/client';
import './styles/theme.css';
import './styles/base.css';

const app = createApp(App);
provideApi(app, useApi());
const router = createLabRouter();
app.use(router);
app.mount('#app');
// Once the first page is up, load the other pages' chunks while the user reads it.
void router.isReady().then(() => {
  const idle = (globalThis as { requestIdleCallback?: (callback: () => void) => void }).requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 200));
  idle(() => void prefetchPages());
});
