#!/usr/bin/env node
// Writes the pgbench script of the service's push mix from the service's own statements
// (src/main/resources/sql/push.sql), so the ceiling bench/push-load.sh measures is the SQL the service runs.
//
//   node bench/push-pgbench.js src/main/resources/sql/push.sql >push.pgbench.sql
//
// One pgbench "transaction" is one group of four pushes, exactly as bench/sign-pushes.js makes them (a loan
// notice, the LOAN credit that settles it, two DOWN_PAYMENT credits), each push its own transaction, each
// running the statements the service runs for it, in its order. The service binds its values; here each
// :name parameter is replaced by an SQL expression: a literal for what is the same in every push, a pgbench
// variable for what varies (:p, :c, :s, :n, :d from \set; project_id, contract_id, matched_id carried over
// from an earlier statement's row with \gset, as the service carries them in Java). Expressions never hold a
// colon followed by a name (pgbench would take it for a variable): E'\x3A' stands for one. The script works
// with -M simple and -M prepared. :projects is set by bench/push-load.sh (-D projects=N); contracts
// BENCH-p-1..10 exist there.
'use strict';
const fs = require('fs');

const file = fs.readFileSync(process.argv[2] || 'src/main/resources/sql/push.sql', 'utf8');
const statements = {};
let current = null;
for (const line of file.split('\n')) {
  if (line.startsWith('-- name:')) {
    current = line.slice('-- name:'.length).trim();
    statements[current] = [];
  } else if (current) {
    statements[current].push(line);
  }
}

/** A statement with its comments left out and each :name replaced by values[name] (a missing one is an error). */
function statement(name, values) {
  if (!statements[name]) throw new Error(`push.sql has no statement ${name}`);
  const sql = statements[name].join('\n').trim().replace(/;$/, '');
  let out = '';
  for (let i = 0; i < sql.length;) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      let end = sql.indexOf(c, i + 1);
      while (end >= 0 && sql[end + 1] === c) end = sql.indexOf(c, end + 2);
      end = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, end); i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i); i = end < 0 ? sql.length : end; // a comment: left out
    } else if (c === ':' && sql[i + 1] === ':') {
      out += '::'; i += 2;
    } else if (c === ':' && /[A-Za-z_]/.test(sql[i + 1] || '')) {
      let end = i + 1;
      while (end < sql.length && /[A-Za-z0-9_]/.test(sql[end])) end++;
      const param = sql.slice(i + 1, end);
      if (!(param in values)) throw new Error(`no value for :${param} of ${name}`);
      out += values[param]; i = end;
    } else {
      out += c; i++;
    }
  }
  return out.split('\n').filter(l => l.trim() !== '').join('\n');
}

/** A text literal; a colon is written E'\x3A' so that pgbench does not read a variable in it. */
const text = s => s === null ? 'NULL' : "E'" + s.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/:/g, '\\x3A') + "'";
const json = o => text(JSON.stringify(o));

const common = {
  account_no: '(6222000000 + :p)::text', contract_no: "'BENCH-' || :p || '-' || :c", now: 'now()',
  actor: text('client:bench-bank'), content_hash: "repeat('0', 64)", project_id: ':project_id',
};
const notice = {
  ...common, lender: "'BENCHBK'", serial: "'PGB-D' || :s", contract_id: ':contract_id', amount: '250000.00',
  loan_type: "'COMMERCIAL'", disbursed_at: 'now()', due_at: "now() + interval '31 days'",
  action: "'LOAN_DISBURSEMENT_PUSHED'",
  details: json({lenderCode: 'BENCHBK', contractNo: 'BENCH-1-1', amount: '250000.00', dueAt: '2026-12-30T00:00+08:00'}),
};
const credit = (serial, amount, purpose, extra) => ({
  ...common, bank: "'BENCHBK'", serial, direction: "'CREDIT'", amount, signed_amount: `(${amount})`, purpose: `'${purpose}'`,
  booked_at: 'now()', notice_serial: 'NULL', lender: 'NULL', counterparty_name: 'NULL', counterparty_account_no: 'NULL',
  reverses: 'NULL', release_no: 'NULL', payment_notice_no: 'NULL', matched_id: 'NULL', action: "'ACCOUNT_TRANSACTION_PUSHED'", ...extra,
});
const loan = credit("'PGB-L' || :s", '250000.00', 'LOAN', {
  notice_serial: "'PGB-D' || :s", lender: "'BENCHBK'", matched_id: ':matched_id',
  details: json({bankCode: 'BENCHBK', accountNo: '6222000001', direction: 'CREDIT', amount: '250000.00', purpose: 'LOAN',
    matchedDisbursement: 'PGB-D1', lenderCode: 'BENCHBK', reverses: null}),
});
const downPayment = buyer => credit("'PGB-P' || :s || '-' || :n", ':d + 0.25', 'DOWN_PAYMENT', {
  counterparty_name: text(buyer),
  details: json({bankCode: 'BENCHBK', accountNo: '6222000001', direction: 'CREDIT', amount: '1000.25',
    purpose: 'DOWN_PAYMENT', matchedDisbursement: null, lenderCode: null, reverses: null}),
});

const out = [
  '-- Written by bench/push-pgbench.js from src/main/resources/sql/push.sql: do not edit.',
  '\\set p random(1, :projects)', '\\set c random(1, 10)', '\\set s random(1, 1000000000000000)',
  '-- 1. The loan notice',
  'BEGIN;', statement('notice-target', notice) + ' \\gset', statement('add-notice', notice) + ';', 'END;',
  '-- 2. The LOAN credit that settles it',
  'BEGIN;', statement('transaction-target', loan) + ';', statement('named-notice', loan) + ' \\gset',
  statement('add-transaction', loan) + ';', 'END;',
];
for (const [n, buyer] of [[1, 'Buyer 1'], [2, 'Buyer 2']]) {
  out.push(`-- ${n + 2}. A DOWN_PAYMENT credit`, `\\set n ${n}`, '\\set d random(1000, 13000)',
    'BEGIN;', statement('transaction-target', downPayment(buyer)) + ';', statement('add-transaction', downPayment(buyer)) + ';', 'END;');
}
process.stdout.write(out.join('\n') + '\n');
