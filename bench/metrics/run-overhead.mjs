// 3. Round trip of `pass`: the app's runtime client vs raw postMessage + runPythonAsync
// in a bare worker. Each sample is the median of `calls` sequential round trips.

export async function runOverhead(env, calls = 200) {
  const ctx = await env.browser.newContext();
  try {
    const appPage = await ctx.newPage();
    await appPage.goto(env.appURL);
    await appPage.evaluate(() => globalThis.__codeact.python.run('1+1'));
    const barePage = await ctx.newPage();
    await barePage.goto(env.bareURL);
    await barePage.evaluate(() => globalThis.bareReady);

    const app = [];
    const bare = [];
    for (let i = 0; i < env.runs; i++) {
      app.push(
        await appPage.evaluate(async (n) => {
          const t = [];
          for (let k = 0; k < n; k++) {
            const s = performance.now();
            await globalThis.__codeact.python.run('pass');
            t.push(performance.now() - s);
          }
          t.sort((a, b) => a - b);
          return t[Math.floor(n / 2)];
        }, calls),
      );
      bare.push(
        await barePage.evaluate(async (n) => {
          const t = [];
          for (let k = 0; k < n; k++) {
            const s = performance.now();
            await globalThis.bare.run('pass');
            t.push(performance.now() - s);
          }
          t.sort((a, b) => a - b);
          return t[Math.floor(n / 2)];
        }, calls),
      );
    }
    return { app, bare };
  } finally {
    await ctx.close();
  }
}
