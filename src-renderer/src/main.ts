import { createApp } from 'vue';
import App from './App.vue';
import { createLabRouter } from './router';
import { provideApi } from './api/provide';
import { useApi } from './api/client';
import './styles/theme.css';
import './styles/base.css';

const app = createApp(App);
provideApi(app, useApi());
app.use(createLabRouter());
app.mount('#app');
