// A bank that does not give up: sends PUSHES distinct signed pushes with WORKERS concurrent workers and
// retries every push that gets no 2xx (connection refused/reset, timeout, 5xx) until it does, re-signed
// with a fresh timestamp and the same body, as banks do. Node 20, no dependencies.
//
//   URLS=http://127.0.0.1:18491 CLIENT_ID=rel-bank SECRET=... TARGETS=targets.json PUSHES=10000 \
//   PREFIX=C1- WORKERS=4 LEDGER=ledger.tsv node bench/retrying-pusher.js > summary.json
//
// TARGETS: [{"accountNo": "...", "contracts": ["C1", ...]}, ...]; push i goes to target i % targets.
// PLAN=mixed (default): on each account, in every 10 pushes: a loan disbursement, the LOAN credit that
//   settles it (naming its serial), 5 DOWN_PAYMENT credits and 3 OTHER debits (cents vary).
// PLAN=disbursements: every push is a loan disbursement (nothing settles them).
// MIRROR=1: each push goes to every URL at once with the same signature (duplicate pushes), each copy
//   retried on its own until 2xx. Otherwise push i goes to URLS[i % URLS.length].
// DEADLINE_S (default 1200): gives up after that long; TIMEOUT_MS (default 10000) per request.
// LEDGER: one line per push: serial, kind (T|D), accountNo, signed amount, attempts, final status, 201s seen.
// stdout: a JSON summary (counts per outcome, retries, outages, expected balance per account).
// Exit 1 if any push was not acknowledged, or was refused with a 4xx (which no retry can fix).
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');

const env = (k, d) => process.env[k] ?? d;
const urls = env('URLS').split(',').map((u) => new URL(u));
const clientId = env('CLIENT_ID'), secret = env('SECRET'), prefix = env('PREFIX');
const targets = JSON.parse(fs.readFileSync(env('TARGETS'), 'utf8'));
const n = Number(env('PUSHES')), workers = Number(env('WORKERS', 4));
const mirror = env('MIRROR', '0') === '1', plan = env('PLAN', 'mixed');
const deadline = Date.now() + 1000 * Number(env('DEADLINE_S', 1200));
const timeoutMs = Number(env('TIMEOUT_MS', 10000));
const agents = urls.map(() => new http.Agent({ keepAlive: true, maxSockets: workers }));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cents = (c) => (c < 0 ? '-' : '') + (Math.abs(c) / 100).toFixed(2); // c is an integer number of cents

// ---------------------------------------------------------------- the plan: N distinct pushes, built up front
const at = new Date(Date.now() + 8 * 3600e3 - 60e3).toISOString().replace(/\.\d+Z$/, '+08:00'); // a minute ago, +08:00
const pushes = [];
const expected = {}; // accountNo -> {cents, entries}: what the books must say afterwards
for (let i = 0; i < n; i++) {
  const t = targets[i % targets.length], k = Math.floor(i / targets.length), slot = plan === 'disbursements' ? 0 : k % 10;
  const contractNo = t.contracts[Math.floor(k / 10) % t.contracts.length];
  const loanSerial = `${prefix}D${i - (slot === 1 ? targets.length : 0)}`;
  let path, body, delta = 0;
  if (slot === 0) {
    path = '/api/v1/bank/loan-disbursements';
    body = { serialNo: loanSerial, contractNo, accountNo: t.accountNo, amount: '250000.00', loanType: 'COMMERCIAL', disbursedAt: at };
  } else {
    path = '/api/v1/bank/account-transactions';
    const credit = slot <= 6;
    delta = slot === 1 ? 25000000 : credit ? 100000 + (i % 997) * 1301 + (i * 37) % 100 : -(10000 + (i % 389) * 701 + (i * 53) % 100);
    body = { serialNo: `${prefix}T${i}`, accountNo: t.accountNo, direction: credit ? 'CREDIT' : 'DEBIT', amount: cents(Math.abs(delta)),
             purpose: slot === 1 ? 'LOAN' : credit ? 'DOWN_PAYMENT' : 'OTHER', bookedAt: at, contractNo };
    if (slot === 1) body.disbursementSerialNo = loanSerial;
  }
  const e = (expected[t.accountNo] ??= { cents: 0, entries: 0 });
  if (slot !== 0) { e.cents += delta; e.entries++; }
  pushes.push({ serial: body.serialNo, kind: slot === 0 ? 'D' : 'T', accountNo: t.accountNo, delta, path,
                raw: JSON.stringify(body), attempts: 0, status: 0, created: 0 });
}

// ---------------------------------------------------------------- sending
const stats = { requests: 0, retries: 0, outcomes: {}, status503: 0, status503WithoutProblemOrRetryAfter: 0, refused4xx: [] };
const ackSeconds = new Map(); // epoch second -> 2xx count, to find the outages afterwards
const count = (k) => { stats.outcomes[k] = (stats.outcomes[k] || 0) + 1; };

