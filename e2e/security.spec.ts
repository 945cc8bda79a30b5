import WebSocket from 'ws';
import { CONTENT_SECURITY_POLICY } from '../main/host/content-security-policy.ts';
import { IPC_PROTOCOL, socketProtocols } from '../common/host-socket.ts';
import { allowPageError, expect, newOrder, payCash, test, watchPageErrors } from './fixtures.ts';

type Reply = { id: unknown; result: { ok: boolean; value?: unknown; error?: { code: string; message: string } } };

/** Opens the host's IPC socket as a page from `origin` would, offering `protocols` (the host's token beside the IPC protocol, as its page does). */
function connect(url: string, origin: string, protocols: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + '/ipc', protocols, { origin });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function exchange(socket: WebSocket, frame: string): Promise<Reply> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString()) as Reply));
    socket.send(frame);
  });
}

test('the host answers a badly shaped message with an error naming the field, and keeps serving', async ({ host }) => {
  const socket = await connect(host.url, host.url, socketProtocols(host.token));
  try {
    const noName = await exchange(socket, JSON.stringify({ id: 7, input: {} }));
    expect(noName).toEqual({ id: 7, result: { ok: false, error: { code: 'bad_message', message: expect.stringContaining('name') } } });

    const badId = await exchange(socket, JSON.stringify({ id: { nested: true }, name: 'orders.listActive' }));
    expect(badId.id).toBeNull();
    expect(badId.result.error?.message).toMatch(/^bad message: id: /);

    const notJson = await exchange(socket, '{"id": 1, "name": ');
    expect(notJson.result.error).toEqual({ code: 'bad_message', message: 'message is not valid JSON' });

    const badInput = await exchange(socket, JSON.stringify({ id: 'q1', name: 'orders.create', input: { currency: 'euro' } }));
    expect(badInput.id).toBe('q1');
    expect(badInput.result.error?.code).toBe('invalid_input');
    expect(badInput.result.error?.message).toContain('currency');

    const good = await exchange(socket, JSON.stringify({ id: 8, name: 'orders.listActive', input: {} }));
    expect(good).toEqual({ id: 8, result: { ok: true, value: [] } });
  } finally {
    socket.close();
  }
});

test('the renderer is served with a strict Content-Security-Policy', async ({ host, request }) => {
  const page = await request.get(host.url + '/');
  expect(page.status()).toBe(200);
  expect(page.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(page.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(page.headers()['x-content-type-options']).toBe('nosniff');

  const escape = await request.get(host.url + '/..%2f..%2fpackage.json');
  expect(escape.status()).toBe(404);

  // The built page repeats it as a meta tag, the fallback should a page come without the header.
  const html = await page.text();
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  expect(meta).toBe(CONTENT_SECURITY_POLICY.replace(/; frame-ancestors 'none'$/, ''));
});

test('without the header, the meta tag alone keeps inline script out, and the built page runs under it', async ({ page, host }) => {
  await page.route(`${host.url}/**`, async (route) => {
    const response = await route.fetch();
    const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => name !== 'content-security-policy'));
    await route.fulfill({ response, headers });
  });
  const refusals: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refusals.push(message.text());
  });
  await page.goto(host.appUrl);
  // The UI rendered: its script and stylesheet loaded under the meta policy alone. (Chromium
  // refuses the IPC socket to a page served by Playwright's route, a local-network check, so the
  // app does not get ready here; the other specs run it with the header and the meta tag.)
  await expect(page.getByRole('heading', { name: 'Counter POS' })).toBeVisible();
  expect(await page.evaluate('fetch(location.href).then((r) => r.headers.get("content-security-policy"))')).toBeNull();
  expect(refusals, 'what the built page itself loads is allowed').toEqual([]);
  const outcome = await page.evaluate(`new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve({ ran: window.__inlineRan === true, directive: e.violatedDirective }), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    setTimeout(() => resolve({ ran: window.__inlineRan === true, directive: null }), 2000); // no policy refused it
  })`);
  expect(outcome).toEqual({ ran: false, directive: expect.stringMatching(/^script-src/) });
});

