import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';

describe('the hosted app', () => {
  it('answers GET /health', async () => {
    const response = await buildApp().request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', name: 'cchc-api' });
  });
});
