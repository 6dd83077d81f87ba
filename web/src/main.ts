/** Entry point: mounts the dashboard into index.html's #app. */
import { h, render } from 'preact';
import { App } from './app.js';

const root = document.getElementById('app');
if (root !== null) render(h(App, null), root);
