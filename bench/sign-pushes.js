// Writes N distinct pre-signed bank pushes, one per line, for bench/push-load.lua:
//   METHOD \t PATH \t X-Client-Id \t X-Timestamp \t X-Signature \t BODY
// Usage: node sign-pushes.js CLIENT_ID SECRET N SERIAL_PREFIX TARGETS_JSON > pushes.tsv
// TARGETS_JSON: [{"accountNo": "...", "contracts": ["C1", ...]}, ...]; push i goes to target i % targets.
// Every group of 4 pushes on one target: a loan disbursement, the LOAN credit that settles it (naming its
// serial; under load it may land before the disbursement, which the service must also match), and two
// DOWN_PAYMENT credits. Timestamps are "now" (+ CLOCK_SHIFT_SECONDS), so the file is good for ~300 s.
const crypto = require('crypto');
const fs = require('fs');
const [clientId, secret, nArg, prefix, targetsFile] = process.argv.slice(2);
const n = Number(nArg);
const targets = JSON.parse(fs.readFileSync(targetsFile, 'utf8'));
const ts = Math.floor(Date.now() / 1000) + Number(process.env.CLOCK_SHIFT_SECONDS || 0);
const at = new Date((ts + 8 * 3600) * 1000).toISOString().replace(/\.\d+Z$/, '+08:00'); // service zone +08:00
const out = [];
for (let i = 0; i < n; i++) {
  const t = targets[i % targets.length];
  const k = Math.floor(i / targets.length);            // index of this push on its target
  const contractNo = t.contracts[Math.floor(k / 4) % t.contracts.length];
  const amount = (1000 + (i % 997) * 13 + 0.25).toFixed(2);
  const loanSerial = `${prefix}D${i - (k % 4) * targets.length}`;
  let path, body;
  switch (k % 4) {
    case 0:
      path = '/api/v1/bank/loan-disbursements';
      body = { serialNo: loanSerial, contractNo, accountNo: t.accountNo, amount: '250000.00',
               loanType: 'COMMERCIAL', disbursedAt: at };
      break;
    case 1:
      path = '/api/v1/bank/account-transactions';
      body = { serialNo: `${prefix}T${i}`, accountNo: t.accountNo, direction: 'CREDIT', amount: '250000.00',
               purpose: 'LOAN', bookedAt: at, contractNo, disbursementSerialNo: loanSerial };
      break;
    default:
      path = '/api/v1/bank/account-transactions';
      body = { serialNo: `${prefix}T${i}`, accountNo: t.accountNo, direction: 'CREDIT', amount,
               purpose: 'DOWN_PAYMENT', bookedAt: at, contractNo, counterpartyName: 'Buyer ' + k };
  }
  const raw = JSON.stringify(body);
  const sig = crypto.createHmac('sha256', secret).update(`${ts}\nPOST\n${path}\n${raw}`).digest('hex');
  out.push(['POST', path, clientId, ts, 'v1=' + sig, raw].join('\t'));
}
process.stdout.write(out.join('\n') + '\n');
