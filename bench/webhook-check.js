// Checks what the webhook receiver recorded (bench/webhook-receiver.js) against the signing-events feed:
// every delivery signed under SECRET for CLIENT_ID and TARGET, every body the feed's event of its seq,
// every event taken, first takes in ascending seq, and which events were received more than once
// (at least once: only those whose answer was lost to a killed service may repeat). Node 20.
//
//   LOG=deliveries.jsonl FEED=feed.json SECRET=... CLIENT_ID=... TARGET=/hooks/... node bench/webhook-check.js
//
// Prints a summary; exit 1 on any failed check. ALLOWED_REPEATS: how many events may arrive twice.
const crypto = require('crypto');
const fs = require('fs');

const env = (k, d) => process.env[k] ?? d;
const lines = fs.existsSync(env('LOG')) ? fs.readFileSync(env('LOG'), 'utf8').split('\n').filter(Boolean) : [];
const deliveries = lines.map((l) => JSON.parse(l)).sort((a, b) => a.n - b.n);
const feed = JSON.parse(fs.readFileSync(env('FEED'), 'utf8'));
const secret = env('SECRET'), clientId = env('CLIENT_ID'), target = env('TARGET');
const allowedRepeats = Number(env('ALLOWED_REPEATS', 0));
const bySeq = new Map(feed.map((e) => [e.seq, e]));
const failures = [];
const fail = (m) => failures.push(m);

for (const d of deliveries) {
  const expected = 'v1=' + crypto.createHmac('sha256', secret)
    .update(`${d.timestamp}\n${d.method}\n${d.target}\n${d.body}`).digest('hex');
  if (d.method !== 'POST' || d.target !== target || d.clientId !== clientId) fail(`delivery ${d.n}: ${d.method} ${d.target} as ${d.clientId}`);
  if (d.signature !== expected) fail(`delivery ${d.n} (seq ${d.seq}): signature does not verify`);
  if (!String(d.contentType).startsWith('application/json')) fail(`delivery ${d.n}: content type ${d.contentType}`);
  const event = bySeq.get(d.seq);
  if (!event) fail(`delivery ${d.n}: seq ${d.seq} is not in the feed`);
  else if (JSON.stringify(JSON.parse(d.body)) !== JSON.stringify(event)) fail(`delivery ${d.n}: body differs from the feed's event ${d.seq}`);
}
const ok = deliveries.filter((d) => d.answer >= 200 && d.answer < 300);
const taken = ok.filter((d) => d.answered);
const firstTakes = [];
const seen = new Set();
for (const d of taken) if (!seen.has(d.seq)) { seen.add(d.seq); firstTakes.push(d.seq); }
const feedSeqs = feed.map((e) => e.seq);
if (JSON.stringify(firstTakes) !== JSON.stringify(feedSeqs)) fail(`taken ${JSON.stringify(firstTakes)}, feed ${JSON.stringify(feedSeqs)}`);
const receipts = new Map();
for (const d of ok) receipts.set(d.seq, (receipts.get(d.seq) || 0) + 1);
const repeated = [...receipts].filter(([, n]) => n > 1).map(([s, n]) => `${s} x${n}`);
const lost = ok.filter((d) => !d.answered).map((d) => d.seq);
if (repeated.length > allowedRepeats) fail(`more events arrived twice than answers were lost: ${repeated.join(', ')}`);
for (const [s] of [...receipts].filter(([, n]) => n > 1)) if (!lost.includes(s)) fail(`seq ${s} arrived twice though its answer was sent`);

const refused = deliveries.filter((d) => d.answer >= 300).length;
console.log(`events in the feed: ${feed.length} (seq ${feedSeqs[0]}..${feedSeqs[feedSeqs.length - 1]})`);
console.log(`requests received: ${deliveries.length}; answered non-2xx (retried): ${refused}; 2xx answers lost to a killed sender: ${lost.length} (seq ${lost.join(', ') || '-'})`);
console.log(`events taken: ${seen.size}, first takes in ascending seq: ${JSON.stringify(firstTakes) === JSON.stringify([...firstTakes].sort((a, b) => a - b))}`);
console.log(`events received twice with a 2xx answer: ${repeated.join(', ') || 'none'}`);
console.log(`signatures verified: ${deliveries.length - failures.filter((f) => f.includes('signature')).length}/${deliveries.length}; bodies equal to the feed: ${failures.some((f) => f.includes('body')) ? 'NO' : 'yes'}`);
if (failures.length) { console.log('FAILED:\n  ' + failures.join('\n  ')); process.exit(1); }
console.log('every check passed');
