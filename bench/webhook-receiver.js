// The signing system's end of the signing webhook, for bench/webhook-restart-test.sh and the 30-day
// drill: records every delivery as one JSON line in LOG (when it arrived, what it was answered, whether
// the answer could still be sent) and checks nothing itself. Node 20, no dependencies.
//
//   PORT=18092 LOG=deliveries.jsonl node bench/webhook-receiver.js
//
// POST /control {"answer": 204, "delayMs": 0} changes how the following deliveries are answered
// (status, and a wait before answering). GET /control answers the settings and the number of deliveries.
// Every other request is a delivery: {n, seq, target, clientId, timestamp, signature, contentType, body,
// answer, answered} where answered is false when the sender was gone before the answer (a killed service).
const fs = require('fs');
const http = require('http');

const port = Number(process.env.PORT || 18092);
const log = process.env.LOG || 'deliveries.jsonl';
let settings = { answer: 204, delayMs: 0 };
let count = 0;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.url === '/control') {
      if (req.method === 'POST') settings = { ...settings, ...JSON.parse(body) };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ...settings, deliveries: count }));
      return;
    }
    const n = ++count;
    let seq = null;
    try { seq = JSON.parse(body).seq; } catch (e) { /* recorded as null */ }
    const { answer, delayMs } = settings;
    let gone = false; // the sender closed the connection before our answer (it was killed, say)
    res.on('close', () => { if (!res.writableEnded) gone = true; });
    const record = (answered) => fs.appendFileSync(log, JSON.stringify({
      n, seq, at: new Date().toISOString(), method: req.method, target: req.url,
      clientId: req.headers['x-client-id'], timestamp: req.headers['x-timestamp'], signature: req.headers['x-signature'],
      contentType: req.headers['content-type'], body, answer, answered }) + '\n');
    setTimeout(() => {
      if (!gone && res.socket && !res.socket.destroyed) {
        res.writeHead(answer);
        res.end();
        record(true);
      } else {
        record(false);
      }
    }, delayMs);
  });
});
server.listen(port, '127.0.0.1', () => console.error(`webhook receiver on 127.0.0.1:${port}, log ${log}`));
