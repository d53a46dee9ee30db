import base from '/work/wt/wllama/playwright.config';
export default { ...base, testDir: '/work/wt/wllama/test/e2e', webServer: { ...base.webServer, command: `node scripts/serve.mjs --port ${process.env.E2E_PORT}` } };