function send(u, agent, path, raw) {
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = crypto.createHmac('sha256', secret).update(`${ts}\nPOST\n${path}\n${raw}`).digest('hex');
  return new Promise((resolve) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method: 'POST', agent, timeout: timeoutMs,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(raw),
                 'X-Client-Id': clientId, 'X-Timestamp': ts, 'X-Signature': 'v1=' + sig } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      res.on('error', (e) => resolve({ error: e.code || e.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (e) => resolve({ error: e.code || e.message }));
    req.end(raw);
  });
}

// One copy of a push to one URL, until 2xx (or a 4xx, or the deadline). Returns the final status.
async function deliver(p, ui) {
  for (let attempt = 0; ; attempt++) {
    if (Date.now() > deadline) return 0;
    if (attempt > 0) stats.retries++;
    p.attempts++; stats.requests++;
    const r = await send(urls[ui], agents[ui], p.path, p.raw);
    if (r.error) { count('error ' + r.error); await sleep(Math.min(2000, 100 * 2 ** attempt)); continue; }
    count(String(r.status));
    if (r.status >= 200 && r.status < 300) {
      if (r.status === 201) p.created++;
      const s = Math.floor(Date.now() / 1000);
      ackSeconds.set(s, (ackSeconds.get(s) || 0) + 1);
      return r.status;
    }
    if (r.status === 503) {
      stats.status503++;
      const problem = /^application\/problem\+json/.test(r.headers['content-type'] || '') && r.text.includes('/problems/service-unavailable');
      if (!problem || !r.headers['retry-after']) stats.status503WithoutProblemOrRetryAfter++;
    }
    if (r.status >= 400 && r.status < 500) { stats.refused4xx.push(`${p.serial} ${r.status} ${r.text.slice(0, 200)}`); return r.status; }
    // 5xx: wait as told (Retry-After, at most 10 s), else back off.
    const after = Number(r.headers['retry-after']);
    await sleep(after > 0 ? Math.min(after, 10) * 1000 : Math.min(2000, 100 * 2 ** attempt));
  }
}

let next = 0, done = 0;
async function worker() {
  while (next < n) {
    const i = next++, p = pushes[i];
    const finals = mirror ? await Promise.all(urls.map((_, ui) => deliver(p, ui))) : [await deliver(p, i % urls.length)];
    p.status = finals.every((s) => s >= 200 && s < 300) ? finals[0] : finals.find((s) => !(s >= 200 && s < 300));
    done++;
  }
}

const t0 = Date.now();
const progress = setInterval(() => process.stderr.write(`[pusher] ${done}/${n} pushes done, ${stats.retries} retries, ` +
  `outcomes ${JSON.stringify(stats.outcomes)}\n`), 5000);
Promise.all(Array.from({ length: workers }, worker)).then(() => {
  clearInterval(progress);
  agents.forEach((a) => a.destroy());
  const seconds = (Date.now() - t0) / 1000;
  // Outages: runs of 2 s or more in which no push was acknowledged.
  const outages = [];
  const first = Math.floor(t0 / 1000), last = Math.floor(Date.now() / 1000);
  for (let s = first, gap = null; s <= last + 1; s++) {
    if (!ackSeconds.has(s) && s <= last) { gap ??= s; continue; }
    if (gap !== null && s - gap >= 2) outages.push({ from: new Date(gap * 1000).toISOString(), seconds: s - gap });
    gap = null;
  }
  fs.writeFileSync(env('LEDGER'), pushes.map((p) => [p.serial, p.kind, p.accountNo, cents(p.delta), p.attempts, p.status, p.created].join('\t')).join('\n') + '\n');
  const acked = pushes.filter((p) => p.status >= 200 && p.status < 300).length;
  const createdHist = {};
  pushes.forEach((p) => { createdHist[p.created] = (createdHist[p.created] || 0) + 1; });
  const summary = {
    pushes: n, acknowledged: acked, notAcknowledged: n - acked, workers, mirror, seconds,
    requests: stats.requests, retries: stats.retries, pushesRetried: pushes.filter((p) => p.attempts > (mirror ? urls.length : 1)).length,
    outcomes: stats.outcomes, status503: stats.status503, status503WithoutProblemOrRetryAfter: stats.status503WithoutProblemOrRetryAfter,
    refused4xx: stats.refused4xx.slice(0, 20), refused4xxCount: stats.refused4xx.length,
    pushesBy201Count: createdHist, outages,
    expected: Object.fromEntries(Object.entries(expected).map(([a, e]) => [a, { balance: cents(e.cents), entries: e.entries }])),
  };
  process.stdout.write(JSON.stringify(summary, null, 1) + '\n');
  process.exit(acked === n && stats.refused4xx.length === 0 ? 0 : 1);
});
