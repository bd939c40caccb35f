export { type CchcAppOptions, createApp } from './app.js';