test("in the browser host no shell prints silently: the receipt goes to the browser's print dialog", async ({ app }) => {
  await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await payCash(payment, '12.50');
  await payment.getByTestId('complete-sale').click();
  // The dialog itself would block the page: count the calls instead (evaluate is not bound by the CSP).
  await app.evaluate('window.__prints = 0; window.print = () => { window.__prints += 1; }');
  await editor.getByTestId('print-receipt').click();
  await expect.poll(() => app.evaluate('window.__prints')).toBe(1);
  await expect(editor.getByTestId('print-receipt')).toBeEnabled();
  await expect(editor.getByTestId('error')).toHaveCount(0);
});

test('the page runs under that policy: inline script is blocked, the app still works', async ({ app }) => {
  // Chromium logs the refusal this spec provokes.
  allowPageError(app, /^Executing inline script violates the following Content Security Policy directive 'script-src/);
  // Page-side code as a string: the node tsconfig has no DOM types.
  const outcome = await app.evaluate(`new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve({ ran: window.__inlineRan === true, directive: e.violatedDirective }), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
  })`);
  expect(outcome).toEqual({ ran: false, directive: expect.stringMatching(/^script-src/) });
  expect(await app.evaluate('typeof window.pos.invoke')).toBe('function');
  await expect(app.getByTestId('new-order')).toBeEnabled();
});

test('a WebSocket from another origin is refused', async ({ host }) => {
  await expect(connect(host.url, 'http://evil.example', socketProtocols(host.token))).rejects.toThrow('HTTP 403');
  await expect(connect(host.url, host.url.replace('127.0.0.1', '127.0.0.2'), socketProtocols(host.token))).rejects.toThrow('HTTP 403');
  const ours = await connect(host.url, host.url, socketProtocols(host.token));
  ours.close();
});

test("a program forging the page's Origin without this start's token is refused", async ({ host }) => {
  await expect(connect(host.url, host.url, [])).rejects.toThrow('HTTP 401');
  await expect(connect(host.url, host.url, [IPC_PROTOCOL])).rejects.toThrow('HTTP 401');
  await expect(connect(host.url, host.url, socketProtocols(host.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))))).rejects.toThrow('HTTP 401');
});

test('a page opened without the token gets no socket; the printed address works, and a reload keeps working with the token out of the address bar', async ({ page, context, host }) => {
  // Another tab, opened on the bare origin: its socket is refused (its own sessionStorage holds no token).
  const bare = await context.newPage();
  // Chromium's words for the host's 401.
  const refused = bare.waitForEvent('console', (message) => /WebSocket connection to '.*\/ipc' failed: HTTP Authentication failed/.test(message.text()));
  await bare.goto(host.url);
  await expect(bare.getByRole('heading', { name: 'Counter POS' })).toBeVisible();
  await refused;
  await bare.close();

  const expectNoPageErrors = watchPageErrors(page);
  await page.goto(host.appUrl);
  await expect(page.getByTestId('app-ready')).toBeVisible();
  expect(page.url()).toBe(`${host.url}/`);
  await page.reload();
  await expect(page.getByTestId('app-ready')).toBeVisible();
  expect(await page.evaluate("window.pos.invoke('orders.listActive', {})")).toEqual({ ok: true, value: [] });
  expectNoPageErrors();

  // A restarted host's address pasted into the open tab changes only the fragment: the page takes
  // the token it carries (here a stale one, which the host then refuses) instead of keeping its own.
  const refusedNow = page.waitForEvent('console', (message) => /WebSocket connection to '.*\/ipc' failed: HTTP Authentication failed/.test(message.text()));
  await page.evaluate("location.hash = '#t=stale-token'");
  await refusedNow;
  expect(await page.evaluate("[sessionStorage.getItem('counter-pos.host-token'), location.hash]")).toEqual(['stale-token', '']);
});
